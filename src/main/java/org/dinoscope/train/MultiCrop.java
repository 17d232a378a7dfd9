package org.dinoscope.train;

import java.util.SplittableRandom;

/**
 * DINO's multi-crop views of one image: torchvision's RandomResizedCrop (area fraction from a scale range,
 * aspect ratio log-uniform in [3/4, 4/3], 10 tries then the centred fallback, bilinear resize as
 * {@code align_corners=False}), horizontal and vertical flips (microscopy has no up or left), and per-channel
 * intensity jitter after Kim et al. 2025: with probability 0.8 a channel becomes
 * {@code a * v + b * mean(v)}, a in [0.8, 1.2], b in [-0.2, 0.2] (contrast and brightness relative to the
 * channel's level, since raw fluorescence intensities span very different ranges).
 */
public final class MultiCrop {
    private static final double JITTER_P = 0.8;

    private MultiCrop() {
    }

    /**
     * One view written to {@code dst[at...]}: [channels, size, size] from {@code image} ([channels][h * w]
     * values already scaled), channels picked by {@code channels} (indices into image). The scale range is a
     * fraction of the field's area, as torchvision's, or, with {@code reference > 0}, of a reference square of that
     * side (at most the field's area), so that on fields of many sizes a crop covers the same number of pixels
     * (the cells' size) as the 224 px tiles {@code embed} cuts at the native resolution.
     */
    public static void view(float[][] image, int w, int h, int[] channels, int size, double scaleMin,
                            double scaleMax, int reference, boolean jitter, SplittableRandom rng, float[] dst, int at) {
        double area = reference > 0 ? Math.min((double) w * h, (double) reference * reference) : (double) w * h;
        int cw = 0;
        int ch = 0;
        int x0 = 0;
        int y0 = 0;
        boolean found = false;
        for (int attempt = 0; attempt < 10 && !found; attempt++) {
            double target = area * (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
            double logRatio = Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * rng.nextDouble();
            double ratio = Math.exp(logRatio);
            cw = (int) Math.round(Math.sqrt(target * ratio));
            ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                x0 = rng.nextInt(w - cw + 1);
                y0 = rng.nextInt(h - ch + 1);
                found = true;
            }
        }
        if (!found) {
            cw = Math.min(w, h);
            ch = cw;
            x0 = (w - cw) / 2;
            y0 = (h - ch) / 2;
        }
        boolean flipX = rng.nextBoolean();
        boolean flipY = rng.nextBoolean();
        double sx = (double) cw / size;
        double sy = (double) ch / size;
        for (int k = 0; k < channels.length; k++) {
            float[] src = image[channels[k]];
            int o = at + k * size * size;
            double sum = 0;
            for (int y = 0; y < size; y++) {
                double fy = Math.max((y + 0.5) * sy - 0.5, 0);
                int yA = Math.min((int) fy, ch - 1);
                int yB = Math.min(yA + 1, ch - 1);
                double wy = fy - yA;
                int ty = flipY ? size - 1 - y : y;
                for (int x = 0; x < size; x++) {
                    double fx = Math.max((x + 0.5) * sx - 0.5, 0);
                    int xA = Math.min((int) fx, cw - 1);
                    int xB = Math.min(xA + 1, cw - 1);
                    double wx = fx - xA;
                    int rowA = (y0 + yA) * w + x0;
                    int rowB = (y0 + yB) * w + x0;
                    double v = (1 - wy) * ((1 - wx) * src[rowA + xA] + wx * src[rowA + xB])
                            + wy * ((1 - wx) * src[rowB + xA] + wx * src[rowB + xB]);
                    int tx = flipX ? size - 1 - x : x;
                    dst[o + ty * size + tx] = (float) v;
                    sum += v;
                }
            }
            if (jitter && rng.nextDouble() < JITTER_P) {
                float a = (float) (0.8 + 0.4 * rng.nextDouble());
                float b = (float) ((rng.nextDouble() * 0.4 - 0.2) * sum / (size * size));
                for (int i = o; i < o + size * size; i++) {
                    dst[i] = a * dst[i] + b;
                }
            }
        }
    }
}
