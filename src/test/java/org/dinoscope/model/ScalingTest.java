package org.dinoscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.PixelType;
import org.junit.jupiter.api.Test;

/** Input scaling: numpy's percentiles, and the promise that bit depth and brightness stop mattering. */
class ScalingTest {

    /** The reference values come from numpy (scripts/fixtures/make_scaling_fixture.py). */
    @Test
    void percentilesAreNumpys() {
        float[] ints = new float[1000];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (i * i) % 251;
        }
        assertArrayEquals(new double[] {1.0, 249.0, 113.0, 85.0, 0.0, 249.0},
                Scaling.percentiles(ints, 0, ints.length, 1, 99.9, 50, 37.3, 0, 100), 1e-9);
        float[] floats = new float[777 + 5];
        for (int i = 0; i < 777; i++) {
            floats[5 + i] = (float) (((i * 7919) % 1000) / 7.0 - 20);
        }
        // Offset 5: only the channel's own pixels count. Float input goes through a sort, not the histogram.
        assertArrayEquals(new double[] {-18.891428571428573, 122.6034285714286, 51.14285714285714, 33.20685714285714,
                -20.0, 122.71428571428572}, Scaling.percentiles(floats, 5, 777, 1, 99.9, 50, 37.3, 0, 100), 2e-5);
    }

    @Test
    void theHistogramAndTheSortAgreeOnIntegers() {
        float[] a = new float[5000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(4096);
        }
        float[] shifted = a.clone();
        shifted[0] += 0.5f; // one non-integer value sends the channel through the sort
        double[] byHistogram = Scaling.percentiles(a, 0, a.length, 1, 99.9, 42.42);
        double[] bySort = Scaling.percentiles(shifted, 0, a.length, 1, 99.9, 42.42);
        assertArrayEquals(byHistogram, bySort, 1e-9);
    }

    @Test
    void percentileScalingMapsTheLowAndHighPercentilesToZeroAndOne() {
        float[] ints = new float[1000];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (i * i) % 251;
        }
        Scaling.ChannelScale s = Scaling.PERCENTILE.of(ints, 0, ints.length, 65535);
        assertEquals(0f, s.apply(1f), 1e-7);
        assertEquals(1f, s.apply(249f), 1e-6);
        assertEquals(2f, s.apply(497f), 1e-6); // not clipped
        Scaling.ChannelScale constant = Scaling.PERCENTILE.of(new float[] {7, 7, 7}, 0, 3, 255);
        assertEquals(0f, constant.apply(7f));
        assertEquals(1f / 255, Scaling.DTYPE_MAX.of(ints, 0, 10, 255).apply(1f), 1e-9);
        assertEquals(1f, Scaling.CLIP_10000.of(ints, 0, 10, 65535).apply(30000f));
        assertEquals(0.5f, Scaling.UINT16_MAX.of(ints, 0, 10, 255).apply(65535f / 2), 1e-7);
    }

    /**
     * The same cells acquired 8-bit, 12-bit in a 16-bit file, and 16-bit with a camera offset and 3 x the exposure
     * embed alike with percentile scaling, and differently with the papers' dtype-max scaling.
     */
    @Test
    void bitDepthAndBrightnessDoNotChangeAPercentileScaledEmbedding() throws Exception {
        EngineSetup.configure();
        int w = 240;
        int h = 230;
        float[] cells = new float[w * h];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < cells.length; i++) {
            int x = i % w;
            int y = i / w;
            double blob = Math.exp(-((x % 60 - 30) * (x % 60 - 30) + (y % 50 - 25) * (y % 50 - 25)) / 120.0);
            cells[i] = (float) Math.min(255, Math.round(10 + 200 * blob + r.nextInt(8)));
        }
        Field eight = field(cells, 1, 0, PixelType.UINT8);
        Field twelve = field(cells, 16, 0, PixelType.UINT16);
        Field bright = field(cells, 3 * 16, 100, PixelType.UINT16);
        try (LoadedModel percentile = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, 1L,
                Scaling.PERCENTILE), ai.djl.Device.cpu());
             LoadedModel dtype = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, 1L),
                     ai.djl.Device.cpu())) {
            assertEquals(Scaling.PERCENTILE, percentile.scaling());
            assertEquals(Scaling.DTYPE_MAX, dtype.scaling(), "random keeps uniDINO's scaling by default");
            float[] a = embed(percentile, eight);
            assertArrayEquals(a, embed(percentile, twelve), 1e-4f);
            assertArrayEquals(a, embed(percentile, bright), 1e-4f);
            float[] d8 = embed(dtype, eight);
            float[] d12 = embed(dtype, twelve);
            double diff = 0;
            for (int i = 0; i < d8.length; i++) {
                diff = Math.max(diff, Math.abs(d8[i] - d12[i]));
            }
            assertTrue(diff > 1e-2, "dtype-max scaling sees the 12-bit field 16 x dimmer (max diff " + diff + ")");
        }
    }

    private static Field field(float[] cells, float gain, float offset, PixelType type) {
        float[] d = new float[cells.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cells[i] * gain + offset;
        }
        return new Field("cells", null, d, 240, 230, 1, type);
    }

    private static float[] embed(LoadedModel m, Field f) throws Exception {
        return new FieldEmbedder(m, EmbedOptions.defaults()).embed(f, List.of("DNA")).vector();
    }
}
