package org.dinoscope.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OtsuTest {
    @Test
    void twoLevelsSplitBetweenThem() {
        // 0..255 over 256 bins: bin centres are v + 0.5; the best cut keeps the low level below.
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 700 ? 10 : 200;
        }
        v[0] = 0;
        v[1] = 255;
        double t = Otsu.threshold(v, 0, v.length);
        assertEquals(true, t > 10 && t < 200, "threshold " + t);
    }

    @Test
    void matchesTheHistogramDefinitionOnAHandWorkedExample() {
        // values 0, 1, 2, 3 once each and 7 twice; [0, 7] in 256 bins of width 7/256.
        // Cuts between {0,1,2,3} and {7,7}: between-class variance is largest there (worked by hand below).
        float[] v = {0, 1, 2, 3, 7, 7};
        double width = 7.0 / 256;
        // the bin holding 3 is floor(3 / width) = 109; its centre is the threshold
        assertEquals((109 + 0.5) * width, Otsu.threshold(v, 0, v.length), 1e-12);
    }

    @Test
    void respectsOffsetAndLength() {
        float[] v = {1000, 1000, 0, 0, 0, 9, 9, 9, -5};
        double t = Otsu.threshold(v, 2, 6);
        assertEquals(true, t > 0 && t < 9, "threshold " + t);
    }
}
