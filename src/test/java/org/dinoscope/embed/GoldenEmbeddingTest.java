package org.dinoscope.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ai.djl.Device;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java pipeline against PyTorch: scripts/fixtures/make_golden.py wrote real torch.save / safetensors
 * checkpoints in the layouts users download, images, and the embeddings and attention maps a PyTorch
 * reference computes; here the same files go through checkpoint reader, preset, tiling and DJL network.
 */
class GoldenEmbeddingTest {
    static final Path DIR = Path.of("src/test/resources/golden");
    static final double TOLERANCE = 1e-4;

    @BeforeAll
    static void engine() {
        EngineSetup.configure();
    }

    static Stream<JsonObject> cases() throws IOException {
        try (Reader r = Files.newBufferedReader(DIR.resolve("expected.json"))) {
            JsonArray cases = JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("cases");
            List<JsonObject> out = new ArrayList<>();
            cases.forEach(e -> out.add(e.getAsJsonObject()));
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void embeddingMatchesPyTorch(JsonObject c) throws IOException {
        Preset preset = Preset.byId(c.get("preset").getAsString());
        Integer heads = c.get("heads").isJsonNull() ? null : c.get("heads").getAsInt();
        ModelSpec spec = new ModelSpec(preset, List.of(DIR.resolve(c.get("checkpoint").getAsString())), heads, 0);
        List<String> names = strings(c.getAsJsonArray("channel_names"));
        Field field = FieldReader.read(DIR.resolve(c.get("image").getAsString()));
        assertEquals(c.get("width").getAsInt(), field.width());
        assertEquals(c.get("height").getAsInt(), field.height());
        EmbedOptions options = EmbedOptions.defaults().withBatchSize(3).withCropFilter(c.get("crop_filter").getAsBoolean());
        try (LoadedModel model = LoadedModel.load(spec, Device.cpu())) {
            FieldEmbedder embedder = new FieldEmbedder(model, options);
            FieldEmbedder.Embedding e = embedder.embed(field, names);
            assertEquals(c.getAsJsonArray("crops").size(), e.cropsUsed(), "crops kept");
            assertClose(floats(c.getAsJsonArray("embedding")), e.vector(), "field embedding");

            JsonObject first = c.getAsJsonObject("first_crop");
            int channel = first.get("channel").getAsInt();
            int x0 = first.get("x").getAsInt();
            int y0 = first.get("y").getAsInt();
            // The whole-field attention of a field that is exactly the crop is the crop's attention.
            FieldAttention att = embedder.attention(cropOf(field, x0, y0), names, channel,
                    FieldEmbedder.MAX_ATTENTION_PATCHES);
            FieldEmbedder single = new FieldEmbedder(model, options.withCropFilter(false));
            float[] crop = single.embed(cropOf(field, x0, y0), names).vector();
            int d = model.dim();
            float[] vector = preset.inputMode() == Preset.InputMode.MULTI_CHANNEL ? crop
                    : java.util.Arrays.copyOfRange(crop, channel * d, (channel + 1) * d);
            String pooled = preset == Preset.MAE ? "mean_patch" : "cls";
            assertClose(floats(first.getAsJsonArray(pooled)), vector, "first crop " + pooled);

            JsonArray grid = first.getAsJsonArray("grid");
            assertEquals(grid.get(0).getAsInt(), att.gridH());
            assertEquals(grid.get(1).getAsInt(), att.gridW());
            JsonArray heads2 = first.getAsJsonArray("attention");
            assertEquals(heads2.size(), att.heads());
            for (int h = 0; h < att.heads(); h++) {
                assertClose(floats(heads2.get(h).getAsJsonArray()), att.raw(h), "attention head " + h);
            }
        }
    }

    /** The 224 px crop at (x0, y0), every channel, as a field of its own. */
    static Field cropOf(Field f, int x0, int y0) {
        int n = EmbedOptions.CROP_SIZE;
        float[] data = new float[n * n * f.channels()];
        for (int c = 0; c < f.channels(); c++) {
            for (int y = 0; y < n; y++) {
                System.arraycopy(f.data(), f.offset(c) + (y0 + y) * f.width() + x0, data, c * n * n + y * n, n);
            }
        }
        return new Field(f.name(), f.source(), data, n, n, f.channels(), f.pixelType());
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        int i = 0;
        for (JsonElement e : a) {
            out[i++] = e.getAsFloat();
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst + " > " + TOLERANCE);
    }
}
