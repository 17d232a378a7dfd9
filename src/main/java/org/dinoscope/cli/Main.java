package org.dinoscope.cli;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dinoscope} command. */
@Command(name = "dinoscope", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Morphological profiles of microscopy images with self-supervised vision transformers.",
        subcommands = {DemoCommand.class, EmbedCommand.class, AttentionCommand.class, LayoutCommand.class, SynthCommand.class, TrainCommand.class,
                ProfileCommand.class,
                EvaluateCommand.class, PlotCommand.class, InfoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output and error streams (tests read them). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        EngineSetup.configure();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Users get the message, which names the file and the problem; a stack trace only on request.
            cmd.getErr().println("dinoscope: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("DINOSCOPE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** Version from the build. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"DINOscope " + Version.get()};
        }
    }
}
