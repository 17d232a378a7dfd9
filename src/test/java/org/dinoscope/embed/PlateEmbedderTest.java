package org.dinoscope.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dinoscope.cli.Main;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plate pipeline end to end through the CLI: tables, bad input, and a real kill -9 and resume. */
class PlateEmbedderTest {
    @TempDir
    Path dir;

    /** An ImageXpress-named plate: wells x sites fields of two 224 px 16-bit channels. */
    private Path plate(int wells, int sites) throws IOException {
        Path root = dir.resolve("plate");
        for (int w = 1; w <= wells; w++) {
            for (int s = 1; s <= sites; s++) {
                for (int c = 1; c <= 2; c++) {
                    String name = String.format("P1_B%02d_s%d_w%d.tif", w, s, c);
                    TestImages.tiff16(root.resolve("P1").resolve(name), 224, 224, 1, w * 100 + s * 10 + c);
                }
            }
        }
        return root;
    }

    private static int cli(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    private static String[] embedArgs(Path layout, Path out) {
        return new String[] {"embed", "--layout", layout.toString(), "--pattern", "imagexpress", "--channel-map",
                "1=DNA,2=RNA", "--model", "random", "--out", out.toString(), "--batch-size", "3"};
    }

    @Test
    void fieldAndWellTablesFollowTheContract() throws IOException {
        Path layout = plate(3, 2);
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, embedArgs(layout, dir.resolve("out"))), err.toString());
        List<String> fields = Files.readAllLines(dir.resolve("out/fields.csv"));
        List<String> wells = Files.readAllLines(dir.resolve("out/wells.csv"));
        assertEquals(7, fields.size());
        assertEquals(4, wells.size());
        assertTrue(fields.get(0).startsWith("Metadata_Plate,Metadata_Well,Metadata_Site,Metadata_Crops,DNA_0,"));
        assertTrue(wells.get(0).startsWith("Metadata_Plate,Metadata_Well,Metadata_Fields,DNA_0,"));
        // the well profile is the mean of its two fields
        float[] f1 = values(fields.get(1), 4);
        float[] f2 = values(fields.get(2), 4);
        float[] w = values(wells.get(1), 3);
        for (int k = 0; k < w.length; k++) {
            assertEquals((f1[k] + f2[k]) / 2, w[k], 1e-6);
        }
        assertTrue(Files.exists(dir.resolve("out/wells.csv.json")));
        assertEquals(1, Files.readAllLines(dir.resolve("out/failures.csv")).size());
        // the sidecar opens the layout again, so a field of a row can be found (Fiji's profile map does this)
        org.dinoscope.plate.PlateLayout again = Provenance.layoutOf(dir.resolve("out/wells.csv"), warning -> { });
        assertEquals(List.of("DNA", "RNA"), again.channels());
        assertEquals(layout.resolve("P1/P1_B02_s2_w2.tif").toAbsolutePath(),
                again.find("P1", "B02", "2").channelFiles().get(1).toAbsolutePath());
        assertEquals("1", again.find("P1", "B03", null).site());
    }

    /**
     * A table that profile made from a plate table leads back, through the sidecars, to the plate's layout and to
     * the model that embedded it; a table with no sidecar says so, naming it.
     */
    @Test
    void sidecarsLeadFromANormalisedTableBackToTheLayoutAndTheModel() throws IOException {
        Path layout = plate(3, 1);
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, embedArgs(layout, dir.resolve("out"))), err.toString());
        Path wells = dir.resolve("out/wells.csv");
        Path normalised = dir.resolve("norm/standardized.csv");
        Path again = dir.resolve("norm/again.csv");
        assertEquals(0, cli(err, "profile", "--in", wells.toString(), "--out", normalised.toString(), "--step",
                "standardize", "--fit-on", "all"), err.toString());
        assertEquals(0, cli(err, "profile", "--in", normalised.toString(), "--out", again.toString(), "--step",
                "variance_filter"), err.toString());
        assertEquals(layout.resolve("P1/P1_B03_s1_w1.tif").toAbsolutePath(), Provenance.layoutOf(again, w -> { })
                .find("P1", "B03", null).channelFiles().get(0).toAbsolutePath());
        // the scaling the embedding used is recorded, so the model is rebuilt exactly as it ran
        assertEquals(new org.dinoscope.model.ModelSpec(org.dinoscope.model.Preset.RANDOM, List.of(), 6, 0L,
                org.dinoscope.model.Scaling.DTYPE_MAX), Provenance.modelOf(again));
        assertEquals(Provenance.embedding(wells).toString(), Provenance.embedding(again).toString());

        Path bare = Files.copy(wells, dir.resolve("bare.csv"));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Provenance.layoutOf(bare, w -> { }));
        assertTrue(e.getMessage().contains("bare.csv") && e.getMessage().contains("plate layout"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Provenance.modelOf(bare));
        assertTrue(e.getMessage().contains("bare.csv"), e.getMessage());
    }

    @Test
    void badFieldsAreListedWithTheirReasonAndTheRestIsEmbedded() throws IOException {
        Path layout = plate(3, 1);
        Path corrupt = layout.resolve("P1/P1_B02_s1_w2.tif");
        byte[] bytes = Files.readAllBytes(corrupt);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, 200));
        Files.delete(layout.resolve("P1/P1_B03_s1_w1.tif"));
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, embedArgs(layout, dir.resolve("out"))));
        assertTrue(err.toString().contains("2 of 3 fields failed"), err.toString());
        List<String> failures = Files.readAllLines(dir.resolve("out/failures.csv"));
        assertEquals(3, failures.size());
        assertTrue(failures.get(1).startsWith("P1,B02,1,") && failures.get(1).contains("P1_B02_s1_w2.tif"), failures.get(1));
        assertTrue(failures.get(2).startsWith("P1,B03,1,") && failures.get(2).contains("missing channel DNA"),
                failures.get(2));
        assertEquals(2, Files.readAllLines(dir.resolve("out/fields.csv")).size());
    }

    @Test
    void aWrongLayoutStopsAtOnce() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, embedArgs(empty, dir.resolve("out"))));
        assertTrue(err.toString().contains("no file matches the pattern"), err.toString());
    }

    @Test
    void killedWithSigkillAndRerunEndsIdenticalToAnUninterruptedRun() throws Exception {
        Path layout = plate(8, 2);
        Path reference = dir.resolve("reference");
        assertEquals(0, cli(new StringWriter(), embedArgs(layout, reference)));

        Path out = dir.resolve("resumed");
        Path journal = out.resolve(PlateEmbedder.JOURNAL);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), "-Dai.djl.offline=true", Main.class.getName()));
        cmd.addAll(List.of(embedArgs(layout, out)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()
                && (!Files.exists(journal) || Files.readAllLines(journal).size() < 5)) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed: " + Files.readString(dir.resolve("child.log")));
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        int journaled = Files.readAllLines(journal).size() - 1;
        assertTrue(journaled >= 4 && journaled < 16, "fields journaled before the kill: " + journaled);
        assertTrue(!Files.exists(out.resolve("fields.csv")), "no final table before the run completes");

        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, embedArgs(layout, out)), err.toString());
        assertArrayEquals(Files.readAllBytes(reference.resolve("fields.csv")), Files.readAllBytes(out.resolve("fields.csv")));
        assertArrayEquals(Files.readAllBytes(reference.resolve("wells.csv")), Files.readAllBytes(out.resolve("wells.csv")));
    }

    @Test
    void aJournalOfOtherSettingsIsNotContinued() throws IOException {
        Path layout = plate(1, 1);
        Path out = dir.resolve("out");
        assertEquals(0, cli(new StringWriter(), embedArgs(layout, out)));
        List<String> args = new ArrayList<>(List.of(embedArgs(layout, out)));
        args.addAll(List.of("--seed", "7"));
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, args.toArray(new String[0])));
        assertTrue(err.toString().contains("holds a run with other settings (differs in: seed)"), err.toString());
    }

    /** Another --channel-map over the same files keeps the channel names but not the content: all embedded again. */
    @Test
    void aCorrectedChannelMapReembedsInsteadOfResuming() throws IOException {
        Path layout = plate(2, 1);
        Path out = dir.resolve("out");
        assertEquals(0, cli(new StringWriter(), embedArgs(layout, out)));
        String[] swapped = embedArgs(layout, out);
        swapped[6] = "2=DNA,1=RNA";
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, swapped), err.toString());
        assertTrue(err.toString().contains("2 fields of the earlier run were embedded again"), err.toString());
        String[] fresh = embedArgs(layout, dir.resolve("fresh"));
        fresh[6] = "2=DNA,1=RNA";
        assertEquals(0, cli(new StringWriter(), fresh));
        assertArrayEquals(Files.readAllBytes(dir.resolve("fresh/fields.csv")), Files.readAllBytes(out.resolve("fields.csv")));
    }

    /** Re-acquired images under the same names: only the changed field is embedded again, nothing is mixed. */
    @Test
    void aFieldWhoseFileChangedIsEmbeddedAgain() throws IOException {
        Path layout = plate(3, 1);
        Path out = dir.resolve("out");
        assertEquals(0, cli(new StringWriter(), embedArgs(layout, out)));
        Path changed = layout.resolve("P1/P1_B02_s1_w1.tif");
        TestImages.tiff16(changed, 224, 224, 1, 4242); // other content, same size: the time stamp tells
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, embedArgs(layout, out)), err.toString());
        assertTrue(err.toString().contains("1 fields of the earlier run were embedded again"), err.toString());
        assertEquals(0, cli(new StringWriter(), embedArgs(layout, dir.resolve("fresh"))));
        assertArrayEquals(Files.readAllBytes(dir.resolve("fresh/fields.csv")), Files.readAllBytes(out.resolve("fields.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("fresh/wells.csv")), Files.readAllBytes(out.resolve("wells.csv")));
    }

    @Test
    void aDamagedJournalIsNamedNotDecoded() throws IOException {
        Path layout = plate(1, 1);
        Path out = Files.createDirectories(dir.resolve("out"));
        byte[] noise = new byte[4096];
        new java.util.Random(1).nextBytes(noise);
        Files.write(out.resolve(PlateEmbedder.JOURNAL), noise);
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, embedArgs(layout, out)));
        assertTrue(err.toString().contains(PlateEmbedder.JOURNAL + ": not a DINOscope journal"), err.toString());
        assertTrue(!Files.exists(out.resolve("fields.csv")));
    }

    /**
     * A second run into a folder that a live run holds is refused at once, whether that run is in this process or
     * another; the lock goes with a process killed by SIGKILL.
     */
    @Test
    void aSecondRunIntoTheSameFolderIsRefusedUntilTheFirstEnds() throws Exception {
        Path layout = plate(1, 1);
        Path out = dir.resolve("out");
        try (OutputLock held = OutputLock.acquire(out)) {
            StringWriter err = new StringWriter();
            assertEquals(1, cli(err, embedArgs(layout, out)));
            assertTrue(err.toString().contains("another DINOscope run is writing into this folder"), err.toString());
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath(), org.dinoscope.testutil.HoldOutputLock.class.getName(), out.toString()).start();
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("locked", said);
            StringWriter err = new StringWriter();
            assertEquals(1, cli(err, embedArgs(layout, out)));
            assertTrue(err.toString().contains("another DINOscope run is writing into this folder"), err.toString());
            assertTrue(!Files.exists(out.resolve("fields.csv")));
        } finally {
            p.destroyForcibly(); // SIGKILL: the operating system drops the lock with the process
            p.waitFor();
        }
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, embedArgs(layout, out)), err.toString());
    }

    @Test
    void realTransfluorRowGives72FieldsAnd24Wells() throws IOException {
        Path real = Path.of("../shared/data/images/transfluor-bbbc016");
        Assumptions.assumeTrue(Files.isDirectory(real), "shared data absent");
        StringWriter err = new StringWriter();
        int code = cli(err, "embed", "--layout", real.toString(), "--pattern", "cellprofiler", "--channel-map", "2=GFP",
                "--model", "random", "--out", dir.resolve("tf").toString(), "--batch-size", "32", "--format", "csv.gz");
        assertEquals(0, code, err.toString());
        assertEquals(73, gunzipLines(dir.resolve("tf/fields.csv.gz")).size());
        List<String> wells = gunzipLines(dir.resolve("tf/wells.csv.gz"));
        assertEquals(25, wells.size());
        assertTrue(wells.get(1).startsWith("AS_09047_050428030001,O01,3,"), wells.get(1));
    }

    private static List<String> gunzipLines(Path p) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static float[] values(String csvLine, int skip) {
        String[] parts = csvLine.split(",");
        float[] out = new float[parts.length - skip];
        for (int i = skip; i < parts.length; i++) {
            out[i - skip] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path").replace(' ', File.pathSeparatorChar);
    }
}
