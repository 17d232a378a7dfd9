package org.dinoscope.image;

/** The sample type of the source image, which fixes the "dtype max" the presets divide by. */
public enum PixelType {
    UINT8(255.0),
    UINT16(65535.0),
    /** Signed 16-bit samples (TIFF SampleFormat 2) keep their sign; dtype max 32767. */
    INT16(32767.0),
    UINT32(4294967295.0),
    /** Floating-point images are taken as already scaled: dtype max 1. */
    FLOAT32(1.0);

    private final double max;

    PixelType(double max) {
        this.max = max;
    }

    public double max() {
        return max;
    }
}
