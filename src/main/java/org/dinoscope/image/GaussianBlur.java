package org.dinoscope.image;

/**
 * Separable Gaussian smoothing of a 2-D plane with mirrored borders. Hand-written because ImgLib2's
 * Gauss3 lives in imglib2-algorithm, which is not on Maven Central.
 */
public final class GaussianBlur {
    private GaussianBlur() {
    }

    /** Smooths {@code plane} (row-major, width x height) with standard deviation sigma, in place. */
    public static void blur(float[] plane, int offset, int width, int height, double sigma) {
        if (sigma <= 0) {
            return;
        }
        float[] kernel = kernel(sigma);
        int r = kernel.length / 2;
        float[] line = new float[Math.max(width, height)];
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < width; x++) {
                line[x] = convolve(plane, row, 1, width, x, kernel, r);
            }
            System.arraycopy(line, 0, plane, row, width);
        }
        for (int x = 0; x < width; x++) {
            int col = offset + x;
            for (int y = 0; y < height; y++) {
                line[y] = convolve(plane, col, width, height, y, kernel, r);
            }
            for (int y = 0; y < height; y++) {
                plane[col + y * width] = line[y];
            }
        }
    }

    private static float convolve(float[] a, int start, int step, int n, int i, float[] kernel, int r) {
        double s = 0;
        for (int k = -r; k <= r; k++) {
            s += kernel[k + r] * a[start + mirror(i + k, n) * step];
        }
        return (float) s;
    }

    private static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }
}
