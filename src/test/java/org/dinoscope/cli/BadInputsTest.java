package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dinoscope.testutil.BadInputs;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every case of the bad-input corpus ({@link BadInputs}, {@code scripts/bad-inputs.sh}) through the CLI: the exit
 * code, the message (naming the file and what to do) and no output that looks complete. docs/errors.md lists
 * the same cases.
 */
class BadInputsTest {
    @TempDir
    static Path corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCorpus() throws IOException {
        BadInputs.main(new String[] {corpus.toString()});
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bomb-20000x20000-uint16.tif|declares 20000 x 20000 px, 16-bit, 1 plane; decoding it needs about 4.0 GB of Java "
                + "heap|DINOSCOPE_JAVA_OPTS=-Xmx16g",
        "bomb-46000x46000-uint16.tif|declares 46000 x 46000 px, 16-bit, 1 plane; decoding it needs about 21.2 GB|"
                + "DINOSCOPE_JAVA_OPTS=-Xmx16g",
        "bomb-50000x50000-uint8.tif|declares 50000 x 50000 px, 8-bit, 1 plane (2500000000 samples), more than one "
                + "field can hold|cut the image into fields",
        "empty.tif|the file is empty (0 bytes)|interrupted copy",
        "bigtiff.tif|a BigTIFF (64-bit offsets)|save the field as a standard TIFF",
        "float-nan.tif|1 pixel of this float image is NaN or infinite (first: plane 1, pixel 2243 = NaN)|replace them",
        "ome-two-series.ome.tif|an OME-TIFF holding 2 image series|save each series as its own file",
        "float-huge.tif|the embedding holds 384 non-finite values of 384 (first: ch1_0 = NaN)|the input or the network "
                + "produced NaN or infinity",
    })
    void imagesThatCannotBeEmbeddedAreNamedAndNothingIsWritten(String file, String what, String todo) {
        Path out = dir.resolve("out.csv");
        CliTest.Result r = CliTest.run("embed", "--image", corpus.resolve(file).toString(), "--model", "random",
                "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(corpus.resolve(file) + ": "), r.err());
        assertTrue(r.err().contains(what), r.err());
        assertTrue(r.err().contains(todo), r.err());
        assertTrue(r.err().contains("no image could be embedded; nothing written"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void weightsWithNaNAreRefusedByInfoAndEmbedNamingTheTensor() throws IOException {
        String weights = corpus.resolve("weights-nan.safetensors").toString();
        String expected = "weights-nan.safetensors: tensor 'blocks.1.norm1.weight' holds 1 non-finite value of 64 "
                + "(first at flat index 5: NaN)";
        CliTest.Result info = CliTest.run("info", "--weights", weights);
        assertEquals(1, info.code());
        assertTrue(info.err().contains(expected), info.err());
        assertFalse(info.out().contains("architecture"), info.out());

        Path image = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 1);
        Path out = dir.resolve("out.csv");
        CliTest.Result embed = CliTest.run("embed", "--image", image.toString(), "--model", "unidino", "--weights",
                weights, "--out", out.toString());
        assertEquals(1, embed.code());
        assertTrue(embed.err().contains(expected), embed.err());
        assertFalse(Files.exists(out));
    }

    /** Weights of another network than the preset's paper run, with a note saying so. */
    @Test
    void weightsOfAnotherNetworkThanThePapersRunWithANote() throws IOException {
        Path weights = dir.resolve("tiny.safetensors");
        org.dinoscope.model.checkpoint.SafetensorsFile.write(weights,
                org.dinoscope.model.RandomWeights.create(BadInputs.TINY, 3), java.util.Map.of());
        Path image = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 1);
        Path out = dir.resolve("out.csv");
        CliTest.Result r = CliTest.run("embed", "--image", image.toString(), "--model", "unidino", "--weights",
                weights.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("dinoscope: note: " + weights + ": a ViT of dim 64, depth 2, patch 16, not the "
                + "ViT-S/16 that preset unidino describes"), r.err());
        assertTrue(Files.exists(out));
    }

    /**
     * Inside a plate run a bad field is a failure row, the rest is embedded, and the exit code says so: a float
     * field with NaN (refused when read) and one whose embedding is not finite (refused when embedded).
     */
    @Test
    void nonFiniteFieldsInAPlateAreFailureRows() throws IOException {
        Path root = dir.resolve("plate");
        for (int w = 1; w <= 3; w++) {
            for (int c = 1; c <= 2; c++) {
                TestImages.tiff16(root.resolve(String.format("P1_B%02d_s1_w%d.tif", w, c)), 224, 224, 1, 10 * w + c);
            }
        }
        BadInputs.floatWithNaN(root.resolve("P1_B02_s1_w1.tif"));
        BadInputs.floatHuge(root.resolve("P1_B03_s1_w1.tif")); // both channels: a field holds one pixel type
        BadInputs.floatHuge(root.resolve("P1_B03_s1_w2.tif"));
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("embed", "--layout", root.toString(), "--pattern", "imagexpress",
                "--channel-map", "1=DNA,2=RNA", "--model", "random", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("2 of 3 fields failed"), r.err());
        List<String> failures = Files.readAllLines(out.resolve("failures.csv"));
        assertEquals(3, failures.size());
        assertTrue(failures.get(1).startsWith("P1,B02,1,") && failures.get(1).contains("P1_B02_s1_w1.tif")
                && failures.get(1).contains("NaN or infinite"), failures.get(1));
        assertTrue(failures.get(2).startsWith("P1,B03,1,") && failures.get(2).contains("P1_B03_s1_w2.tif")
                && failures.get(2).contains("the embedding holds") && failures.get(2).contains("(first: DNA_0 = NaN)"),
                failures.get(2));
        List<String> fields = Files.readAllLines(out.resolve("fields.csv"));
        assertEquals(2, fields.size());
        assertTrue(fields.get(1).startsWith("P1,B01,1,"), fields.get(1));
    }

    /** Two fields of two 224 px channels, ImageXpress names, wells B01 and B02. */
    private Path plate() throws IOException {
        Path root = dir.resolve("plate");
        for (int w = 1; w <= 2; w++) {
            for (int c = 1; c <= 2; c++) {
                TestImages.tiff16(root.resolve(String.format("P1_B%02d_s1_w%d.tif", w, c)), 224, 224, 1, 10 * w + c);
            }
        }
        return root;
    }

    @Test
    void aBadPatternRegexNamesTheOption() throws IOException {
        CliTest.Result r = CliTest.run("layout", "--layout", plate().toString(), "--pattern", "(?<well>[A-P]\\d+");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--pattern '(?<well>[A-P]\\d+' is neither a preset (")
                && r.err().contains("imagexpress"), r.err());
        assertTrue(r.err().contains("nor a valid regular expression: Unclosed group near index"), r.err());
    }

    @Test
    void aLoadDataCsvWithAHeaderOnlyIsAnError() throws IOException {
        Path csv = Files.writeString(dir.resolve("load_data.csv"),
                "Metadata_Plate,Metadata_Well,Metadata_Site,FileName_OrigDNA,PathName_OrigDNA\n");
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("embed", "--layout", csv.toString(), "--model", "random", "--out",
                out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(csv + ": the load_data CSV has a header but no rows"), r.err());
        assertFalse(Files.exists(out.resolve("fields.csv")));
    }

    @Test
    void outNamingAnExistingFileSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliTest.Result r = CliTest.run("embed", "--layout", plate().toString(), "--channel-map", "1=DNA,2=RNA",
                "--model", "random", "--out", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(file + ": --out names an existing file, but a plate run writes a folder"),
                r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void platemapWellsWithoutImagesAreReported() throws IOException {
        Path map = Files.writeString(dir.resolve("platemap.csv"),
                "well_position,Metadata_Compound\nB01,a\nB02,b\nB03,c\nC07,d\n");
        CliTest.Result r = CliTest.run("layout", "--layout", plate().toString(), "--channel-map", "1=DNA,2=RNA",
                "--platemap", map.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 wells of " + map + " have no image files: B03, C07"), r.err());
    }

    @Test
    void demoHelpNamesTheDefaultModelItRuns() {
        CliTest.Result r = CliTest.run("demo", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("'dinoscope demo' alone defaults to demo"), r.out());
    }
}
