package org.dinoscope.embed;

import java.util.List;

import org.dinoscope.image.Tiling.Crop;

/**
 * Last-block CLS-to-patch attention per head for every crop of a field, and the same stitched back to
 * the field's pixels (each patch's weight repeated over its patch x patch pixels, as DINO's
 * visualisation upsamples with nearest neighbours; pixels outside every crop are NaN).
 */
public record CropAttention(int width, int height, int cropSize, int patch, int heads, List<Crop> crops,
                            float[][] maps) {

    public int grid() {
        return cropSize / patch;
    }

    /** Attention of crop i, head h, over the patch grid, row-major. */
    public float[] map(int crop, int head) {
        int g = grid() * grid();
        return java.util.Arrays.copyOfRange(maps[crop], head * g, (head + 1) * g);
    }

    /**
     * The field-sized map of one head, or of the mean over heads when {@code head < 0}.
     * Row-major, width fastest.
     */
    public float[] stitched(int head) {
        int g = grid() * grid();
        float[][] perCrop = new float[crops.size()][g];
        for (int i = 0; i < crops.size(); i++) {
            for (int p = 0; p < g; p++) {
                perCrop[i][p] = value(i, head, p);
            }
        }
        return stitch(perCrop);
    }

    /**
     * The stitched map of one head (or the head mean) with every patch set to 0 except, per crop, the
     * highest-attention patches that together hold at least {@code fraction} of the crop's patch attention
     * (DINO's visualize_attention.py threshold: sort, normalise, cumulative sum, keep where it exceeds
     * 1 - fraction).
     */
    public float[] thresholded(int head, double fraction) {
        int g = grid() * grid();
        float[][] kept = new float[crops.size()][];
        for (int i = 0; i < crops.size(); i++) {
            float[] v = new float[g];
            double total = 0;
            for (int p = 0; p < g; p++) {
                v[p] = value(i, head, p);
                total += v[p];
            }
            Integer[] order = new Integer[g];
            for (int p = 0; p < g; p++) {
                order[p] = p;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(v[a], v[b]));
            float[] masked = new float[g];
            double cum = 0;
            for (int r = 0; r < g; r++) {
                cum += v[order[r]] / total;
                if (cum > 1 - fraction) {
                    masked[order[r]] = v[order[r]];
                }
            }
            kept[i] = masked;
        }
        return stitch(kept);
    }

    private float[] stitch(float[][] perCrop) {
        float[] out = new float[width * height];
        java.util.Arrays.fill(out, Float.NaN);
        int g = grid();
        for (int i = 0; i < crops.size(); i++) {
            Crop c = crops.get(i);
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    float v = perCrop[i][gy * g + gx];
                    for (int y = 0; y < patch; y++) {
                        int row = (c.y() + gy * patch + y) * width + c.x() + gx * patch;
                        java.util.Arrays.fill(out, row, row + patch, v);
                    }
                }
            }
        }
        return out;
    }

    private float value(int crop, int head, int patchIndex) {
        int g = grid() * grid();
        if (head >= 0) {
            return maps[crop][head * g + patchIndex];
        }
        float s = 0;
        for (int h = 0; h < heads; h++) {
            s += maps[crop][h * g + patchIndex];
        }
        return s / heads;
    }
}
