package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            Result r = run(sub, "--help");
            assertEquals(0, r.code, sub);
            assertTrue(r.out.contains("Usage: dinoscope " + sub), r.out);
        }
        assertTrue(run("--help").out.contains("embed"));
    }

    @Test
    void embedWritesOneRowPerImageWithTableContractAndSidecar() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 300, 240, 2, 1);
        Path b = TestImages.tiff16(dir.resolve("b.tif"), 230, 460, 2, 2);
        Path out = dir.resolve("profiles.csv");
        Result r = run("embed", "--image", a.toString(), "--image", b.toString(), "--model", "random",
                "--channel-names", "DNA,RNA", "--out", out.toString(), "--batch-size", "3");
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        String[] header = lines.get(0).split(",");
        assertEquals("Metadata_FileName", header[0]);
        assertEquals("Metadata_Crops", header[2]);
        assertEquals("DNA_0", header[3]);
        assertEquals("DNA_383", header[3 + 383]);
        assertEquals("RNA_0", header[3 + 384]);
        assertEquals(3 + 2 * 384, header.length);
        assertTrue(lines.get(1).startsWith("a.tif,"));
        assertEquals("1", lines.get(1).split(",")[2]);
        assertEquals("2", lines.get(2).split(",")[2]); // 230x460: one column, two rows of crops
        JsonObject prov = JsonParser.parseString(Files.readString(dir.resolve("profiles.csv.json"))).getAsJsonObject();
        assertEquals("random", prov.get("preset").getAsString());
        assertEquals(0, prov.get("seed").getAsLong());
        assertEquals("DNA", prov.getAsJsonObject("input").getAsJsonArray("channel_names").get(0).getAsString());
    }

    /** The same files as an image list and as a layout give the same features (within 1e-5), row for row. */
    @Test
    void anImageListEmbedsAsTheSameFilesInALayout() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("embed", "--model", "random", "--channel-names", "DNA",
                "--batch-size", "2", "--out", dir.resolve("list.csv").toString()));
        for (int w = 1; w <= 3; w++) {
            Path f = TestImages.tiff16(dir.resolve("plate").resolve(String.format("P1_B%02d_s1_w1.tif", w)), 224,
                    224 + 10 * w, 1, 20 + w);
            args.addAll(List.of("--image", f.toString()));
        }
        Result list = run(args.toArray(String[]::new));
        assertEquals(0, list.code, list.err);
        assertTrue(list.out.contains("crops/s"), list.out);
        Result layout = run("embed", "--layout", dir.resolve("plate").toString(), "--pattern", "imagexpress",
                "--channel-map", "1=DNA", "--model", "random", "--out", dir.resolve("layout").toString());
        assertEquals(0, layout.code, layout.err);
        org.dinoscope.table.ProfileTable a = org.dinoscope.table.ProfileTable.read(dir.resolve("list.csv"));
        org.dinoscope.table.ProfileTable b = org.dinoscope.table.ProfileTable.read(dir.resolve("layout/fields.csv"));
        assertEquals(3, a.rows());
        assertEquals(b.featureColumns(), a.featureColumns());
        for (int r = 0; r < 3; r++) {
            assertEquals(String.format("P1_B%02d_s1_w1.tif", r + 1), a.metadata(r, "Metadata_FileName"));
            float[] x = a.features(r);
            float[] y = b.features(r);
            for (int k = 0; k < x.length; k++) {
                assertEquals(y[k], x[k], 1e-5, "row " + r + ", " + a.featureColumns().get(k));
            }
        }
    }

    @Test
    void randomPresetIsDeterministicForASeed() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 3);
        String s0 = embedOnce(a, "0", "x.csv");
        assertEquals(s0, embedOnce(a, "0", "y.csv"));
        assertNotEquals(s0, embedOnce(a, "1", "z.csv"));
    }

    private String embedOnce(Path image, String seed, String name) throws IOException {
        Path out = dir.resolve(name);
        Result r = run("embed", "--image", image.toString(), "--seed", seed, "--out", out.toString());
        assertEquals(0, r.code, r.err);
        return Files.readAllLines(out).get(1);
    }

    @Test
    void smallFieldIsAnErrorNamingTheFileUnlessPadded() throws IOException {
        Path small = TestImages.tiff16(dir.resolve("small.tif"), 200, 300, 1, 4);
        Path out = dir.resolve("p.csv");
        Result r = run("embed", "--image", small.toString(), "--out", out.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("small.tif") && r.err.contains("smaller than one 224 px crop"), r.err);
        assertFalse(Files.exists(out));
        assertEquals(0, run("embed", "--image", small.toString(), "--out", out.toString(),
                "--small-field", "pad").code);
        assertEquals(0, run("embed", "--image", small.toString(), "--out", dir.resolve("r.csv").toString(),
                "--small-field", "resize").code);
    }

    @Test
    void badImagesAreReportedByNameAndTheRestIsWritten() throws IOException {
        Path good = TestImages.tiff16(dir.resolve("good.tif"), 224, 224, 1, 5);
        Path truncated = dir.resolve("truncated.tif");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path out = dir.resolve("p.csv");
        Result r = run("embed", "--image", good.toString(), "--image", truncated.toString(),
                "--image", dir.resolve("missing.tif").toString(), "--out", out.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("truncated.tif"), r.err);
        assertTrue(r.err.contains("missing.tif: no such image file"), r.err);
        assertTrue(r.err.contains("2 of 3 images failed"), r.err);
        assertEquals(2, Files.readAllLines(out).size());
    }

    @Test
    void infoDescribesADinoTrainingCheckpoint() {
        Result r = run("info", "--weights", "src/test/resources/golden/dino_train_p8.pth", "--heads", "2");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("layout:       DINO training checkpoint (teacher)"), r.out);
        assertTrue(r.out.contains("ViT dim 32, depth 2, heads 2, patch 8, 1 input channel, MLP 64, trained token grid 14x14"),
                r.out);
        assertTrue(r.out.contains("teacher.head.mlp.0.weight"), r.out);
    }

    @Test
    void infoOnSomethingElseNamesTheFile() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.pth"), "not a checkpoint at all");
        Result r = run("info", "--weights", notes.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("notes.pth"), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    }

    @Test
    void embedWithRealWeightsAndTheWrongPresetExplains() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 8);
        Result r = run("embed", "--image", a.toString(), "--model", "imagenet-dino", "--weights",
                "src/test/resources/golden/unidino_p16_plain.pth", "--heads", "2", "--out", dir.resolve("p.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("unidino_p16_plain.pth") && r.err.contains("expects a network with 3 input channel"),
                r.err);
    }

    @Test
    void presetThatNeedsWeightsSaysSo() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 6);
        Result r = run("embed", "--image", a.toString(), "--model", "unidino", "--out", dir.resolve("p.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("needs a weights file"), r.err);
        Result bad = run("embed", "--image", a.toString(), "--model", "dinov9", "--out", dir.resolve("p.csv").toString());
        assertEquals(1, bad.code);
        assertTrue(bad.err.contains("unknown model preset 'dinov9'"), bad.err);
    }

    /**
     * {@code dinoscope attention}: per image a float stack (heads, then their mean, multiples of uniform attention)
     * covering the field up to its last whole patch, an overlay PNG with the colour bar beside the field, and a
     * sidecar; an unreadable image is named and the others still written.
     */
    @Test
    void attentionWritesAStackAPngAndASidecarPerImage() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 240, 200, 2, 4);
        Path bad = Files.writeString(dir.resolve("bad.tif"), "not a tiff");
        Path out = dir.resolve("maps");
        Result r = run("attention", "--image", a.toString(), "--image", bad.toString(), "--model", "random",
                "--channel-names", "DNA,RNA", "--channel", "2", "--threshold", "0.6", "--upsample", "bilinear",
                "--out", out.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("bad.tif: ") && r.err.contains("1 of 2 images failed"), r.err);
        assertTrue(r.err.contains("RNA: 6 heads over 15x12 patches"), r.err);
        // read with the JDK's reader: FieldReader refuses NaN, which marks the rows the map does not cover
        javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("tiff").next();
        try (var in = javax.imageio.ImageIO.createImageInputStream(out.resolve("a.attention.tif").toFile())) {
            reader.setInput(in);
            assertEquals(7, reader.getNumImages(true));
            java.awt.image.Raster mean = reader.read(6).getRaster();
            assertEquals(java.awt.image.DataBuffer.TYPE_FLOAT, mean.getDataBuffer().getDataType());
            assertTrue(!Float.isNaN(mean.getSampleFloat(239, 191, 0)) && Float.isNaN(mean.getSampleFloat(0, 192, 0)),
                    "cut at 192 rows");
        } finally {
            reader.dispose();
        }
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("a.attention.png").toFile());
        assertTrue(png.getWidth() > 240 && png.getHeight() >= 200, "the field and the colour bar");
        JsonObject prov = JsonParser.parseString(Files.readString(out.resolve("a.attention.tif.json"))).getAsJsonObject();
        assertEquals("random", prov.get("preset").getAsString());
        JsonObject att = prov.getAsJsonObject("input").getAsJsonObject("attention");
        assertEquals("RNA", att.get("channel").getAsString());
        assertFalse(att.get("tiled").getAsBoolean());
        assertEquals("bilinear", att.get("upsample").getAsString());

        Path b = TestImages.tiff16(dir.resolve("b.tif"), 460, 240, 2, 5);
        r = run("attention", "--image", b.toString(), "--channel", "all", "--max-patches", "10", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("ch2: 6 heads over 28x14 patches, tiled"), r.err);
        assertTrue(Files.isRegularFile(out.resolve("b.ch1.attention.png")) && Files.isRegularFile(out.resolve("b.ch2.attention.tif")));
    }
}
