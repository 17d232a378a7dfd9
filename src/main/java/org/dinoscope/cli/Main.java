package org.dinoscope.cli;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dinoscope} command. */
@Command(name = "dinoscope", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Morphological profiles of microscopy images with self-supervised vision transformers.",
        subcommands = {EmbedCommand.class, InfoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        EngineSetup.configure();
        CommandLine cli = new CommandLine(new Main());
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
