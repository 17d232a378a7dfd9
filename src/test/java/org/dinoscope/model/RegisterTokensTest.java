package org.dinoscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Device;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.checkpoint.CheckpointException;
import org.dinoscope.model.checkpoint.SafetensorsFile;
import org.dinoscope.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Register tokens (DINOv2's {@code register_tokens}) against PyTorch: the fixture made by
 * scripts/fixtures/make_register_golden.py holds a ViT with 4 registers and what PyTorch computes for two
 * 64x96 inputs (an interpolated position table).
 */
class RegisterTokensTest {
    static {
        EngineSetup.configure();
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(RegisterTokensTest.class.getResource("/golden/registers/" + name).toURI());
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    @Test
    void aNetworkWithRegistersComputesWhatPyTorchComputes() throws Exception {
        Path weights = fixture("vit_reg4.safetensors");
        JsonObject e = JsonParser.parseString(Files.readString(fixture("expected.json"))).getAsJsonObject();
        Map<String, Tensor> tensors = SafetensorsFile.readTensors(weights);
        VitArchitecture arch = VitArchitecture.detect(tensors, 2, weights);
        assertEquals(4, arch.registers());
        assertEquals(5, arch.firstPatchToken());
        assertTrue(arch.describe().endsWith(", 4 register tokens"), arch.describe());
        assertTrue(arch.unusedKeys(tensors).isEmpty(), "every tensor is used: " + arch.unusedKeys(tensors));
        float[] input = floats(e.getAsJsonArray("input"));
        try (VisionTransformer v = new VisionTransformer(arch, tensors, Device.cpu())) {
            VisionTransformer.Output cls = v.forward(input, 2, 64, 96, Pooling.CLS, true);
            assertClose(floats(e.getAsJsonArray("cls")), cls.features(), 1e-4, "CLS");
            assertClose(floats(e.getAsJsonArray("attention")), cls.attention(), 1e-5, "attention");
            assertEquals(4, cls.gridH());
            assertEquals(6, cls.gridW());
            VisionTransformer.Output mean = v.forward(input, 2, 64, 96, Pooling.MEAN_PATCH, false);
            assertClose(floats(e.getAsJsonArray("mean")), mean.features(), 1e-4, "mean of patch tokens");
            // The registers take a share of the class token's attention: over patches it sums below 1 (head 1 of
            // the second input keeps 0.916 in PyTorch).
            float[] share = floats(e.getAsJsonArray("attention_on_patches"));
            for (int i = 0; i < 2; i++) {
                for (int h = 0; h < 2; h++) {
                    double s = 0;
                    for (float a : cls.attention(i, h)) {
                        s += a;
                    }
                    assertEquals(share[i * 2 + h], s, 1e-5);
                }
            }
            assertEquals(0.916, share[3], 5e-4);
        }
    }

    @Test
    void withoutItsRegistersTheSameNetworkComputesSomethingElse() throws Exception {
        Path weights = fixture("vit_reg4.safetensors");
        JsonObject e = JsonParser.parseString(Files.readString(fixture("expected.json"))).getAsJsonObject();
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafetensorsFile.readTensors(weights));
        tensors.remove("register_tokens");
        VitArchitecture arch = VitArchitecture.detect(tensors, 2, weights);
        assertEquals(0, arch.registers());
        try (VisionTransformer v = new VisionTransformer(arch, tensors, Device.cpu())) {
            float[] f = v.forward(floats(e.getAsJsonArray("input")), 2, 64, 96, Pooling.CLS, false).features();
            assertNotEquals(floats(e.getAsJsonArray("cls"))[0], f[0], 1e-3);
        }
    }

    @Test
    void registerTokensOfTheWrongShapeNameTheFileAndTheTensor() throws IOException, URISyntaxException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafetensorsFile.readTensors(fixture("vit_reg4.safetensors")));
        tensors.put("register_tokens", new Tensor(new long[] {4, 64}, new float[256]));
        Path file = Path.of("weights.safetensors");
        CheckpointException ex = assertThrows(CheckpointException.class, () -> VitArchitecture.detect(tensors, 2,
                file));
        assertEquals("weights.safetensors: tensor 'register_tokens' has shape [4, 64], expected [1, registers, 64]",
                ex.getMessage());
    }

    @Test
    void randomWeightsGiveRegistersTheClassTokensInitialisationAndLeaveOtherNetworksAsTheyWere() {
        VitArchitecture plain = new VitArchitecture(64, 2, 2, 16, 1, 128, 14, 14, true, true);
        Map<String, Tensor> a = RandomWeights.create(plain, 7);
        Map<String, Tensor> b = RandomWeights.create(plain.withRegisters(3), 7);
        assertEquals(a.size() + 1, b.size());
        assertArrayEquals(a.get("cls_token").data(), b.get("cls_token").data());
        float[] reg = b.get("register_tokens").data();
        assertEquals(3 * 64, reg.length);
        double ss = 0;
        for (float r : reg) {
            ss += r * r;
        }
        assertEquals(0.02, Math.sqrt(ss / reg.length), 0.004);
    }
}
