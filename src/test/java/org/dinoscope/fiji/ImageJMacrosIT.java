package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.profile.ProfilePipeline;
import org.dinoscope.profile.Profiles;
import org.dinoscope.testutil.ImageJProcess;
import org.dinoscope.testutil.PlantedProfiles;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example macros in macros/ replayed in the real ImageJ 1.54p application, with DINOscope installed
 * as docs/install.md says for plain ImageJ 1 (plugin jar in plugins/, every jar of the build's lib folder in
 * plugins/jars/), under Xvfb and
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
        imagej = install(work.resolve("ImageJ"), false);
    }

    /**
     * ImageJ 1 with DINOscope as docs/install.md says for plain ImageJ 1: ij.jar, the plugin jar in plugins/, every
     * jar of the build's lib folder (natives included) in plugins/jars/. With link, the jars are symbolic links
     * (for the installs that tests then break).
     */
    static Path install(Path folder, boolean link) throws IOException {
        Path jars = Files.createDirectories(folder.resolve("plugins/jars"));
        Path plugin = Path.of(System.getProperty("dinoscope.plugin.jar"));
        List<Path[]> files = new java.util.ArrayList<>();
        files.add(new Path[] {Path.of(System.getProperty("dinoscope.ij.jar")), folder.resolve("ij.jar")});
        files.add(new Path[] {plugin, folder.resolve("plugins").resolve(plugin.getFileName())});
        try (Stream<Path> libs = Files.list(Path.of(System.getProperty("dinoscope.lib.dir")))) {
            for (Path lib : libs.toList()) {
                files.add(new Path[] {lib, jars.resolve(lib.getFileName())});
            }
        }
        for (Path[] f : files) {
            if (link) {
                Files.createSymbolicLink(f[1], f[0].toAbsolutePath());
            } else {
                Files.copy(f[0], f[1]);
            }
        }
        return folder;
    }

    /**
     * Runs Embed Image from a batch-mode macro in the given ImageJ (with DJL's cache folder) and returns the Log
     * window's text; the driver macro goes on (and quits ImageJ) whatever the inner macro did.
     */
    private static String embedImageLog(Path ij, Path djlCache, Path out) throws Exception {
        Path macro = work.resolve("embed_" + ij.getFileName() + ".ijm");
        Files.writeString(macro, "setBatchMode(true);\nnewImage(\"field\", \"16-bit random\", 224, 224, 1);\n"
                + "run(\"Embed Image\", \"model=random batch_size=4 out=[" + out + "]\");\n");
        Path ijLog = work.resolve(ij.getFileName() + ".log");
        ImageJProcess.run(ij, null, "r = runMacro(\"" + macro + "\");\nFile.saveString(getInfo(\"log\"), \""
                + ijLog + "\");", work.resolve(ij.getFileName() + "-stdout.log"), djlCache);
        return Files.exists(ijLog) ? Files.readString(ijLog) : "(no Log saved) "
                + Files.readString(work.resolve(ij.getFileName() + "-stdout.log"));
    }

    /**
     * Plain ImageJ 1 with a jar left out (scijava-common, which Fiji ships and the update site therefore does not):
     * the menu entry says, once, in the Log, which jar is missing and how to install it, instead of doing nothing.
     */
    @Test
    void aMissingJarIsNamedInTheLog() throws Exception {
        Path ij = install(work.resolve("ImageJ-without-scijava"), true);
        try (Stream<Path> jars = Files.list(ij.resolve("plugins/jars"))) {
            for (Path j : jars.filter(j -> j.getFileName().toString().startsWith("scijava-common-")).toList()) {
                Files.delete(j);
            }
        }
        Path out = work.resolve("missing-jar.csv");
        String log = embedImageLog(ij, Path.of(System.getProperty("DJL_CACHE_DIR")), out);
        assertTrue(log.contains("DINOscope cannot start: the jar scijava-common is missing"), log);
        assertTrue(log.contains("plugins/jars/"), log);
        assertEquals(1, log.split("DINOscope cannot start", -1).length - 1, "one message: " + log);
        assertTrue(!Files.exists(out), log);
    }

    /**
     * The PyTorch natives where the update site puts them for Fiji (plugins/jars/linux64/), where ImageJ 1 does
     * not look, and no unpacked copy in DJL's cache folder: the message names the missing native jar and where it
     * belongs, instead of DJL's bare "Offline mode is enabled".
     */
    @Test
    void nativesInAPlatformSubfolderAreNamed() throws Exception {
        Path ij = install(work.resolve("ImageJ-natives-in-subfolder"), true);
        Path jars = ij.resolve("plugins/jars");
        Path platform = Files.createDirectories(jars.resolve("linux64"));
        try (Stream<Path> files = Files.list(jars)) {
            for (Path j : files.filter(j -> j.getFileName().toString().startsWith("pytorch-native-cpu-")).toList()) {
                Files.move(j, platform.resolve(j.getFileName()));
            }
        }
        Path out = work.resolve("natives.csv");
        String log = embedImageLog(ij, Files.createDirectories(work.resolve("empty-djl-cache")), out);
        assertTrue(log.contains("DINOscope Embed Image: the PyTorch native libraries for linux-x86_64 are missing"),
                log);
        assertTrue(log.contains("in plain ImageJ 1 put it in plugins/jars/ itself, not in a subfolder"), log);
        assertEquals(1, log.split("are missing", -1).length - 1, "one message: " + log);
        assertTrue(!Files.exists(out), log);
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
    void trainThenEmbedWithTheNewModel() throws Exception {
        Path plate = work.resolve("train-plate");
        org.dinoscope.synth.SynthOptions o = new org.dinoscope.synth.SynthOptions(6, 1, 1, 1, 224,
                List.of(1.0), 1);
        org.dinoscope.synth.SyntheticPlates.generate(plate, o, 2, org.dinoscope.ProgressListener.NONE);
        // a tiny starting network, so that the macro's run is seconds, not the hours of a ViT-S
        org.dinoscope.train.TrainOptions tiny = org.dinoscope.testutil.TinyTraining.options(1, 1);
        tiny.patch = 16; // the macro trains 64 and 32 px crops
        Path init = org.dinoscope.train.Trainer.run(tiny, org.dinoscope.plate.Layouts.open(plate, "imagexpress",
                org.dinoscope.synth.SyntheticPlates.CHANNEL_MAP, plate.resolve("platemap.csv"), w -> { }),
                work.resolve("init"), org.dinoscope.ProgressListener.NONE,
                org.dinoscope.train.Trainer.StepListener.NONE).models().get(0);
        Path out = work.resolve("wsdino");
        runMacro(Path.of("macros/train_and_embed.ijm"), "plate=" + plate + " out=" + out + " init=" + init
                + " steps=2 batch_size=2 global_size=64 local_size=32 local_crops=2 out_dim=16 device=cpu");
        assertEquals(3, Files.readAllLines(out.resolve("train/loss.csv")).size(), log());
        List<String> wells = Files.readAllLines(out.resolve("profiles/wells.csv"));
        assertEquals(org.dinoscope.synth.SyntheticPlates.design(o).size() + 1, wells.size(), log());
        assertTrue(wells.get(0).contains("DNA_63") && !wells.get(0).contains("DNA_64"), wells.get(0));
        assertTrue(Files.size(out.resolve("train/loss.png")) > 1000, log());
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
     * The worked example: normalise a planted well table, evaluate it and save the UMAP and the heatmap, all in a
     * batch-mode macro. The normalised table is the one ProfilePipeline writes for the macro's options, the metrics
     * table is the report's, the pictures have the sizes the commands draw.
     */
    @Test
    void evaluateAndPlotAWellTable() throws Exception {
        Path wells = Files.createDirectories(work.resolve("planted")).resolve("wells.csv");
        PlantedProfiles.wells(8, 4, 1).write(wells);
        Path out = work.resolve("evaluation");
        runMacro(Path.of("macros/evaluate_and_plot.ijm"), "profiles=" + wells + " out=" + out + " neighbors=5");
        Path reference = work.resolve("reference.csv");
        ProfilePipeline.defaults().withSteps(List.of("mad_robustize", "variance_filter"))
                .withAggregation(List.of(), Profiles.Combine.MEAN).apply(wells, reference, n -> { });
        assertTrue(Files.exists(out.resolve("normalized.csv")), log());
        assertEquals(Files.readAllLines(reference), Files.readAllLines(out.resolve("normalized.csv")));

        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        double nsc = report.getAsJsonObject("nsc").get("accuracy").getAsDouble();
        assertTrue(nsc > 0.9, "planted mechanisms are found: " + nsc);
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).contains("metric") && metrics.get(0).contains("value"), metrics.get(0));
        assertTrue(metrics.stream().anyMatch(l -> l.matches(".*\\bnsc,([0-9.]+),.*")
                && Math.abs(Double.parseDouble(l.replaceAll(".*\\bnsc,([0-9.]+),.*", "$1")) - nsc) < 1e-3),
                String.join("\n", metrics));

        BufferedImage umap = ImageIO.read(out.resolve("umap.png").toFile());
        assertEquals(1000, umap.getWidth());
        assertEquals(800, umap.getHeight());
        BufferedImage heatmap = ImageIO.read(out.resolve("heatmap.png").toFile());
        assertEquals(1150, heatmap.getWidth(), "12 treatments: the smallest square with the colour scale");
        assertEquals(1000, heatmap.getHeight());
    }

    /**
     * Plate views from a batch-mode macro: one PNG per plate and value, each well's block in the colour of the value
     * the core computes (distance to the DMSO wells; replicate mAP, with the DMSO wells grey for having none).
     */
    @Test
    void plateViewsOfAWellTable() throws Exception {
        Path wells = Files.createDirectories(work.resolve("plates")).resolve("wells.csv");
        org.dinoscope.table.ProfileTable t = PlantedProfiles.wells(8, 4, 3);
        t.write(wells);
        Path out = work.resolve("plate-views");
        runMacro(Path.of("macros/plate_view.ijm"), "profiles=" + wells + " out=" + out);
        List<String> rep = List.of("Metadata_Compound", "Metadata_Concentration");
        for (String kind : List.of("distance", "map")) {
            org.dinoscope.viz.WellValues.Result r = org.dinoscope.viz.WellValues.compute(t,
                    new org.dinoscope.viz.WellValues.Options(org.dinoscope.viz.WellValues.Kind.parse(kind), null, 1,
                            "Metadata_Compound", "DMSO", rep, 1000, 0), n -> { });
            for (String plate : List.of("P1", "P2")) {
                Path png = out.resolve(kind + "_" + plate + ".png");
                assertTrue(Files.exists(png), png + "\n" + log());
                BufferedImage img = ImageIO.read(png.toFile());
                org.dinoscope.viz.PlateView v = new org.dinoscope.viz.PlateView(r, plate, null, null);
                org.dinoscope.viz.WellValues.Plate p = r.plate(plate);
                for (String well : List.of("A02", "A09", "A14")) {
                    java.awt.Rectangle b = v.blockOf(well);
                    double value = p.values()[p.wells().indexOf(well)];
                    java.awt.Color want = Double.isNaN(value) ? org.dinoscope.viz.PlateView.NO_VALUE
                            : (java.awt.Color) org.dinoscope.viz.ColourKey.viridis(r.lower(), r.upper()).getPaint(value);
                    assertEquals(want.getRGB(), img.getRGB((int) b.getCenterX(), (int) b.getCenterY()),
                            kind + " " + plate + " " + well);
                }
                java.awt.Rectangle dmso = v.blockOf("A14");
                assertEquals(kind.equals("map"), img.getRGB((int) dmso.getCenterX(), (int) dmso.getCenterY())
                        == org.dinoscope.viz.PlateView.NO_VALUE.getRGB(), "a DMSO well has no replicate mAP");
            }
        }
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
