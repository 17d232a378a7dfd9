package org.dinoscope.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of this process (Linux VmHWM), which counts the native PyTorch allocations that
 * the Java heap statistics never see. Falls back to the JVM's heap use elsewhere.
 */
public final class PeakMemory {
    private PeakMemory() {
    }

    public static long residentPeakBytes() {
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the heap figure
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
