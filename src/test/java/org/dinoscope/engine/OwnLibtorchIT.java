package org.dinoscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A libtorch of the user's, on CPU: the CPU libtorch 2.7.1 libraries of the pytorch-native-cpu jar, unpacked into a
 * folder laid out as pytorch.org's libtorch zip ({@code libtorch/lib}, {@code libtorch/build-version}), given to
 * the packaged CLI with --libtorch or DINOSCOPE_LIBTORCH. DJL starts its engine once per JVM, so every case runs
 * the CLI in a JVM of its own, on the class path the launcher gives (the plugin jar and target/lib).
 */
class OwnLibtorchIT {
    @TempDir
    static Path work;

    static Path libtorch;

    @BeforeAll
    static void unpack() throws IOException {
        Path nativeJar;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("dinoscope.lib.dir")))) {
            nativeJar = s.filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu-2.7.1-"
                    + EngineSetup.nativeClassifier())).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(nativeJar != null, "no pytorch-native-cpu jar of this platform in target/lib");
        libtorch = work.resolve("libtorch").resolve("lib");
        Files.createDirectories(libtorch);
        String prefix = "pytorch/cpu/" + EngineSetup.nativeClassifier() + "/";
        int unpacked = 0;
        try (JarFile jar = new JarFile(nativeJar.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, libtorch.resolve(entry.getName().substring(prefix.length())),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    unpacked++;
                }
            }
        }
        assertEquals(4, unpacked, "libc10, libgomp, libtorch, libtorch_cpu");
        Files.writeString(work.resolve("libtorch").resolve("build-version"), "2.7.1+cpu\n");
    }

    @Test
    void embedsTheSameFeaturesAsTheBundledNativesAndSaysWhereLibtorchCameFrom() throws Exception {
        Path image = Path.of("src/test/resources/golden/u16_2ch_230x230.tif").toAbsolutePath();
        Path bundled = work.resolve("bundled.csv");
        Path own = work.resolve("own.csv");
        Run a = cli(Map.of(), "embed", "--image", image.toString(), "--model", "random", "--out", bundled.toString());
        assertEquals(0, a.code, a.output);
        Run b = cli(Map.of(), "embed", "--image", image.toString(), "--model", "random", "--libtorch",
                libtorch.toString(), "--out", own.toString());
        assertEquals(0, b.code, b.output);

        // the same libtorch build, so the same numbers, to the last digit written
        List<String> rows = Files.readAllLines(own);
        assertEquals(Files.readAllLines(bundled), rows);
        String[] header = rows.get(0).split(",");
        String[] values = rows.get(1).split(",");
        assertEquals("ch1_0", header[3]);
        assertEquals("ch2_0", header[3 + 384]);
        // pinned: the random ViT-S/16 (seed 0) on the committed golden field, first feature of each channel
        assertEquals(1.4439563, Double.parseDouble(values[3]), 1e-6);
        assertEquals(1.3769401, Double.parseDouble(values[3 + 384]), 1e-6);

        JsonObject engine = sidecar(own).getAsJsonObject("engine_details");
        assertEquals(libtorch.toString(), engine.get("libtorch").getAsString());
        assertEquals("cpu", engine.get("flavour").getAsString());
        assertEquals("--libtorch", engine.get("libtorch_from").getAsString());
        assertEquals("2.7.1+cpu", engine.get("libtorch_version").getAsString());
        assertEquals("2.7.1", engine.get("version").getAsString());
        assertEquals("cpu()", engine.get("device").getAsString());
        assertTrue(sidecar(own).get("engine").getAsString().contains("libtorch from " + libtorch), sidecar(own).toString());
        JsonObject bundledEngine = sidecar(bundled).getAsJsonObject("engine_details");
        assertTrue(bundledEngine.get("libtorch_from").getAsString().startsWith("bundled"), bundledEngine.toString());
        assertEquals("cpu", bundledEngine.get("flavour").getAsString());
    }

    @Test
    void infoNamesTheFolderGivenThroughTheEnvironment() throws Exception {
        Run r = cli(Map.of(EngineSetup.LIBTORCH_ENV, libtorch.toString()), "info");
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("engine libtorch:               " + libtorch + "\n"), r.output);
        assertTrue(r.output.contains("engine flavour:                cpu\n"), r.output);
        assertTrue(r.output.contains("engine libtorch from:          DINOSCOPE_LIBTORCH\n"), r.output);
        assertTrue(r.output.contains("device (auto):                 cpu()\n"), r.output);
    }

    @Test
    void gpuOnACpuLibtorchIsRefusedNamingTheFolder() throws Exception {
        Path image = Path.of("src/test/resources/golden/u16_2ch_230x230.tif").toAbsolutePath();
        Path out = work.resolve("gpu.csv");
        Run r = cli(Map.of(), "embed", "--image", image.toString(), "--device", "gpu", "--libtorch",
                libtorch.toString(), "--out", out.toString());
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("dinoscope: device 'gpu' asked for, but the libtorch in " + libtorch
                + " (--libtorch) is a CPU build"), r.output);
        assertTrue(Files.notExists(out));
    }

    @Test
    void aLibtorchThatPassesTheChecksButDoesNotLoadIsNamed() throws Exception {
        Path fake = Files.createDirectories(work.resolve("fake/libtorch/lib"));
        Files.writeString(fake.resolve(System.mapLibraryName("torch")), "not a library");
        Files.writeString(fake.getParent().resolve("build-version"), "2.7.1+cpu\n");
        Run r = cli(Map.of(), "info", "--libtorch", fake.toString());
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("dinoscope: the PyTorch engine did not start on the cpu libtorch 2.7.1+cpu in "
                + fake + " (--libtorch): "), r.output);
    }

    record Run(int code, String output) {
    }

    /** The CLI in a JVM of its own, with the launcher's settings; stdout and stderr together. */
    private static Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path lib = Path.of(System.getProperty("dinoscope.lib.dir"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-cp", System.getProperty("dinoscope.plugin.jar") + java.io.File.pathSeparator + lib + "/*",
                "org.dinoscope.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String v : List.of("DJL_CACHE_DIR", EngineSetup.LIBTORCH_ENV, EngineSetup.DJL_LIBRARY_PATH,
                EngineSetup.DJL_FLAVOR, EngineSetup.DJL_VERSION)) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Path log = Files.createTempFile(work, "cli", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI ran over 300 s: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static JsonObject sidecar(Path table) throws IOException {
        return JsonParser.parseString(Files.readString(Path.of(table + ".json"))).getAsJsonObject();
    }
}
