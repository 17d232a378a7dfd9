package org.dinoscope.cli;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output and error streams (tests read them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        EngineSetup.configure();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Users get the message, which names the file and the problem; a stack trace only on request.
            cmd.getErr().println("dinoscope: " + message(e));
            if (System.getenv("DINOSCOPE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * The user's message for an exception: its own, except for the JDK's file-system exceptions, whose message
     * is only the path.
     */
    static String message(Exception e) {
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            String what = e instanceof FileAlreadyExistsException
                    ? "is in the way: a file or folder already exists there (check --out)"
                    : e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NotDirectoryException ? "is not a folder"
                    : e.getClass().getSimpleName();
            return fs.getFile() + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Version from the build. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"DINOscope " + Version.get()};
        }
    }
}
