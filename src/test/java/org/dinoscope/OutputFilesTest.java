package org.dinoscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonObject;

import org.dinoscope.ProgressListener;
import org.dinoscope.eval.Evaluation;
import org.dinoscope.image.TiffWriter;
import org.dinoscope.model.checkpoint.SafetensorsFile;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Sidecar;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;
import org.dinoscope.viz.Charts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of file DINOscope writes (tables in CSV and Parquet, sidecars, reports, TIFFs, PNGs, safetensors
 * checkpoints and models, synthetic plates) gets the permissions of any new file (0666 less the umask), not a temporary file's
 * 0600: in this JVM, equal to what Files.createFile gives in the same folder; and, in a JVM started under
 * {@code umask 022}, exactly rw-r--r--. No partial file is left behind.
 */
class OutputFilesTest {
    @TempDir
    Path dir;

    /** Writes one file of each kind into out. */
    static void writeEverything(Path out) throws Exception {
        ProfileTable t = new ProfileTable(List.of("Metadata_Well"), List.of("DNA_0", "DNA_1"));
        t.addRow(List.of("A01"), new float[] {1, 2});
        t.write(out.resolve("wells.csv"));
        t.write(out.resolve("wells.csv.gz"));
        t.write(out.resolve("wells.parquet"));
        Sidecar.write(out.resolve("wells.csv"), Map.of("tool", "test"));
        JsonObject report = new JsonObject();
        report.addProperty("rows", 1);
        new Evaluation.Result(report, List.of(), Map.of(), Map.of(), t).writeReport(out.resolve("report.json"));
        TiffWriter.write16(out.resolve("field.tif"), new float[64 * 64], 0, 64, 64);
        TiffWriter.writeFloatStack(out.resolve("stack.tif"), List.of(new float[16], new float[16]), 4, 4);
        Charts.savePng(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), out.resolve("plot.png"));
        SafetensorsFile.write(out.resolve("checkpoint.safetensors"),
                Map.of("w", new Tensor(new long[] {2}, new float[] {1, 2})), Map.of("step", "1"));
        SyntheticPlates.generate(out.resolve("synthetic"), new SynthOptions(3, 1, 1, 1, 32, List.of(1.0), 1), 1,
                ProgressListener.NONE);
    }

    /** Every file below root, relative, with its permissions. */
    private static Map<String, Set<PosixFilePermission>> modes(Path root) throws Exception {
        Map<String, Set<PosixFilePermission>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.getPosixFilePermissions(f));
            }
        }
        return out;
    }

    @Test
    void everyFileGetsTheModeOfANewFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        writeEverything(out);
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Map<String, Set<PosixFilePermission>> modes = modes(out);
        assertTrue(modes.size() > 10 && modes.keySet().stream().anyMatch(n -> n.endsWith(".tif")
                && n.startsWith("synthetic")), modes.keySet().toString());
        List<String> wrong = new ArrayList<>();
        modes.forEach((name, mode) -> {
            if (!mode.equals(plain)) {
                wrong.add(name + " " + PosixFilePermissions.toString(mode));
            }
        });
        assertEquals(List.of(), wrong, "a plain new file is " + PosixFilePermissions.toString(plain));
        assertTrue(modes.keySet().stream().noneMatch(n -> n.contains(".partial")), modes.keySet().toString());
    }

    @Test
    void underUmask022EveryFileIsReadableByAll() throws Exception {
        Path out = Files.createDirectories(dir.resolve("umask022"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("sh", "-c", "umask 022; exec \"$0\" -Djava.awt.headless=true -cp \"$1\" \"$2\" \"$3\"",
                java, System.getProperty("java.class.path"), WriteEverything.class.getName(), out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));
        Map<String, Set<PosixFilePermission>> modes = modes(out);
        assertTrue(modes.size() > 10 && modes.containsKey("wells.parquet"), modes.keySet().toString());
        modes.forEach((name, mode) -> assertEquals("rw-r--r--", PosixFilePermissions.toString(mode), name));
    }

    /** The child JVM of {@link #underUmask022EveryFileIsReadableByAll()}. */
    public static final class WriteEverything {
        public static void main(String[] args) throws Exception {
            writeEverything(new File(args[0]).toPath());
        }
    }
}
