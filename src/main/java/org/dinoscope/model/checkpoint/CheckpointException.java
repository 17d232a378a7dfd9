package org.dinoscope.model.checkpoint;

import java.io.IOException;

/**
 * A checkpoint that cannot be read, or that this reader refuses to read. The message always names the file and,
 * where it applies, the entry, tensor or pickle global at fault, so that it can be shown to the user as is.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
