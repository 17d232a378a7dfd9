package org.dinoscope.image;

/** What a user may ask for when a field is smaller than one crop: zero padding or upscaling. */
public final class FieldResizing {
    private FieldResizing() {
    }

    /** Pads with zeros at the right and bottom up to at least {@code size} in both directions. */
    public static Field padTo(Field f, int size) {
        int w = Math.max(size, f.width());
        int h = Math.max(size, f.height());
        float[] out = new float[w * h * f.channels()];
        for (int c = 0; c < f.channels(); c++) {
            for (int y = 0; y < f.height(); y++) {
                System.arraycopy(f.data(), f.offset(c) + y * f.width(), out, c * w * h + y * w, f.width());
            }
        }
        return new Field(f.name(), f.source(), out, w, h, f.channels(), f.pixelType());
    }

    /**
     * Scales up, keeping the aspect ratio, so that the shorter side becomes {@code size} (bilinear,
     * pixel centres aligned as in PyTorch's align_corners=False).
     */
    public static Field scaleUpTo(Field f, int size) {
        double s = (double) size / Math.min(f.width(), f.height());
        int w = Math.max(size, (int) Math.round(f.width() * s));
        int h = Math.max(size, (int) Math.round(f.height() * s));
        float[] out = new float[w * h * f.channels()];
        double sx = (double) f.width() / w;
        double sy = (double) f.height() / h;
        for (int c = 0; c < f.channels(); c++) {
            for (int y = 0; y < h; y++) {
                double fy = Math.max(0, (y + 0.5) * sy - 0.5);
                int y0 = Math.min((int) fy, f.height() - 1);
                int y1 = Math.min(y0 + 1, f.height() - 1);
                double ty = fy - y0;
                for (int x = 0; x < w; x++) {
                    double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                    int x0 = Math.min((int) fx, f.width() - 1);
                    int x1 = Math.min(x0 + 1, f.width() - 1);
                    double tx = fx - x0;
                    double top = f.value(c, x0, y0) * (1 - tx) + f.value(c, x1, y0) * tx;
                    double bottom = f.value(c, x0, y1) * (1 - tx) + f.value(c, x1, y1) * tx;
                    out[c * w * h + y * w + x] = (float) (top * (1 - ty) + bottom * ty);
                }
            }
        }
        return new Field(f.name(), f.source(), out, w, h, f.channels(), f.pixelType());
    }
}
