package org.dinoscope.embed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The last block's CLS-to-patch attention of a field, per head, on a grid of {@code gridW} x {@code gridH}
 * patches anchored at the field's top-left corner (DINO's visualize_attention cuts the field there to a multiple
 * of the patch size). Normally one forward pass saw the whole grid; when the field did not fit in memory
 * ({@code tiled}) each 224 px crop was its own pass. The field's pixels right of and below the grid are NaN.
 *
 * <p>Values are given as <b>multiples of uniform</b>: a patch's attention times the number of patches of its
 * pass, so 1.0 is what every patch would get if the CLS token looked everywhere alike. Raw softmax values
 * shrink as the field grows (they share one unit of mass among more patches); this unit does not, so one
 * colour scale reads the same across fields, crops and models. Over a pass the unit's mean is the patches'
 * share of the mass (the CLS-to-CLS entry and any register tokens take the rest), at most 1.
 *
 * @param passes    the regions, in patches, that went through the network together
 * @param attention raw softmax attention, [heads, gridH, gridW] row-major
 */
public record FieldAttention(int width, int height, int patch, int heads, int gridW, int gridH, List<Pass> passes,
                             float[] attention, boolean tiled) {

    /** A region of the grid, in patches, that one forward pass saw. */
    public record Pass(int x, int y, int width, int height) {
        int patches() {
            return width * height;
        }
    }

    /** How a patch map becomes pixels: DINO's nearest neighbour (blocks) or bilinear (smooth). */
    public enum Upsample {
        NEAREST, BILINEAR;

        public static Upsample parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown upsampling '" + s + "' (nearest, bilinear)");
            }
        }
    }

    /** Raw attention of head {@code h} (or the mean of heads when h < 0) over the grid, row-major. */
    public float[] raw(int head) {
        int g = gridW * gridH;
        if (head >= 0) {
            return Arrays.copyOfRange(attention, head * g, (head + 1) * g);
        }
        float[] mean = new float[g];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < g; i++) {
                mean[i] += attention[h * g + i] / heads;
            }
        }
        return mean;
    }

    /** Head {@code h} (h < 0: mean of heads) over the grid in multiples of uniform. */
    public float[] multipleOfUniform(int head) {
        float[] v = raw(head);
        for (Pass p : passes) {
            forEach(p, i -> v[i] *= p.patches());
        }
        return v;
    }

    /**
     * {@link #multipleOfUniform} with every patch set to 0 except, per pass, the highest-attention patches that
     * together hold at least {@code fraction} of the pass's patch attention (DINO's visualize_attention.py
     * threshold: sort ascending, normalise, cumulative sum, keep where it exceeds 1 - fraction).
     */
    public float[] thresholded(int head, double fraction) {
        float[] v = multipleOfUniform(head);
        float[] kept = new float[v.length];
        for (Pass p : passes) {
            Integer[] order = new Integer[p.patches()];
            int[] n = {0};
            forEach(p, i -> order[n[0]++] = i);
            Arrays.sort(order, (a, b) -> Float.compare(v[a], v[b]));
            double total = 0;
            for (int i : order) {
                total += v[i];
            }
            double cum = 0;
            for (int i : order) {
                cum += v[i] / total;
                if (cum > 1 - fraction) {
                    kept[i] = v[i];
                }
            }
        }
        return kept;
    }

    /**
     * Head {@code h} (h < 0: mean of heads) as field pixels in multiples of uniform, DINO's mass threshold applied
     * when {@code fraction > 0}: what the stack slices and overlays show.
     */
    public float[] shown(int head, double fraction, Upsample mode) {
        return pixels(fraction > 0 ? thresholded(head, fraction) : multipleOfUniform(head), mode);
    }

    /**
     * A grid map as field pixels, row-major: each patch's value over its patch x patch pixels (nearest, as DINO
     * upsamples), or interpolated between patch centres (bilinear, as PyTorch's align_corners=False, clamped at
     * the grid's edges); NaN right of and below the grid.
     */
    public float[] pixels(float[] grid, Upsample mode) {
        float[] out = new float[width * height];
        Arrays.fill(out, Float.NaN);
        for (int y = 0; y < gridH * patch; y++) {
            for (int x = 0; x < gridW * patch; x++) {
                out[y * width + x] = mode == Upsample.NEAREST ? grid[(y / patch) * gridW + x / patch]
                        : bilinear(grid, (x + 0.5) / patch - 0.5, (y + 0.5) / patch - 0.5);
            }
        }
        return out;
    }

    private float bilinear(float[] grid, double gx, double gy) {
        double cx = Math.max(0, Math.min(gridW - 1, gx));
        double cy = Math.max(0, Math.min(gridH - 1, gy));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, gridW - 1);
        int y1 = Math.min(y0 + 1, gridH - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = grid[y0 * gridW + x0] * (1 - fx) + grid[y0 * gridW + x1] * fx;
        double bottom = grid[y1 * gridW + x0] * (1 - fx) + grid[y1 * gridW + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    private void forEach(Pass p, IntConsumer f) {
        for (int y = p.y(); y < p.y() + p.height(); y++) {
            for (int x = p.x(); x < p.x() + p.width(); x++) {
                f.accept(y * gridW + x);
            }
        }
    }
}
