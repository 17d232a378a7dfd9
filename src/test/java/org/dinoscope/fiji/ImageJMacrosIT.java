package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.dinoscope.testutil.ImageJProcess;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example macros in macros/ replayed in the real ImageJ 1.54p application, with DINOscope installed
 * as an update site lays it out (plugin jar in plugins/, dependencies in plugins/jars/), under Xvfb and
 * always under a timeout (a macro error would open a modal dialog). The checks read the files the macros
 * wrote, not the exit code.
 */
class ImageJMacrosIT {
    @TempDir
    static Path work;
    static Path imagej;

    @BeforeAll
    static void install() throws IOException {
        Assumptions.assumeTrue(ImageJProcess.xvfbInstalled(), "xvfb-run not installed");
        imagej = work.resolve("ImageJ");
        Path jars = Files.createDirectories(imagej.resolve("plugins/jars"));
        Files.copy(Path.of(System.getProperty("dinoscope.ij.jar")), imagej.resolve("ij.jar"));
        Path plugin = Path.of(System.getProperty("dinoscope.plugin.jar"));
        Files.copy(plugin, imagej.resolve("plugins").resolve(plugin.getFileName()));
        try (Stream<Path> libs = Files.list(Path.of(System.getProperty("dinoscope.lib.dir")))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, jars.resolve(lib.getFileName()));
            }
        }
    }

    /** Runs a macro file with an argument in ImageJ under Xvfb, then quits ImageJ. */
    private static void runMacro(Path macro, String argument) throws Exception {
        ImageJProcess.run(imagej, null, "runMacro(\"" + macro.toAbsolutePath() + "\", \"" + argument + "\");",
                work.resolve("imagej.log"));
    }

    private static String log() throws IOException {
        return Files.readString(work.resolve("imagej.log"));
    }

    @Test
    void batchEmbedAFolderOfPlates() throws Exception {
        Path root = work.resolve("screen");
        for (String plate : List.of("PA", "PB")) {
            for (int w = 1; w <= 2; w++) {
                for (int c = 1; c <= 2; c++) {
                    TestImages.tiff16(root.resolve(plate).resolve(String.format("%s_D%02d_s1_w%d.tif", plate, w, c)),
                            224, 224, 1, plate.hashCode() + w * 10L + c);
                }
            }
        }
        Path out = work.resolve("profiles");
        runMacro(Path.of("macros/embed_plate_folder.ijm"), "root=" + root + " out=" + out
                + " pattern=imagexpress channels=1=DNA,2=RNA model=random");
        for (String plate : List.of("PA", "PB")) {
            List<String> wells = Files.readAllLines(out.resolve(plate).resolve("wells.csv"));
            assertEquals(3, wells.size(), log());
            assertTrue(wells.get(0).startsWith("Metadata_Plate,Metadata_Well,Metadata_Fields,DNA_0"), wells.get(0));
            assertTrue(wells.get(1).startsWith(plate + ",D01,1,"), wells.get(1));
        }
    }

    @Test
    void attentionMapsForEveryFieldOfAWell() throws Exception {
        Path folder = work.resolve("well");
        for (int s = 1; s <= 2; s++) {
            TestImages.tiff16(folder.resolve("P_E05_s" + s + "_w1.tif"), 300, 240, 1, s);
        }
        TestImages.tiff16(folder.resolve("P_E06_s1_w1.tif"), 300, 240, 1, 9);
        Path out = Files.createDirectories(work.resolve("maps"));
        runMacro(Path.of("macros/attention_maps_of_well.ijm"), "folder=" + folder + " well=E05 out=" + out
                + " model=random");
        try (Stream<Path> files = Files.list(out)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of("heads_P_E05_s1_w1.tif", "heads_P_E05_s2_w1.tif", "overlay_P_E05_s1_w1.tif",
                    "overlay_P_E05_s2_w1.tif"), names, log());
        }
        // 6 heads of 300 x 240 float maps
        assertTrue(Files.size(out.resolve("heads_P_E05_s1_w1.tif")) >= 6L * 300 * 240 * 4);
    }

    /**
     * A wrong path in a batch-mode macro: the command fails with a message naming it (stderr and the Log
     * window), the macro is aborted, and no dialog waits: the calling macro goes on and quits ImageJ long
     * before the timeout.
     */
    @Test
    void aWrongPathInABatchMacroIsNamedAndLeavesNoDialog() throws Exception {
        Path notAFolder = Files.writeString(work.resolve("not-a-folder.txt"), "x");
        Path macro = work.resolve("wrong_path.ijm");
        Files.writeString(macro, "setBatchMode(true);\nrun(\"Generate Sample Plate...\", \"out=[" + notAFolder
                + "] plates=1 size=64\");\nprint(\"not reached\");\n");
        long t0 = System.nanoTime();
        ImageJProcess.run(imagej, null, "r = runMacro(\"" + macro + "\");\nprint(\"macro returned \" + r);\n"
                + "File.saveString(getInfo(\"log\"), \"" + work.resolve("wrong_path.log") + "\");",
                work.resolve("imagej.log"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String log = log();
        assertTrue(seconds < 200, "ImageJ quit only after " + seconds + " s (a dialog left waiting?)\n" + log);
        assertTrue(log.contains("DINOscope Generate Sample Plate: ") && log.contains("not-a-folder.txt"), log);
        String ijLog = Files.readString(work.resolve("wrong_path.log"));
        assertTrue(ijLog.contains("not-a-folder.txt") && !ijLog.contains("not reached"), ijLog);
    }
}
