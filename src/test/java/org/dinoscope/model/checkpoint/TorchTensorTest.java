package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.dinoscope.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuild functions and storage types other than the common {@code _rebuild_tensor_v2} on a typed storage. */
class TorchTensorTest {
    @TempDir
    Path tmp;

    private static PickleWriter dictOf(String name) {
        return new PickleWriter().proto(2).emptyDict().mark().str(name);
    }

    private static PickleWriter storage(PickleWriter w, String module, String type, String key, long numel) {
        return w.mark().str("storage").global(module, type).str(key).str("cpu").integer(numel).tuple().op('Q');
    }

    private Tensor readOne(byte[] pickle, byte[] storage) throws IOException {
        Path f = TestZips.torch(tmp.resolve("t.pt"), pickle, Map.of("0", storage));
        return Checkpoint.read(f).tensors().get("w");
    }

    @Test
    void rebuildTensorV3OnAnUntypedStorage() throws IOException {
        // _rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype)
        PickleWriter w = dictOf("w").global("torch._utils", "_rebuild_tensor_v3").mark();
        storage(w, "torch", "UntypedStorage", "0", 8);
        w.integer(1).mark().integer(2).tuple().mark().integer(1).tuple().op(0x89).emptyDict()
                .global("torch", "float16").tuple().reduce().setitems().stop();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x3c00).putShort(2, (short) 0x4000).putShort(4, (short) 0xc200);
        Tensor t = readOne(w.bytes(), b.array());
        assertEquals("F16", t.sourceDtype());
        assertArrayEquals(new float[] {2f, -3f}, t.data());
    }

    @Test
    void parameterAndSubclassWrappers() throws IOException {
        // _rebuild_from_type_v2(_rebuild_parameter, Parameter, (tensor, True, OrderedDict()), {})
        PickleWriter w = dictOf("w").global("torch._tensor", "_rebuild_from_type_v2").mark()
                .global("torch._utils", "_rebuild_parameter").global("torch.nn.parameter", "Parameter").mark();
        w.tensor("DoubleStorage", "0", 2, 0, new long[] {2}, new long[] {1});
        w.op(0x88).emptyDict().tuple().emptyDict().tuple().reduce().setitems().stop();
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, 0.5).putDouble(8, -4);
        Tensor t = readOne(w.bytes(), b.array());
        assertEquals("F64", t.sourceDtype());
        assertArrayEquals(new float[] {0.5f, -4f}, t.data());
    }

    @Test
    void oldRebuildTensorAndLegacyCudaStorage() throws IOException {
        PickleWriter w = dictOf("w").global("torch._utils", "_rebuild_tensor").mark();
        storage(w, "torch.cuda", "HalfStorage", "0", 2);
        w.integer(0).mark().integer(2).tuple().mark().integer(1).tuple().tuple().reduce().setitems().stop();
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 0x3800)
                .putShort(2, (short) 0x7bff);
        assertArrayEquals(new float[] {0.5f, 65504f}, readOne(w.bytes(), b.array()).data());
    }

    @Test
    void unsupportedStorageTypeNamesTheTensor() throws IOException {
        PickleWriter w = dictOf("w");
        w.tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setitems().stop();
        Path f = TestZips.torch(tmp.resolve("complex.pt"), w.bytes(), Map.of("0", new byte[8]));
        HostileFilesTest.refuse(f, "'w'", "torch.ComplexFloatStorage", "not support");
    }

    @Test
    void untypedStorageWithoutDtypeIsRefused() throws IOException {
        PickleWriter w = dictOf("w");
        w.tensor("UntypedStorage", "0", 4, 0, new long[] {4}, new long[] {1}).setitems().stop();
        Path f = TestZips.torch(tmp.resolve("untyped.pt"), w.bytes(), Map.of("0", new byte[4]));
        HostileFilesTest.refuse(f, "'w'", "untyped");
    }

    @Test
    void malformedRebuildArguments() throws IOException {
        PickleWriter w = dictOf("w").global("torch._utils", "_rebuild_tensor_v2").mark();
        storage(w, "torch", "FloatStorage", "0", 2);
        w.integer(-1).mark().integer(2).tuple().mark().integer(1).tuple().op(0x89).emptyDict().tuple().reduce()
                .setitems().stop();
        Path f = TestZips.torch(tmp.resolve("neg.pt"), w.bytes(), Map.of("0", new byte[8]));
        HostileFilesTest.refuse(f, "storage offset", "-1");
        PickleWriter v = dictOf("w").global("torch._utils", "_rebuild_tensor_v2").mark().str("nope").integer(0)
                .emptyTuple().emptyTuple().op(0x89).emptyDict().tuple().reduce().setitems().stop();
        HostileFilesTest.refuse(TestZips.torch(tmp.resolve("nostorage.pt"), v.bytes(), Map.of()), "storage");
        PickleWriter k = dictOf("w");
        k.tensor("FloatStorage", "../../etc/passwd", 1, 0, new long[] {1}, new long[] {1}).setitems().stop();
        HostileFilesTest.refuse(TestZips.torch(tmp.resolve("key.pt"), k.bytes(), Map.of()), "storage key");
    }
}
