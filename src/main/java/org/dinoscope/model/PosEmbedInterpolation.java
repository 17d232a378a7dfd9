package org.dinoscope.model;

/**
 * Resamples the patch part of a learned position embedding to another token grid the way DINO's
 * {@code interpolate_pos_encoding} does: PyTorch's bicubic upsampling (a = -0.75, align_corners=False)
 * called with {@code scale_factor = (grid + 0.1) / sqrt(N)}, where the kernel maps output index i to
 * source coordinate (i + 0.5) / scale - 0.5 and reads neighbours with clamped indices.
 * Written out here because DJL exposes no bicubic interpolation; it runs once per token grid.
 */
public final class PosEmbedInterpolation {
    private static final double A = -0.75;

    private PosEmbedInterpolation() {
    }

    /**
     * @param patchPos patch position embeddings, row-major [srcH * srcW, dim]
     * @return row-major [outH * outW, dim]
     */
    public static float[] dinoResize(float[] patchPos, int srcH, int srcW, int dim, int outH, int outW) {
        if (srcH == outH && srcW == outW) {
            return patchPos.clone();
        }
        // DINO adds 0.1 to the target grid to dodge floating-point rounding of the output size, and
        // PyTorch then uses that scale factor, not the size ratio, to place samples.
        double scaleH = (outH + 0.1) / srcH;
        double scaleW = (outW + 0.1) / srcW;
        return bicubic(patchPos, srcH, srcW, dim, outH, outW, 1.0 / scaleH, 1.0 / scaleW);
    }

    /** Bicubic resampling with explicit source steps (output index i reads (i + 0.5) * step - 0.5). */
    static float[] bicubic(float[] src, int srcH, int srcW, int dim, int outH, int outW, double stepH,
                           double stepW) {
        float[] out = new float[outH * outW * dim];
        for (int oy = 0; oy < outH; oy++) {
            double sy = (oy + 0.5) * stepH - 0.5;
            int y0 = (int) Math.floor(sy);
            double[] wy = weights(sy - y0);
            for (int ox = 0; ox < outW; ox++) {
                double sx = (ox + 0.5) * stepW - 0.5;
                int x0 = (int) Math.floor(sx);
                double[] wx = weights(sx - x0);
                int o = (oy * outW + ox) * dim;
                for (int c = 0; c < dim; c++) {
                    double acc = 0;
                    for (int j = 0; j < 4; j++) {
                        int yy = clamp(y0 - 1 + j, srcH);
                        double row = 0;
                        for (int i = 0; i < 4; i++) {
                            int xx = clamp(x0 - 1 + i, srcW);
                            row += wx[i] * src[(yy * srcW + xx) * dim + c];
                        }
                        acc += wy[j] * row;
                    }
                    out[o + c] = (float) acc;
                }
            }
        }
        return out;
    }

    private static double[] weights(double t) {
        return new double[] {near(t + 1), inner(t), inner(1 - t), near(2 - t)};
    }

    /** Keys cubic convolution for |x| <= 1. */
    private static double inner(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Keys cubic convolution for 1 < |x| < 2. */
    private static double near(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
