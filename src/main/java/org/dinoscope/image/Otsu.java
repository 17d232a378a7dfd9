package org.dinoscope.image;

/**
 * Otsu's threshold over a 256-bin histogram spanning [min, max], the threshold being the centre of the
 * bin that maximises the between-class variance: what CellPaintSSL's crop filter computes (via
 * scikit-image's {@code threshold_otsu} on a float image) and what scikit-image does for float images.
 * Hand-written because imglib2-algorithm is not on Maven Central and ImageJ's versions live outside core
 * and bin differently.
 */
public final class Otsu {
    private static final int BINS = 256;

    private Otsu() {
    }

    /** Threshold of {@code values[offset .. offset + length)}, in the values' own units. */
    public static double threshold(float[] values, int offset, int length) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        if (!(max > min)) {
            return min; // a flat image has no threshold; nothing lies above it
        }
        double binWidth = ((double) max - min) / BINS;
        long[] hist = new long[BINS];
        for (int i = offset; i < offset + length; i++) {
            int b = (int) ((values[i] - min) / binWidth);
            hist[Math.min(b, BINS - 1)]++;
        }
        double total = 0;
        double totalSum = 0;
        for (int b = 0; b < BINS; b++) {
            total += hist[b];
            totalSum += hist[b] * centre(min, binWidth, b);
        }
        // Between-class variance for a cut after bin b, from cumulative weight and sum below the cut.
        double w = 0;
        double s = 0;
        double best = -1;
        int bestIdx = 0;
        for (int b = 0; b < BINS - 1; b++) {
            w += hist[b];
            s += hist[b] * centre(min, binWidth, b);
            double wb = total - w;
            if (w == 0 || wb == 0) {
                continue;
            }
            double diff = s / w - (totalSum - s) / wb;
            double between = w * wb * diff * diff;
            if (between > best) {
                best = between;
                bestIdx = b;
            }
        }
        return centre(min, binWidth, bestIdx);
    }

    private static double centre(double min, double binWidth, int b) {
        return min + (b + 0.5) * binWidth;
    }
}
