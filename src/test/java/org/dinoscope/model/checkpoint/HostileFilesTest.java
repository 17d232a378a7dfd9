package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged and crafted files: each must end in a {@link CheckpointException} that names the file (and the entry,
 * key or global at fault), never in another exception or an {@link OutOfMemoryError}, and nothing may run.
 */
class HostileFilesTest {
    @TempDir
    Path tmp;

    /** Reads {@code file}, expecting a CheckpointException whose message names it and holds {@code parts}. */
    static CheckpointException refuse(Path file, String... parts) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.getFileName().toString()), "message should name the file: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "message should contain '" + p + "': " + m);
        }
        return e;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] full = Files.readAllBytes(TorchFixturesTest.fixture("dino_train.pt"));
        refuse(write("half.pt", Arrays.copyOf(full, full.length / 2)), "zip");
        refuse(write("almost.pt", Arrays.copyOf(full, full.length - 10)), "zip");
    }

    @ParameterizedTest
    @CsvSource({"../evil/data.pkl", "/abs/data.pkl", "archive/../../data.pkl", "C:/evil/data.pkl"})
    void zipEntryOutsideTheArchive(String entry) throws IOException {
        Map<String, byte[]> e = TestZips.entries();
        e.put(entry, PickleWriter.stateDict("w", "0", 2, 0, new long[] {2}, new long[] {1}));
        e.put("archive/data/0", TestZips.floats(1f, 2f));
        refuse(write("escape.pt", TestZips.zip(e)), entry, "outside the archive");
    }

    /** The command would create the marker file if anything ran it. */
    private String touch(Path marker) {
        return "touch " + marker;
    }

    @ParameterizedTest
    @CsvSource({"os, system", "posix, system", "nt, system", "subprocess, check_output", "builtins, eval",
        "builtins, exec", "__builtin__, eval", "builtins, __import__", "builtins, getattr", "builtins, compile",
        "builtins, open", "shutil, rmtree", "socket, socket", "importlib, import_module", "pickle, loads",
        "marshal, loads", "runpy, run_path", "code, interact", "pty, spawn", "sys, exit", "os.path, join"})
    void codeExecutingGlobalIsRefused(String module, String name) throws IOException {
        Path marker = tmp.resolve("marker");
        byte[] pickle = new PickleWriter().proto(2).global(module, name).mark().str(touch(marker)).tuple()
                .reduce().stop().bytes();
        Path file = TestZips.torch(tmp.resolve("evil.pt"), pickle, Map.of());
        CheckpointException e = refuse(file, module + "." + name, "could run code", "refusing");
        assertFalse(Files.exists(marker), "nothing may run");
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void forbiddenGlobalInsideAStateDictIsRefusedToo() throws IOException {
        Path marker = tmp.resolve("marker");
        byte[] pickle = new PickleWriter().proto(2).global("collections", "OrderedDict").emptyTuple().reduce()
                .mark().str("w").tensor("FloatStorage", "0", 2, 0, new long[] {2}, new long[] {1})
                .str("x").global("posix", "system").mark().str(touch(marker)).tuple().reduce()
                .setitems().stop().bytes();
        Path file = TestZips.torch(tmp.resolve("trojan.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "posix.system");
        assertFalse(Files.exists(marker));
    }

    @Test
    void forbiddenGlobalViaStackGlobalAndDottedName() throws IOException {
        // protocol 4: STACK_GLOBAL 'torch' 'serialization.os.system' resolves to os.system in Python
        byte[] pickle = new PickleWriter().proto(4).op(0x8c, 5).raw("torch".getBytes(StandardCharsets.US_ASCII))
                .op(0x8c, 23).raw("serialization.os.system".getBytes(StandardCharsets.US_ASCII)).op(0x93)
                .mark().str("true").tuple().reduce().stop().bytes();
        refuse(TestZips.torch(tmp.resolve("dotted.pt"), pickle, Map.of()), "torch.serialization.os.system");
    }

    @Test
    void safetensorsHeaderClaimingTwoGigabytes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(2L << 30);
        b.put("{\"w\":{\"dtype\":\"F32\"}}".getBytes(StandardCharsets.US_ASCII));
        refuse(write("huge.safetensors", b.array()), "2147483648", "header");
    }

    @Test
    void storageClaimingTwoToThe31Elements() throws IOException {
        long n = 1L << 31;
        byte[] pickle = PickleWriter.stateDict("w", "0", n, 0, new long[] {n}, new long[] {1});
        Path file = TestZips.torch(tmp.resolve("bigstorage.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "'w'", "archive/data/0", "2147483648");
    }

    @Test
    void tensorShapeClaimingTwoToThe31ElementsOfASmallStorage() throws IOException {
        long n = 1L << 31;
        byte[] pickle = PickleWriter.stateDict("w", "0", 2, 0, new long[] {n}, new long[] {1});
        Path file = TestZips.torch(tmp.resolve("bigshape.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "'w'", "holds only 2 elements");
    }

    @Test
    void expandedTensorClaimingTwoToThe31Elements() throws IOException {
        long n = 1L << 31;
        byte[] pickle = PickleWriter.stateDict("w", "0", 2, 0, new long[] {n}, new long[] {0});
        Path file = TestZips.torch(tmp.resolve("expand.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "'w'", "2147483648");
        byte[] p2 = PickleWriter.stateDict("w", "0", 2, 0, new long[] {1L << 28}, new long[] {0});
        refuse(TestZips.torch(tmp.resolve("expand2.pt"), p2, Map.of("0", TestZips.floats(1f, 2f))), "'w'",
                "refusing to unfold");
    }

    @Test
    void tensorReachingBeyondItsStorage() throws IOException {
        byte[] pickle = PickleWriter.stateDict("w", "0", 4, 2, new long[] {2, 2}, new long[] {2, 1});
        Path file = TestZips.torch(tmp.resolve("offset.pt"), pickle,
                Map.of("0", TestZips.floats(1f, 2f, 3f, 4f)));
        refuse(file, "'w'", "offset 2", "reaches element 5", "holds only 4");
    }

    @Test
    void truncatedStorageEntry() throws IOException {
        byte[] pickle = PickleWriter.stateDict("w", "0", 4, 0, new long[] {4}, new long[] {1});
        Path file = TestZips.torch(tmp.resolve("short.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "'w'", "archive/data/0", "holds only 8 bytes");
    }

    @Test
    void storageMissingFromTheArchive() throws IOException {
        byte[] pickle = PickleWriter.stateDict("w", "7", 2, 0, new long[] {2}, new long[] {1});
        Path file = TestZips.torch(tmp.resolve("missing.pt"), pickle, Map.of("0", TestZips.floats(1f, 2f)));
        refuse(file, "'w'", "archive/data/7", "missing");
    }

    @Test
    void zipEntryClaimingTwoGigabytes() throws IOException {
        byte[] pickle = PickleWriter.stateDict("w", "0", 2, 0, new long[] {2}, new long[] {1});
        Map<String, byte[]> e = TestZips.entries();
        e.put("archive/data.pkl", pickle);
        e.put("archive/data/0", TestZips.floats(1f, 2f));
        byte[] zip = TestZips.claimSize(TestZips.zip(e), "archive/data.pkl", Integer.MAX_VALUE - 16);
        refuse(write("liar.pt", zip));
        byte[] zip2 = TestZips.claimSize(TestZips.zip(e), "archive/data/0", Integer.MAX_VALUE - 16);
        refuse(write("liar2.pt", zip2));
    }

    @Test
    void pickleStringClaimingTwoGigabytes() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).strClaiming(0x7ffffff0L, 10).stop().bytes();
        refuse(TestZips.torch(tmp.resolve("longstr.pt"), pickle, Map.of()), "archive/data.pkl", "2147483632");
    }

    @Test
    void unknownOpcode() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).op(0xff).stop().bytes();
        refuse(TestZips.torch(tmp.resolve("opcode.pt"), pickle, Map.of()), "archive/data.pkl", "opcode 0xff");
    }

    @Test
    void pickleWithoutStop() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).emptyDict().bytes();
        refuse(TestZips.torch(tmp.resolve("nostop.pt"), pickle, Map.of()), "STOP");
    }

    @Test
    void zipWithoutDataPkl() throws IOException {
        Map<String, byte[]> e = TestZips.entries();
        e.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        refuse(write("nopickle.pt", TestZips.zip(e)), "data.pkl");
    }

    @Test
    void fileWithoutTensors() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).emptyDict().mark().str("epoch").binint(3).setitems().stop()
                .bytes();
        refuse(TestZips.torch(tmp.resolve("notensors.pt"), pickle, Map.of()), "no tensors", "epoch");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] b = new byte[4096];
        new Random(42).nextBytes(b);
        b[8] = 'x'; // keep it from looking like a safetensors header by chance
        refuse(write("random.bin", b), "not a PyTorch checkpoint");
    }

    @Test
    void emptyFile() throws IOException {
        refuse(write("empty.pt", new byte[0]), "empty");
    }

    @Test
    void missingFileAndDirectory() throws IOException {
        refuse(tmp.resolve("nothere.pt"), "no such");
        Path dir = Files.createDirectory(tmp.resolve("dir.pt"));
        refuse(dir, "directory");
    }

    @Test
    void legacyPlainPickle() throws IOException {
        byte[] pickle = new PickleWriter().proto(2).emptyDict().stop().bytes();
        refuse(write("legacy.pth", pickle), "legacy", "re-save");
    }

    @Test
    void legacyPickleReferencingOsSystemIsNotRun() throws IOException {
        Path marker = tmp.resolve("marker");
        byte[] pickle = new PickleWriter().proto(2).global("os", "system").mark().str(touch(marker)).tuple()
                .reduce().stop().bytes();
        refuse(write("legacy_evil.pt", pickle), "legacy");
        assertFalse(Files.exists(marker));
    }

    @Test
    void wellFormedHandBuiltArchiveReads() throws IOException {
        // sanity check of the builders used above: the same archive with sizes that fit reads fine
        byte[] pickle = PickleWriter.stateDict("w", "0", 7, 1, new long[] {2, 2}, new long[] {3, 2});
        Path file = TestZips.torch(tmp.resolve("good.pt"), pickle,
                Map.of("0", TestZips.floats(0f, 1f, 2f, 3f, 4f, 5f, 6f)));
        Checkpoint ck = Checkpoint.read(file);
        assertEquals("plain state dict", ck.layout());
        assertEquals("[1.0, 3.0, 4.0, 6.0]", Arrays.toString(ck.tensors().get("w").data()));
    }

    @Test
    void reZippedWithCompressionStillReads() throws IOException {
        // torch.save stores entries; an archive re-zipped by another tool deflates them
        Path src = TorchFixturesTest.fixture("views.pt");
        Path dst = tmp.resolve("deflated.pt");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(src.toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(dst))) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        Checkpoint a = Checkpoint.read(src);
        Checkpoint b = Checkpoint.read(dst);
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String k : a.tensors().keySet()) {
            assertTrue(Arrays.equals(a.tensors().get(k).data(), b.tensors().get(k).data()), k);
        }
    }

    @Test
    void bigEndianArchiveIsHonoured() throws IOException {
        byte[] pickle = PickleWriter.stateDict("w", "0", 3, 0, new long[] {3}, new long[] {1});
        Map<String, byte[]> e = TestZips.entries();
        e.put("archive/data.pkl", pickle);
        e.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        e.put("archive/data/0", TestZips.floats(ByteOrder.BIG_ENDIAN, 1.5f, -2f, 3.25f));
        Checkpoint ck = Checkpoint.read(write("big.pt", TestZips.zip(e)));
        assertEquals("[1.5, -2.0, 3.25]", Arrays.toString(ck.tensors().get("w").data()));
    }
}
