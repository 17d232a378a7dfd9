package org.dinoscope.embed;

import java.io.IOException;

/** A field that cannot be embedded; the message names the file and the reason. */
public final class FieldException extends IOException {
    public FieldException(String message) {
        super(message);
    }
}
