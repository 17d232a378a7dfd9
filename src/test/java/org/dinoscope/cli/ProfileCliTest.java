package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.table.ProfileTable;
import org.dinoscope.testutil.PlantedProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile}, {@code evaluate} and {@code plot} end to end on a planted well table. */
class ProfileCliTest {
    @TempDir
    Path dir;

    private Path wells() throws IOException {
        Path p = dir.resolve("wells.csv.gz");
        PlantedProfiles.wells(6, 3, 9).write(p);
        return p;
    }

    @Test
    void profileNormalisesAndAggregatesWithASidecar() throws IOException {
        Path out = dir.resolve("treatments.csv");
        CliTest.Result r = CliTest.run("profile", "--in", wells().toString(), "--out", out.toString(),
                "--step", "mad_robustize", "--step", "variance_filter", "--step", "aggregate",
                "--aggregate-by", "Metadata_Compound,Metadata_Concentration");
        assertEquals(0, r.code(), r.err());
        ProfileTable t = ProfileTable.read(out);
        assertEquals(13, t.rows(), "12 treatments and DMSO");
        // the mechanism is the same for every well of a treatment, so it is kept; plates and wells are not
        assertEquals(List.of("Metadata_Compound", "Metadata_Concentration", "Metadata_moa"), t.metadataColumns());
        JsonObject prov = JsonParser.parseString(Files.readString(Path.of(out + ".json"))).getAsJsonObject();
        assertEquals("profile", prov.get("command").getAsString());
        assertTrue(r.err().contains("mad_robustize: 32 rows x 18 features"), r.err());
    }

    @Test
    void profileFailsNamingAMissingControl() throws IOException {
        CliTest.Result r = CliTest.run("profile", "--in", wells().toString(), "--out", dir.resolve("x.csv").toString(),
                "--step", "standardize", "--control", "NOPE");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no row has Metadata_Compound = NOPE"), r.err());
    }

    @Test
    void evaluateWritesOneObjectPerMetricAndATable() throws IOException {
        Path report = dir.resolve("report.json");
        Path queries = dir.resolve("queries.csv");
        CliTest.Result r = CliTest.run("evaluate", "--profiles", wells().toString(), "--out", report.toString(),
                "--aggregate-by", "Metadata_Compound,Metadata_Concentration", "--null-size", "500",
                "--queries", queries.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        // planted mechanisms: every treatment's neighbour is another compound of its mechanism
        assertEquals(1.0, j.getAsJsonObject("nsc").get("accuracy").getAsDouble());
        assertEquals(12, j.getAsJsonObject("nsc").get("n").getAsInt());
        assertTrue(j.getAsJsonObject("map").get("mean_average_precision").getAsDouble() > 0.9);
        assertEquals(12, j.getAsJsonObject("map").getAsJsonArray("groups").size());
        assertTrue(j.has("ami") && j.has("silhouette_label") && j.has("graph_connectivity"), j.keySet().toString());
        assertTrue(r.out().contains("nsc") && r.out().contains("1.0000"), r.out());
        assertEquals(12, Files.readAllLines(queries).stream().filter(l -> l.startsWith("nsc,")).count());
    }

    /** One label with a trailing space would drop the label column, and with it the label metrics, unless refused. */
    @Test
    void evaluateRefusesALabelThatDiffersWithinATreatmentUnlessTold() throws IOException {
        ProfileTable t = ProfileTable.read(wells());
        int row = t.column("Metadata_Compound").indexOf(t.column("Metadata_Compound").stream()
                .filter(c -> !c.equals("DMSO")).findFirst().orElseThrow());
        List<String> moa = new java.util.ArrayList<>(t.column("Metadata_moa"));
        String label = moa.get(row);
        moa.set(row, label + " ");
        Path bad = dir.resolve("bad.csv");
        t.withColumn("Metadata_moa", moa).write(bad);
        Path report = dir.resolve("report.json");
        CliTest.Result r = CliTest.run("evaluate", "--profiles", bad.toString(), "--out", report.toString(),
                "--aggregate-by", "Metadata_Compound,Metadata_Concentration", "--null-size", "100");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Metadata_moa differs within the group Metadata_Compound=" + t.metadata(row,
                "Metadata_Compound") + ", Metadata_Concentration=" + t.metadata(row, "Metadata_Concentration") + ": '"),
                r.err());
        assertTrue(r.err().contains("'" + label + " ' (data row " + (row + 1) + ")"), r.err());
        assertTrue(r.err().contains("--label-conflict first"), r.err());
        assertTrue(!Files.exists(report));

        r = CliTest.run("evaluate", "--profiles", bad.toString(), "--out", report.toString(),
                "--aggregate-by", "Metadata_Compound,Metadata_Concentration", "--null-size", "100",
                "--label-conflict", "first");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertTrue(j.has("nsc") && j.has("ami"), j.keySet().toString());
    }

    /** Constant profiles tie everywhere: a warning, and a mAP at chance level instead of 1. */
    @Test
    void evaluateWarnsOnConstantProfilesAndDoesNotScoreThemPerfectly() throws IOException {
        ProfileTable t = ProfileTable.read(wells());
        ProfileTable flat = new ProfileTable(t.metadataColumns(), t.featureColumns());
        float[] same = new float[t.featureColumns().size()];
        java.util.Arrays.fill(same, 1f);
        for (int r = 0; r < t.rows(); r++) {
            final int row = r;
            flat.addRow(t.metadataColumns().stream().map(c -> t.metadata(row, c)).toList(), same);
        }
        Path p = dir.resolve("flat.csv");
        flat.write(p);
        Path report = dir.resolve("report.json");
        CliTest.Result r = CliTest.run("evaluate", "--profiles", p.toString(), "--out", report.toString(),
                "--null-size", "100");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: all " + t.rows() + " profiles are identical"), r.err());
        JsonObject j = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        double map = j.getAsJsonObject("map").get("mean_average_precision").getAsDouble();
        assertTrue(map < 0.5, "mAP of constant profiles: " + map);
    }

    /** A heatmap of more rows than it can show is refused at once, saying how to make fewer. */
    @Test
    void aHeatmapOfTooManyRowsIsRefusedNamingTheWayOut() throws IOException {
        ProfileTable big = new ProfileTable(List.of("Metadata_Compound", "Metadata_moa"), List.of("f0", "f1", "f2"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int r = 0; r <= org.dinoscope.viz.Plots.MAX_HEATMAP_ROWS; r++) {
            big.addRow(List.of("c" + r, "m" + r % 5), new float[] {(float) rng.nextDouble(), (float) rng.nextDouble(),
                (float) rng.nextDouble()});
        }
        Path p = dir.resolve("big.csv");
        big.write(p);
        Path png = dir.resolve("h.png");
        long t0 = System.nanoTime();
        CliTest.Result r = CliTest.run("plot", "heatmap", "--profiles", p.toString(), "--color-by", "Metadata_moa",
                "--out", png.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("a heatmap of 3001 profiles: the clustered similarity map is limited to 3000 rows"),
                r.err());
        assertTrue(r.err().contains("aggregate first (--aggregate-by"), r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "refused at once");
        assertTrue(!Files.exists(png));
    }

    @Test
    void evaluateFailsNamingAMissingBatchColumn() throws IOException {
        CliTest.Result r = CliTest.run("evaluate", "--profiles", wells().toString(), "--out",
                dir.resolve("r.json").toString(), "--batch", "Metadata_Week");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no batch column Metadata_Week"), r.err());
    }

    @Test
    void plotWritesEachKind() throws IOException {
        for (String kind : List.of("umap", "pca", "heatmap", "channels")) {
            Path png = dir.resolve(kind + ".png");
            Path numbers = dir.resolve(kind + ".csv");
            CliTest.Result r = CliTest.run("plot", kind, "--profiles", wells().toString(), "--out", png.toString(),
                    "--drop-controls", "--neighbors", "8", "--trees", "50", "--table", numbers.toString());
            assertEquals(0, r.code(), kind + ": " + r.err());
            assertTrue(ImageIO.read(png.toFile()).getWidth() >= 1000, kind);
            assertTrue(Files.readAllLines(numbers).size() > 1, kind);
        }
        CliTest.Result bad = CliTest.run("plot", "violin", "--profiles", wells().toString(), "--out",
                dir.resolve("v.png").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown plot 'violin'"), bad.err());
    }
}
