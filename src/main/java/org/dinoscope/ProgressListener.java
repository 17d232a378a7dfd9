package org.dinoscope;

/**
 * The one way long work (embedding, training) reports progress and learns it should stop: the CLI maps it
 * to a progress line, Fiji to the status bar and a cancel button.
 */
public interface ProgressListener {
    /** Nothing shown, never cancelled. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * @param done    units finished so far
     * @param total   units in all, or -1 when unknown
     * @param message what is being done, for people
     */
    void progress(long done, long total, String message);

    /** Polled between units of work; true stops the work at the next unit, leaving finished output. */
    default boolean isCancelled() {
        return false;
    }
}
