package org.dinoscope.embed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of an output folder by one run. An operating-system lock on {@code .dinoscope.lock} (a
 * {@link FileChannel} lock, not a pid file), so a second run into the same folder, from this process or
 * another, is refused at once, and the lock goes with the process however it ends, {@code kill -9} included.
 */
public final class OutputLock implements AutoCloseable {
    public static final String FILE = ".dinoscope.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder (creating it), or throws an IOException naming it when another run holds it. */
    public static OutputLock acquire(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException(folder + ": --out names an existing file, but a plate run writes a folder (field, "
                    + "well and failure tables); choose a folder");
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) { // held by this process
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException(folder + ": another DINOscope run is writing into this folder (it holds " + file
                    + "); wait for it to finish or choose another --out folder");
        }
        return new OutputLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
