package org.dinoscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import ai.djl.Device;

import org.dinoscope.engine.EngineSetup;
import org.junit.jupiter.api.Test;

class VisionTransformerTest {
    static {
        EngineSetup.configure();
    }

    private static final VitArchitecture SMALL = new VitArchitecture(64, 2, 2, 16, 1, 128, 14, 14, true, true);

    private static float[] input(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 224 * 224];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    @Test
    void forwardPassesFreeEveryIntermediateArray() {
        try (VisionTransformer v = new VisionTransformer(SMALL, RandomWeights.create(SMALL, 1), Device.cpu())) {
            v.forward(input(2, 1), 2, 224, 224, Pooling.CLS, true); // caches the position table
            int live = v.liveArrays();
            for (int i = 0; i < 5; i++) {
                v.forward(input(3, i), 3, 224, 224, i % 2 == 0 ? Pooling.CLS : Pooling.MEAN_PATCH, i % 2 == 0);
            }
            assertEquals(live, v.liveArrays());
        }
    }

    @Test
    void aCropsResultDoesNotDependOnItsBatch() {
        try (VisionTransformer v = new VisionTransformer(SMALL, RandomWeights.create(SMALL, 2), Device.cpu())) {
            float[] four = input(4, 3);
            float[] alone = v.forward(Arrays.copyOfRange(four, 2 * 224 * 224, 3 * 224 * 224), 1, 224, 224,
                    Pooling.CLS, false).features(0);
            float[] inBatch = v.forward(four, 4, 224, 224, Pooling.CLS, false).features(2);
            assertEquals(64, alone.length);
            for (int k = 0; k < alone.length; k++) {
                assertEquals(alone[k], inBatch[k], 1e-6);
            }
        }
    }

    @Test
    void attentionRowsAreDistributionsOverPatchesAndCls() {
        try (VisionTransformer v = new VisionTransformer(SMALL, RandomWeights.create(SMALL, 4), Device.cpu())) {
            VisionTransformer.Output o = v.forward(input(1, 5), 1, 224, 224, Pooling.CLS, true);
            assertEquals(2, o.heads());
            for (int h = 0; h < 2; h++) {
                float[] a = o.attention(0, h);
                assertEquals(196, a.length);
                double sum = 0;
                for (float x : a) {
                    assertTrue(x >= 0);
                    sum += x;
                }
                assertTrue(sum < 1 && sum > 0.5, "patch share of the CLS row: " + sum);
            }
        }
    }

    @Test
    void cropsMustBeMultiplesOfThePatch() {
        try (VisionTransformer v = new VisionTransformer(SMALL, RandomWeights.create(SMALL, 1), Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> v.forward(new float[230 * 224], 1, 230, 224,
                    Pooling.CLS, false));
        }
    }

    @Test
    void interpolationKeepsTheTableWhenTheGridIsUnchanged() {
        float[] pos = new float[14 * 14 * 3];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = i * 0.01f;
        }
        assertTrue(Arrays.equals(pos, PosEmbedInterpolation.dinoResize(pos, 14, 14, 3, 14, 14)));
        assertEquals(16 * 16 * 3, PosEmbedInterpolation.dinoResize(pos, 14, 14, 3, 16, 16).length);
    }
}
