package org.dinoscope.testutil;

import java.nio.file.Path;

import org.dinoscope.embed.OutputLock;

/** A child process for tests: takes the output lock of the folder in args[0], says so, and waits to be killed. */
public final class HoldOutputLock {
    private HoldOutputLock() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
