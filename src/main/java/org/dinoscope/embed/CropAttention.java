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
        float[] out = new float[width * height];
        java.util.Arrays.fill(out, Float.NaN);
        int g = grid();
        for (int i = 0; i < crops.size(); i++) {
            Crop c = crops.get(i);
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    float v = value(i, head, gy * g + gx);
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
