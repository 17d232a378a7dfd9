package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dinoscope.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints written by real PyTorch (scripts/fixtures/make_checkpoint_fixtures.py, torch 1.13) and a
 * hand-written safetensors file, compared exactly with the values PyTorch reported in expected.json.
 */
class TorchFixturesTest {

    static Path fixture(String name) {
        try {
            return Paths.get(TorchFixturesTest.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject expected() throws IOException {
        return JsonParser.parseString(Files.readString(fixture("expected.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    static Stream<String> fixtures() throws IOException {
        return expected().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesPyTorch(String name) throws IOException {
        JsonObject exp = expected().getAsJsonObject(name);
        Checkpoint ck = Checkpoint.read(fixture(name));
        assertEquals(exp.get("format").getAsString(), ck.format(), name);
        assertEquals(exp.get("layout").getAsString(), ck.layout(), name);
        assertEquals(exp.get("sha256").getAsString(), ck.sha256(), name);
        assertEquals(fixture(name), ck.file());

        JsonObject tensors = exp.getAsJsonObject("tensors");
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(ck.tensors().keySet()),
                name + ": tensor names and order");
        for (Map.Entry<String, JsonElement> e : tensors.entrySet()) {
            JsonObject t = e.getValue().getAsJsonObject();
            Tensor actual = ck.tensors().get(e.getKey());
            String what = name + " / " + e.getKey();
            assertArrayEquals(longs(t.getAsJsonArray("shape")), actual.shape(), what + " shape");
            assertEquals(t.get("dtype").getAsString(), actual.sourceDtype(), what + " dtype");
            JsonArray values = t.getAsJsonArray("values");
            float[] data = actual.data();
            assertEquals(values.size(), data.length, what + " numel");
            for (int i = 0; i < data.length; i++) {
                float want = (float) values.get(i).getAsDouble();
                // bit-exact: widening fp16/bf16 is exact, and -0.0 must stay -0.0
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(data[i]),
                        what + "[" + i + "]: " + want + " vs " + data[i]);
            }
        }
        for (JsonElement ig : exp.getAsJsonArray("ignored")) {
            String key = ig.getAsString();
            assertTrue(ck.ignored().stream().anyMatch(s -> s.contains(key)),
                    name + ": '" + key + "' should be listed as ignored in " + ck.ignored());
        }
        assertEquals(exp.getAsJsonArray("ignored").size(), ck.ignored().size(), name + ": " + ck.ignored());
    }

    private static long[] longs(JsonArray a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsLong();
        }
        return v;
    }

    @Test
    void dinoTeacherIsPreferredAndDiffersFromStudent() throws IOException {
        Checkpoint teacher = Checkpoint.read(fixture("dino_train.pt"));
        Checkpoint student = Checkpoint.read(fixture("dino_student.pt"));
        assertEquals("DINO training checkpoint (teacher)", teacher.layout());
        assertEquals("DINO training checkpoint (student)", student.layout());
        assertEquals(teacher.tensors().keySet(), student.tensors().keySet());
        assertFalse(Arrays.equals(teacher.tensors().get("cls_token").data(),
                student.tensors().get("cls_token").data()));
        assertTrue(teacher.tensors().keySet().stream().noneMatch(k -> k.startsWith("head.")
                || k.startsWith("module.") || k.startsWith("backbone.")), teacher.tensors().keySet().toString());
        assertTrue(teacher.ignored().stream().anyMatch(s -> s.startsWith("args (argparse.Namespace object")),
                teacher.ignored().toString());
        assertTrue(teacher.ignored().stream().anyMatch(s -> s.startsWith("epoch (int 3")),
                teacher.ignored().toString());
        assertTrue(teacher.ignored().stream().anyMatch(s -> s.startsWith("student (") && s.contains("teacher")),
                teacher.ignored().toString());
    }

    @Test
    void viewsShareTheirStorage() throws IOException {
        Map<String, Tensor> t = Checkpoint.read(fixture("views.pt")).tensors();
        float[] base = t.get("base").data(); // 4 x 6
        float[] tr = t.get("transposed").data(); // 6 x 4
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(base[i * 6 + j], tr[j * 4 + i]);
            }
        }
        float[] slice = t.get("slice").data(); // base[1:3, 2:5]
        assertEquals(base[1 * 6 + 2], slice[0]);
        assertEquals(base[2 * 6 + 4], slice[5]);
        assertArrayEquals(new long[] {0, 3}, t.get("empty").shape());
        assertArrayEquals(new long[] {}, t.get("scalar").shape());
        assertEquals(2.5f, t.get("scalar").data()[0]);
    }

    @Test
    void tensorsAndIgnoredAreReadOnly() throws IOException {
        Checkpoint ck = Checkpoint.read(fixture("plain.pt"));
        assertThrows(UnsupportedOperationException.class, () -> ck.tensors().clear());
        assertThrows(UnsupportedOperationException.class, () -> ck.ignored().add("x"));
        assertEquals("I64", ck.tensors().get("num_batches_tracked").sourceDtype());
        assertEquals(7f, ck.tensors().get("num_batches_tracked").data()[0]);
        assertArrayEquals(new float[] {1f, 0f, 1f}, ck.tensors().get("mask").data());
        assertEquals("BOOL", ck.tensors().get("mask").sourceDtype());
    }

    @Test
    void wholePickledModuleIsRefusedWithAHint() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.read(fixture("whole_module.pt")));
        assertTrue(e.getMessage().contains("whole_module.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("torch.nn.modules.linear.Linear"), e.getMessage());
        assertTrue(e.getMessage().contains("state_dict()"), e.getMessage());
    }

    @Test
    void legacySerializationIsRefusedWithAHint() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(fixture("legacy.pt")));
        assertTrue(e.getMessage().contains("legacy.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save"), e.getMessage());
        assertTrue(e.getMessage().contains("torch.save"), e.getMessage());
    }

    @Test
    void formatIsDetectedByContentNotExtension(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path st = Files.copy(fixture("weights.safetensors"), tmp.resolve("weights.pt"));
        Path pt = Files.copy(fixture("plain.pt"), tmp.resolve("plain.safetensors"));
        assertEquals("safetensors", Checkpoint.read(st).format());
        assertEquals("torch.save (zip)", Checkpoint.read(pt).format());
        assertNotEquals(0, Checkpoint.read(pt).tensors().size());
    }

    @Test
    void listsFixtures() throws IOException {
        List<String> names = new ArrayList<>(expected().keySet());
        assertTrue(names.containsAll(List.of("plain.pt", "dino_train.pt", "mae.pt", "timm.pt", "halfs.pt",
                "views.pt", "weights.safetensors")), names.toString());
    }
}
