package org.dinoscope.cli;

import java.io.PrintWriter;

import org.dinoscope.ProgressListener;

/** Progress on the terminal: one line, rewritten at most a few times a second. */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final String unit;
    private long lastPrint;
    private boolean printed;

    ConsoleProgress(PrintWriter err, String unit) {
        this.err = err;
        this.unit = unit;
    }

    @Override
    public void progress(long done, long total, String message) {
        long now = System.nanoTime();
        if (done < total && now - lastPrint < 250_000_000L) {
            return;
        }
        lastPrint = now;
        String pct = total > 0 ? String.format(" (%3.0f%%)", 100.0 * done / total) : "";
        err.printf("\r%d/%d %s%s %s   ", done, total, unit, pct, message);
        err.flush();
        printed = true;
    }

    void finish() {
        if (printed) {
            err.println();
        }
    }
}
