package org.dinoscope.image;

import java.util.Arrays;

/**
 * Per-plate illumination correction, the CellProfiler recipe (CorrectIlluminationCalculate "Regular",
 * "Each" over the plate, then CorrectIlluminationApply "Divide"): per channel, the mean over the plate's
 * fields, smoothed, normalised to mean 1; each field is divided by it.
 */
public final class Illumination {
    private final int width;
    private final int height;
    private final int channels;
    private final double[] sum;
    private int count;

    public Illumination(int width, int height, int channels) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.sum = new double[width * height * channels];
    }

    /** Adds a field to the plate mean. */
    public void add(Field f) {
        if (f.width() != width || f.height() != height || f.channels() != channels) {
            throw new IllegalArgumentException(f.describe() + ": " + f.width() + "x" + f.height() + "x" + f.channels()
                    + " differs from the plate's " + width + "x" + height + "x" + channels);
        }
        float[] d = f.data();
        for (int i = 0; i < d.length; i++) {
            sum[i] += d[i];
        }
        count++;
    }

    /**
     * The correction functions, channel planes one after another, each with mean 1.
     *
     * @param sigma smoothing in pixels (CellProfiler's default is a large filter; a 20th of the field is used
     *              when sigma is not positive)
     */
    public float[] functions(double sigma) {
        if (count == 0) {
            throw new IllegalStateException("no field added");
        }
        double s = sigma > 0 ? sigma : Math.max(width, height) / 20.0;
        float[] f = new float[sum.length];
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                f[c * plane + i] = (float) (sum[c * plane + i] / count);
            }
            GaussianBlur.blur(f, c * plane, width, height, s);
            double mean = 0;
            for (int i = 0; i < plane; i++) {
                mean += f[c * plane + i];
            }
            mean /= plane;
            for (int i = 0; i < plane; i++) {
                // a channel that is dark everywhere has nothing to correct
                f[c * plane + i] = mean > 0 ? (float) Math.max(f[c * plane + i] / mean, 1e-3) : 1f;
            }
        }
        return f;
    }

    /** Divides the field by the functions, in place. */
    public static void apply(Field field, float[] functions) {
        float[] d = field.data();
        if (d.length != functions.length) {
            throw new IllegalArgumentException(field.describe() + ": size differs from the plate's illumination function");
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= functions[i];
        }
    }

    /** Clips each channel of the field at its given percentile (0-100), in place. */
    public static void clipPercentile(Field field, double percentile) {
        int plane = field.width() * field.height();
        float[] d = field.data();
        for (int c = 0; c < field.channels(); c++) {
            float[] sorted = Arrays.copyOfRange(d, c * plane, (c + 1) * plane);
            Arrays.sort(sorted);
            float cap = sorted[(int) Math.min(plane - 1, Math.floor(percentile / 100.0 * (plane - 1)))];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                d[i] = Math.min(d[i], cap);
            }
        }
    }
}
