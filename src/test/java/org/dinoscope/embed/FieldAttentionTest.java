package org.dinoscope.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-field attention maps: coverage, the tiling fallback, the multiple-of-uniform unit, threshold, upsampling. */
class FieldAttentionTest {
    static LoadedModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        EngineSetup.configure();
        model = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, 0), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    FieldAttention attention(int width, int height, int maxPatches) throws IOException {
        Field f = FieldReader.read(TestImages.tiff16(dir.resolve(width + "x" + height + ".tif"), width, height, 1, 5));
        return new FieldEmbedder(model, EmbedOptions.defaults().withBatchSize(4)).attention(f, List.of("DNA"), 0,
                maxPatches);
    }

    @Test
    void theWholeFieldIsCoveredInOnePass() throws IOException {
        FieldAttention a = attention(512, 512, FieldEmbedder.MAX_ATTENTION_PATCHES);
        assertFalse(a.tiled());
        assertEquals(6 * 32 * 32, a.attention().length, "heads x (H/p) x (W/p)");
        for (int h = -1; h < a.heads(); h++) {
            for (FieldAttention.Upsample mode : FieldAttention.Upsample.values()) {
                for (float v : a.pixels(a.multipleOfUniform(h), mode)) {
                    assertFalse(Float.isNaN(v), "every pixel of a 512 px field has attention");
                }
            }
        }
    }

    @Test
    void aNonSquareFieldIsCutToWholePatchesFromTheTopLeft() throws IOException {
        FieldAttention a = attention(240, 200, FieldEmbedder.MAX_ATTENTION_PATCHES);
        assertEquals(15, a.gridW());
        assertEquals(12, a.gridH());
        assertEquals(6 * 12 * 15, a.attention().length);
        float[] px = a.pixels(a.multipleOfUniform(-1), FieldAttention.Upsample.NEAREST);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 240; x++) {
                assertEquals(y >= 192, Float.isNaN(px[y * 240 + x]), "only the 8 rows below the last patch row are empty");
            }
        }
    }

    /** One pass over a 224 px field is the embedding's single crop, so whole-field and tiled maps agree exactly. */
    @Test
    void aCropSizedFieldGivesTheSingleCropAttention() throws IOException {
        FieldAttention whole = attention(224, 224, FieldEmbedder.MAX_ATTENTION_PATCHES);
        FieldAttention crop = attention(224, 224, 0);
        assertFalse(whole.tiled());
        assertTrue(crop.tiled());
        for (int h = 0; h < whole.heads(); h++) {
            GoldenEmbeddingTest.assertClose(crop.raw(h), whole.raw(h), "head " + h);
        }
    }

    @Test
    void aFieldOverThePatchBudgetFallsBackToCrops() throws IOException {
        FieldAttention a = attention(512, 480, 100);
        assertTrue(a.tiled());
        assertEquals(4, a.passes().size());
        assertEquals(28, a.gridW());
        float[] px = a.pixels(a.multipleOfUniform(0), FieldAttention.Upsample.NEAREST);
        assertFalse(Float.isNaN(px[447 * 512 + 447]));
        assertTrue(Float.isNaN(px[448]), "right of the last crop");
    }

    /** Multiple of uniform: value x patches, so its mean over the patches is the patches' share of the mass. */
    @Test
    void multiplesOfUniformAverageToThePatchMass() throws IOException {
        FieldAttention a = attention(320, 256, FieldEmbedder.MAX_ATTENTION_PATCHES);
        int n = a.gridW() * a.gridH();
        for (int h = -1; h < a.heads(); h++) {
            double mass = 0;
            for (float v : a.raw(h)) {
                mass += v;
            }
            double mean = 0;
            for (float v : a.multipleOfUniform(h)) {
                mean += v / n;
            }
            assertEquals(mass, mean, 1e-5, "head " + h);
            assertTrue(mass > 0.5 && mass < 1, "the CLS token keeps the rest: " + mass);
        }
    }

    @Test
    void theThresholdKeepsTheSmallestSetHoldingTheMass() throws IOException {
        FieldAttention a = attention(256, 256, FieldEmbedder.MAX_ATTENTION_PATCHES);
        float[] all = a.multipleOfUniform(1);
        float[] kept = a.thresholded(1, 0.6);
        double total = 0;
        double held = 0;
        float smallestKept = Float.MAX_VALUE;
        float largestDropped = 0;
        for (int i = 0; i < all.length; i++) {
            total += all[i];
            if (kept[i] > 0) {
                held += kept[i];
                smallestKept = Math.min(smallestKept, all[i]);
            } else {
                largestDropped = Math.max(largestDropped, all[i]);
            }
        }
        assertTrue(held / total >= 0.6 && held < total, held / total + "");
        assertTrue(smallestKept >= largestDropped);
    }

    @Test
    void bilinearStaysWithinThePatchValuesAndNearestRepeatsThem() throws IOException {
        FieldAttention a = attention(224, 224, FieldEmbedder.MAX_ATTENTION_PATCHES);
        float[] grid = a.multipleOfUniform(-1);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : grid) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float[] smooth = a.pixels(grid, FieldAttention.Upsample.BILINEAR);
        float[] blocks = a.pixels(grid, FieldAttention.Upsample.NEAREST);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                float s = smooth[y * 224 + x];
                assertTrue(s >= lo - 1e-6 && s <= hi + 1e-6);
                assertEquals(grid[(y / 16) * 14 + x / 16], blocks[y * 224 + x]);
            }
        }
        assertEquals(grid[0], smooth[0], 1e-6, "clamped at the corner");
        // Pixels 15 and 16 straddle the point half-way between the first two patch centres (x = 16 px).
        assertEquals((grid[0] + grid[1]) / 2, (smooth[15] + smooth[16]) / 2, 1e-6, "linear between patch centres");
    }
}
