package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random damage to real fixtures: whatever the bytes, reading ends in a checkpoint or a
 * {@link CheckpointException}, never another exception or error.
 */
class FuzzTest {
    private static final int ROUNDS = 150;

    @TempDir
    Path tmp;

    private void readSafely(Path file, String what) {
        try {
            Checkpoint.read(file);
        } catch (CheckpointException e) {
            if (!e.getMessage().contains(file.getFileName().toString())) {
                fail(what + ": message does not name the file: " + e.getMessage());
            }
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    private static byte[] mutate(byte[] src, Random rnd) {
        byte[] b = src.clone();
        if (rnd.nextInt(5) == 0) {
            return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(b.length);
            b[at] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.pt", "dino_train.pt", "views.pt", "halfs.pt", "weights.safetensors"})
    void damagedFiles(String fixture) throws IOException {
        byte[] src = Files.readAllBytes(TorchFixturesTest.fixture(fixture));
        Random rnd = new Random(fixture.hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            Path f = Files.write(tmp.resolve("f" + round + "_" + fixture), mutate(src, rnd));
            readSafely(f, fixture + " round " + round);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.pt", "dino_train.pt", "views.pt", "mae.pt"})
    void damagedPickles(String fixture) throws IOException {
        Map<String, byte[]> entries = TestZips.entries();
        String pickleName = null;
        try (ZipFile z = new ZipFile(TorchFixturesTest.fixture(fixture).toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
                if (e.getName().endsWith("/data.pkl")) {
                    pickleName = e.getName();
                }
            }
        }
        byte[] pickle = entries.get(pickleName);
        Random rnd = new Random(fixture.hashCode() * 31L);
        for (int round = 0; round < ROUNDS; round++) {
            entries.put(pickleName, mutate(pickle, rnd));
            Path f = Files.write(tmp.resolve("p" + round + "_" + fixture), TestZips.zip(entries));
            readSafely(f, fixture + " pickle round " + round);
        }
    }
}
