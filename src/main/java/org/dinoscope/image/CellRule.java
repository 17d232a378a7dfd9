package org.dinoscope.image;

/**
 * DESIGN.md's rule for "this region has cells" (CellPaintSSL's crop filter): at least 1 % of the region's
 * DNA pixels exceed 0.7 x the field's Otsu threshold, the threshold computed on every 10th pixel in both
 * directions as CellPaintSSL's {@code generate_cellcrops} does. Embedding filters crops with it, training
 * picks fields and crops with it.
 */
public final class CellRule {
    private static final double OTSU_FACTOR = 0.7;
    private static final double MIN_FRACTION = 0.01;
    private static final int SUBSAMPLE = 10;

    private CellRule() {
    }

    /** 0.7 x the Otsu threshold of channel {@code c}, sampled every 10th pixel. */
    public static double threshold(Field f, int c) {
        int w = (f.width() + SUBSAMPLE - 1) / SUBSAMPLE;
        int h = (f.height() + SUBSAMPLE - 1) / SUBSAMPLE;
        float[] sample = new float[w * h];
        int i = 0;
        for (int y = 0; y < f.height(); y += SUBSAMPLE) {
            for (int x = 0; x < f.width(); x += SUBSAMPLE) {
                sample[i++] = f.value(c, x, y);
            }
        }
        return OTSU_FACTOR * Otsu.threshold(sample, 0, sample.length);
    }

    /** Whether the region [x, x+w) x [y, y+h) of channel {@code c} has cells under {@code threshold}. */
    public static boolean hasCells(Field f, int c, double threshold, int x0, int y0, int w, int h) {
        long above = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if (f.value(c, x, y) > threshold) {
                    above++;
                }
            }
        }
        return above >= MIN_FRACTION * w * h;
    }
}
