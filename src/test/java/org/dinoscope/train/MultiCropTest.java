package org.dinoscope.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The crop scale is a fraction of the field, or of a reference square: crops of one pixel size on any field. */
class MultiCropTest {

    /** Width in field pixels covered by a view of a field whose value is its x coordinate. */
    private static double span(int w, int h, double scale, int reference, long seed) {
        float[] ramp = new float[w * h];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % w;
        }
        float[] dst = new float[32 * 32];
        MultiCrop.view(new float[][] {ramp}, w, h, new int[] {0}, 32, scale, scale, reference, false,
                new SplittableRandom(seed), dst, 0);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : dst) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    @Test
    void aReferenceSquareFixesTheCropsPixelSize() {
        for (long seed = 0; seed < 20; seed++) {
            // area 0.5 of a 100 px square: about 71 px, aspect 3/4..4/3 -> width 61..82 px, on small and large fields
            for (int side : new int[] {300, 1200}) {
                double s = span(side, side, 0.5, 100, seed);
                assertTrue(s > 55 && s < 82, side + " px field, seed " + seed + ": " + s);
            }
            // torchvision's rule: the same fraction of a 1200 px field is about 850 px wide
            double whole = span(1200, 1200, 0.5, 0, seed);
            assertTrue(whole > 700, "seed " + seed + ": " + whole);
            // a field smaller than the reference: the fraction of the field itself
            double small = span(80, 80, 0.5, 100, seed);
            assertTrue(small < 66, "seed " + seed + ": " + small);
        }
    }
}
