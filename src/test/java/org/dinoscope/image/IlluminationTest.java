package org.dinoscope.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IlluminationTest {
    /** A field lit by a left-to-right ramp: value = base x (0.5 + x / width). */
    private static Field ramped(float base) {
        int w = 64;
        int h = 32;
        float[] d = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = base * (0.5f + (float) x / w);
            }
        }
        return new Field("f", null, d, w, h, 1, PixelType.UINT16);
    }

    @Test
    void functionsHaveMeanOneAndDividingFlattensTheRamp() {
        Illumination acc = new Illumination(64, 32, 1);
        acc.add(ramped(1000));
        acc.add(ramped(3000));
        float[] f = acc.functions(2);
        double mean = 0;
        for (float v : f) {
            mean += v / f.length;
        }
        assertEquals(1.0, mean, 1e-4);
        Field field = ramped(2000);
        Illumination.apply(field, f);
        // away from the borders (mirrored smoothing bends the ramp there) the corrected field is flat
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 56; x++) {
                lo = Math.min(lo, field.value(0, x, y));
                hi = Math.max(hi, field.value(0, x, y));
            }
        }
        assertTrue(hi / lo < 1.01, "corrected range " + lo + ".." + hi);
    }

    @Test
    void percentileClippingCapsTheBrightestPixels() {
        float[] d = new float[100];
        for (int i = 0; i < 100; i++) {
            d[i] = i;
        }
        Field f = new Field("f", null, d, 10, 10, 1, PixelType.UINT16);
        Illumination.clipPercentile(f, 90);
        assertEquals(89f, f.value(0, 9, 9));
        assertEquals(50f, f.value(0, 0, 5));
    }
}
