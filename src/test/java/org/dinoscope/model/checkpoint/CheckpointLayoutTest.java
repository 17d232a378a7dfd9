package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dinoscope.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;

class CheckpointLayoutTest {

    /** A stand-in tensor; layouts never read values. */
    static final class Fake implements LazyTensor {
        @Override
        public Tensor load(String name) {
            return new Tensor(new long[] {1}, new float[] {0f});
        }

        @Override
        public String describe() {
            return "tensor [1] F32";
        }
    }

    @SafeVarargs
    static Map<Object, Object> dict(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static CheckpointLayout.Resolved resolve(Object root) throws CheckpointException {
        return CheckpointLayout.ofTorch(root, "f.pt", false);
    }

    @Test
    void plainStateDictStripsModule() throws CheckpointException {
        CheckpointLayout.Resolved r = resolve(dict("module.a", new Fake(), "b", new Fake(), "note", "x", 3L,
                new Fake()));
        assertEquals("plain state dict", r.layout);
        assertEquals(List.of("a", "b"), new ArrayList<>(r.tensors.keySet()));
        assertEquals(List.of("note (str 'x')", "3 (tensor [1] F32)"), r.ignored);
    }

    @Test
    void dinoPrefixesInEitherOrder() throws CheckpointException {
        Map<Object, Object> teacher = dict("module.backbone.a", new Fake(), "backbone.module.b", new Fake(),
                "backbone.c", new Fake(), "module.head.x", new Fake(), "head.y", new Fake(), "d", new Fake());
        CheckpointLayout.Resolved r = resolve(dict("student", dict("z", new Fake()), "teacher", teacher));
        assertEquals("DINO training checkpoint (teacher)", r.layout);
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(r.tensors.keySet()));
        assertTrue(r.ignored.get(0).startsWith("teacher.module.head.x (DINO projection head"), r.ignored.toString());
        assertTrue(r.ignored.get(1).startsWith("teacher.head.y"), r.ignored.toString());
        assertTrue(r.ignored.get(2).startsWith("student ("), r.ignored.toString());
    }

    @Test
    void teacherWithoutTensorsFallsBackToStudent() throws CheckpointException {
        CheckpointLayout.Resolved r = resolve(dict("teacher", dict(), "student", dict("module.backbone.a",
                new Fake())));
        assertEquals("DINO training checkpoint (student)", r.layout);
        assertEquals(List.of("a"), new ArrayList<>(r.tensors.keySet()));
    }

    @Test
    void collidingNamesAreAnError() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> resolve(dict("module.a", new Fake(), "a", new Fake())));
        assertTrue(e.getMessage().contains("f.pt") && e.getMessage().contains("'module.a'")
                && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void wrappers() throws CheckpointException {
        assertEquals("'state_dict' wrapper", resolve(dict("state_dict", dict("module.a", new Fake()))).layout);
        CheckpointLayout.Resolved r = resolve(dict("model", dict("state_dict", dict("a", new Fake()), "x", 1L),
                "y", 2L));
        assertEquals("'model' wrapper / 'state_dict' wrapper", r.layout);
        assertEquals(List.of("y (int 2)", "model.x (int 1)"), r.ignored);
    }

    @Test
    void notAStateDict() {
        Placeholder linear = Placeholder.forGlobal("torch.nn.modules.linear", "Linear").call(List.of());
        assertMessage(() -> resolve(linear), "torch.nn.modules.linear.Linear", "state_dict()");
        assertMessage(() -> resolve(dict("model", linear, "epoch", 3L)), "'model'", "Linear");
        assertMessage(() -> resolve(new ArrayList<>()), "list");
        assertMessage(() -> resolve(new Fake()), "single tensor");
        assertMessage(() -> resolve(dict()), "no tensors", "none");
        assertMessage(() -> CheckpointLayout.ofTorch(dict("a", new Fake()), "f.pt", true), "TorchScript");
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertMessage(Call c, String... parts) {
        CheckpointException e = assertThrows(CheckpointException.class, c::run);
        assertTrue(e.getMessage().contains("f.pt"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }
}
