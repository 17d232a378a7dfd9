package org.dinoscope;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Random;

/**
 * How every result file (table, sidecar, report, TIFF, PNG, checkpoint, model) is written: into a new file
 * beside it, then moved into place in one step, so that a reader never sees half a file and an interrupted run
 * leaves the previous version. The new file is created as any file the user creates (mode 0666 less the umask:
 * 0644 under umask 022), not as a private temporary file (Files.createTempFile's 0600), so colleagues who can
 * read the folder can read the results.
 */
public final class OutputFiles {
    private static final Random NAMES = new SecureRandom();

    /** What fills the new file (which exists, empty, when called). */
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private OutputFiles() {
    }

    /** Writes {@code file} through {@code content}, atomically; creates its folder when needed. */
    public static Path write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = newFileBeside(dir, file.getFileName().toString());
        try {
            content.writeTo(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    /** A new, empty, hidden file in dir, with the default permissions (created with O_EXCL under a fresh name). */
    private static Path newFileBeside(Path dir, String name) throws IOException {
        while (true) {
            Path p = dir.resolve("." + name + "." + Long.toUnsignedString(NAMES.nextLong(), 36) + ".partial");
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                // another writer's file of the same name: draw another
            }
        }
    }
}
