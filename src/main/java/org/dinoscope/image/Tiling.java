package org.dinoscope.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Non-overlapping square crops anchored at the top-left corner; the remainder at the right and bottom
 * is dropped, as the reference code of the papers does.
 */
public final class Tiling {
    private Tiling() {
    }

    /** Top-left corner of a crop. */
    public record Crop(int x, int y) {
    }

    /** Crops in row-major order (left to right, then top to bottom). */
    public static List<Crop> crops(int width, int height, int size) {
        List<Crop> out = new ArrayList<>();
        for (int y = 0; y + size <= height; y += size) {
            for (int x = 0; x + size <= width; x += size) {
                out.add(new Crop(x, y));
            }
        }
        return out;
    }
}
