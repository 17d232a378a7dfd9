package org.dinoscope.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * How one channel of a field becomes network input before the preset's mean/std normalisation. The papers'
 * presets fix it (uniDINO: / dtype max; CellPaintSSL: / 65535; WS-DINO: clip at 10000, / 10000); DINOscope's
 * own models scale each channel of each field robustly ({@link #PERCENTILE}), so that 8-, 12- and 16-bit, dim
 * and bright acquisitions reach the network on one scale (docs/models.md, "Input scaling").
 */
public enum Scaling {
    /**
     * Divide by the maximum of the pixel type ({@link org.dinoscope.image.PixelType#max}: 255 for uint8, 65535
     * for uint16, 32767 for int16, ...).
     */
    DTYPE_MAX("dtype-max"),
    /** Divide by 65535 whatever the pixel type. */
    UINT16_MAX("uint16-max"),
    /** Clip at 10000, divide by 10000 (WS-DINO). */
    CLIP_10000("clip-10000"),
    /**
     * Per field and channel: the channel's {@value #LOW_PERCENTILE}th percentile (the background) becomes 0 and
     * its {@value #HIGH_PERCENTILE}th (the bright structures) becomes 1; values beyond are kept, not clipped.
     */
    PERCENTILE("percentile");

    /** Percentiles of {@link #PERCENTILE} (numpy's default, linear interpolation between ranks). */
    public static final double LOW_PERCENTILE = 1.0;
    public static final double HIGH_PERCENTILE = 99.9;

    private final String id;

    Scaling(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The map of one channel: {@code (min(raw, clip) - offset) * factor}.
     *
     * @param data     the field's pixels
     * @param from     first pixel of the channel in {@code data}
     * @param length   pixels of the channel
     * @param dtypeMax largest value of the field's pixel type
     */
    public ChannelScale of(float[] data, int from, int length, double dtypeMax) {
        return switch (this) {
            case DTYPE_MAX -> new ChannelScale(0f, (float) (1 / dtypeMax), Float.POSITIVE_INFINITY);
            case UINT16_MAX -> new ChannelScale(0f, 1f / 65535f, Float.POSITIVE_INFINITY);
            case CLIP_10000 -> new ChannelScale(0f, 1f / 10000f, 10000f);
            case PERCENTILE -> {
                double[] q = percentiles(data, from, length, LOW_PERCENTILE, HIGH_PERCENTILE);
                double range = q[1] - q[0];
                // A constant channel has no structure to scale: it becomes 0, not a division by zero.
                yield new ChannelScale((float) q[0], range > 0 ? (float) (1 / range) : 0f, Float.POSITIVE_INFINITY);
            }
        };
    }

    /** An affine map with an upper clip, applied to raw intensities. */
    public record ChannelScale(float offset, float factor, float clip) {
        public float apply(float raw) {
            return (Math.min(raw, clip) - offset) * factor;
        }
    }

    /**
     * Percentiles (0-100) of {@code data[from, from + length)} as numpy's {@code percentile} computes them (linear
     * interpolation between the sorted values at ranks {@code floor} and {@code ceil} of {@code q / 100 * (n - 1)}).
     * Integer images in [0, 65535] (every 8- and 16-bit field) are counted in a histogram instead of sorted.
     */
    public static double[] percentiles(float[] data, int from, int length, double... q) {
        int[] counts = new int[65536];
        boolean integral = true;
        for (int i = from; i < from + length && integral; i++) {
            float v = data[i];
            int k = (int) v;
            if (k != v || k < 0 || k > 65535) {
                integral = false;
            } else {
                counts[k]++;
            }
        }
        IntToDoubleFunction sortedAt;
        if (integral) {
            sortedAt = rank -> valueAt(counts, rank);
        } else {
            float[] sorted = Arrays.copyOfRange(data, from, from + length);
            Arrays.sort(sorted);
            sortedAt = rank -> sorted[rank];
        }
        double[] out = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            double rank = q[j] / 100 * (length - 1);
            int lo = (int) Math.floor(rank);
            double a = sortedAt.applyAsDouble(lo);
            double b = sortedAt.applyAsDouble(Math.min(length - 1, lo + 1));
            out[j] = a + (rank - lo) * (b - a);
        }
        return out;
    }

    /** The value at position {@code rank} of the sorted values a histogram counts. */
    private static int valueAt(int[] counts, int rank) {
        long seen = 0;
        for (int v = 0; v < counts.length; v++) {
            seen += counts[v];
            if (seen > rank) {
                return v;
            }
        }
        throw new IllegalArgumentException("rank " + rank + " beyond " + seen + " values");
    }

    public static Scaling byId(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (Scaling s : values()) {
            if (s.id.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown input scaling '" + id + "'; known: " + ids());
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Scaling::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
