package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.measure.ResultsTable;

import org.dinoscope.cli.Main;
import org.dinoscope.embed.Provenance;
import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Evaluation;
import org.dinoscope.eval.MetricRow;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.profile.ProfilePipeline;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.testutil.PlantedProfiles;
import org.dinoscope.testutil.TestImages;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Plots;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/**
 * Normalize Profiles, Evaluate Profiles, Profile Map (UMAP) and Similarity Heatmap through SciJava's
 * CommandService with no display, against the core they sit on; and the clicks of the two pictures, mapped
 * without a display: a heatmap pixel to its pair, a map point to its row, the row to its plate field, the field
 * to its attention overlay from the model the table's sidecar records.
 */
class ProfileCommandsTest {
    private static final String TREATMENT = "Metadata_Compound,Metadata_Concentration";

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** SciJava remembers inputs between runs (under target/prefs in tests): each test starts from the defaults. */
    @BeforeEach
    void forgetRememberedInputs() {
        PrefService prefs = IJ1Bridge.context().service(PrefService.class);
        for (var c : List.of(NormalizeProfilesCommand.class, EvaluateProfilesCommand.class, ProfileMapCommand.class,
                SimilarityHeatmapCommand.class)) {
            prefs.clear(c);
        }
    }

    private static CommandModule run(Class<? extends Command> c, Map<String, Object> in) throws Exception {
        return IJ1Bridge.context().service(CommandService.class).run(c, true, in).get();
    }

    /** The messages along a failed command's chain of causes. */
    private static String failure(Class<? extends Command> c, Map<String, Object> in) throws InterruptedException {
        Future<CommandModule> f = IJ1Bridge.context().service(CommandService.class).run(c, true, in);
        try {
            f.get();
            return "no failure";
        } catch (ExecutionException e) {
            StringBuilder s = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                s.append(t.getMessage()).append('\n');
            }
            return s.toString();
        }
    }

    private Path planted() throws Exception {
        Path wells = dir.resolve("wells.csv");
        PlantedProfiles.wells(8, 4, 1).write(wells);
        return wells;
    }

    @Test
    void normalizeWritesTheTableProfilePipelineWritesAndShowsEachStepsSize() throws Exception {
        Path wells = planted();
        Path out = dir.resolve("fiji/treatments.csv");
        CommandModule m = run(NormalizeProfilesCommand.class, Map.of("in", wells.toFile(), "out", out.toFile(),
                "steps", "mad_robustize, variance_filter,aggregate", "aggregate_by", TREATMENT));
        Path reference = dir.resolve("core/treatments.csv");
        ProfilePipeline.defaults().withSteps(List.of("mad_robustize", "variance_filter", "aggregate"))
                .withAggregation(List.of(TREATMENT.split(",")), Profiles.Combine.MEAN).apply(wells, reference, n -> { });
        assertEquals(Files.readAllLines(reference), Files.readAllLines(out));
        JsonObject sidecar = JsonParser.parseString(Files.readString(dir.resolve("fiji/treatments.csv.json")))
                .getAsJsonObject();
        assertEquals(wells.toAbsolutePath().toString(), sidecar.get("input").getAsString());

        ResultsTable shapes = (ResultsTable) m.getOutput("shapes");
        assertEquals(4, shapes.size());
        assertEquals("wells.csv", shapes.getStringValue("step", 0));
        assertEquals(32, shapes.getValue("rows", 0));
        assertEquals(24, shapes.getValue("features", 0));
        assertEquals("aggregate", shapes.getStringValue("step", 3));
        assertEquals(13, shapes.getValue("rows", 3), "12 treatments and DMSO");
        assertEquals(ProfileTable.read(out).featureColumns().size(), shapes.getValue("features", 3));
    }

    /** A label that differs within a treatment stops Evaluate Profiles, naming it; label_conflict=first goes on. */
    @Test
    void evaluateStopsOnALabelConflictUnlessToldToTakeTheFirst() throws Exception {
        ProfileTable t = ProfileTable.read(planted());
        List<String> moa = new java.util.ArrayList<>(t.column("Metadata_moa"));
        int row = t.column("Metadata_Compound").indexOf(t.column("Metadata_Compound").stream()
                .filter(c -> !c.equals("DMSO")).findFirst().orElseThrow());
        moa.set(row, moa.get(row) + " ");
        Path bad = dir.resolve("bad.csv");
        t.withColumn("Metadata_moa", moa).write(bad);
        Path json = dir.resolve("report.json");
        String m = failure(EvaluateProfilesCommand.class, Map.of("profiles", bad.toFile(), "out", json.toFile(),
                "aggregate_by", TREATMENT, "null_size", 100));
        assertTrue(m.contains("Metadata_moa differs within the group") && m.contains("label_conflict=first"), m);
        assertTrue(!Files.exists(json));
        run(EvaluateProfilesCommand.class, Map.of("profiles", bad.toFile(), "out", json.toFile(), "aggregate_by",
                TREATMENT, "null_size", 100, "label_conflict", "first"));
        assertTrue(JsonParser.parseString(Files.readString(json)).getAsJsonObject().has("nsc"));
    }

    /** A table with plates and wells only: every metric is skipped, and each row of the table says why. */
    @Test
    void evaluateWithoutLabelColumnsSaysWhichMetricsWereSkippedAndWhy() throws Exception {
        ProfileTable planted = PlantedProfiles.wells(8, 4, 1);
        ProfileTable bare = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well"), planted.featureColumns());
        for (int r = 0; r < planted.rows(); r++) {
            bare.addRow(List.of(planted.metadata(r, "Metadata_Plate"), planted.metadata(r, "Metadata_Well")),
                    planted.matrix()[r]);
        }
        Path table = dir.resolve("bare.csv");
        bare.write(table);
        ResultsTable rt = (ResultsTable) run(EvaluateProfilesCommand.class, Map.of("profiles", table.toFile(),
                "null_size", 100)).getOutput("metrics");
        Map<String, String> notes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rt.size(); i++) {
            assertTrue(Double.isNaN(rt.getValue("value", i)), rt.getStringValue("metric", i));
            notes.put(rt.getStringValue("metric", i), rt.getStringValue("note", i));
        }
        assertEquals(List.of("map", "grit", "nsc", "nscb", "nsb", "nsp", "nscp", "nspw", "nss", "map_label", "ami",
                "silhouette_label", "graph_connectivity", "silhouette_batch"), List.copyOf(notes.keySet()));
        assertEquals("skipped: replicates are rows sharing Metadata_Compound, and the table has no column "
                + "Metadata_Compound", notes.get("map"));
        assertEquals(notes.get("map"), notes.get("grit"));
        assertTrue(notes.get("nsc").startsWith("skipped: no label column Metadata_moa; the table's metadata columns "
                + "are Metadata_Plate, Metadata_Well "), notes.get("nsc"));
        assertEquals(notes.get("nsc"), notes.get("graph_connectivity"));
        assertTrue(notes.get("silhouette_batch").startsWith("skipped: no batch column"), notes.get("silhouette_batch"));
    }

    @Test
    void evaluateShowsTheMetricsEvaluationComputes() throws Exception {
        Path wells = planted();
        Path json = dir.resolve("report.json");
        CommandModule m = run(EvaluateProfilesCommand.class, Map.of("profiles", wells.toFile(), "out", json.toFile(),
                "aggregate_by", TREATMENT, "null_size", 300));
        Evaluation.Result expected = Evaluation.run(ProfileTable.read(wells), Evaluation.Options.defaults()
                .withAggregation(List.of(TREATMENT.split(",")), Profiles.Combine.MEAN).withNull(300, 0), n -> { });
        List<MetricRow> metrics = expected.metrics();
        ResultsTable rt = (ResultsTable) m.getOutput("metrics");
        Map<String, String> skipped = expected.skipped();
        assertEquals(metrics.size() + skipped.size(), rt.size());
        // the planted table has no Metadata_Source: NSS is a row that says so, not a metric that vanished
        int nss = metrics.size() + List.copyOf(skipped.keySet()).indexOf("nss");
        assertEquals("nss", rt.getStringValue("metric", nss));
        assertEquals("skipped: the table has no Metadata_Source", rt.getStringValue("note", nss));
        for (int i = 0; i < metrics.size(); i++) {
            assertEquals(metrics.get(i).metric(), rt.getStringValue("metric", i));
            assertEquals(metrics.get(i).value(), rt.getValue("value", i), 1e-12, metrics.get(i).metric());
        }
        List<String> names = metrics.stream().map(MetricRow::metric).toList();
        assertTrue(names.containsAll(List.of("nsc", "nscb", "map", "map retrieved")), names.toString());
        int nsc = names.indexOf("nsc");
        assertEquals(expected.report().getAsJsonObject("nsc").get("accuracy").getAsDouble(), rt.getValue("value", nsc));
        assertEquals(expected.report().getAsJsonObject("nsc").get("n").getAsInt(), rt.getValue("n", nsc));
        JsonObject written = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(expected.report().get("nsc"), written.get("nsc"));
    }

    @Test
    void withNoDisplayTheMapAndTheHeatmapGoToPngs() throws Exception {
        Path wells = planted();
        Path map = dir.resolve("map.png");
        CommandModule m = run(ProfileMapCommand.class, Map.of("profiles", wells.toFile(), "drop_controls", true,
                "neighbors", 8, "out", map.toFile()));
        assertEquals("DINOscope: umap of 24 profiles of wells.csv -> " + map, m.getOutput("summary"));
        BufferedImage png = ImageIO.read(map.toFile());
        assertEquals(1000, png.getWidth());
        assertEquals(800, png.getHeight());

        Path heat = dir.resolve("heatmap.png");
        m = run(SimilarityHeatmapCommand.class, Map.of("profiles", wells.toFile(), "aggregate_by", TREATMENT,
                "drop_controls", true, "out", heat.toFile()));
        ImagePlus image = (ImagePlus) m.getOutput("heatmap");
        png = ImageIO.read(heat.toFile());
        assertEquals(png.getWidth(), image.getWidth());
        assertEquals(png.getHeight(), image.getHeight());
        assertEquals(png.getRGB(png.getWidth() / 2, png.getHeight() / 2),
                image.getProcessor().getPixel(png.getWidth() / 2, png.getHeight() / 2) | 0xff000000);
    }

    /** Every command that reads a table reads the same table in Parquet as in CSV, through the core's reader. */
    @Test
    void everyTableCommandReadsParquetAsItReadsCsv() throws Exception {
        Path csv = planted();
        Path parquet = dir.resolve("wells.parquet");
        ProfileTable.read(csv).write(parquet);
        List<ProfileTable> normalised = new java.util.ArrayList<>();
        List<ResultsTable> metrics = new java.util.ArrayList<>();
        List<int[]> heatmaps = new java.util.ArrayList<>();
        List<String> maps = new java.util.ArrayList<>();
        for (Path in : List.of(csv, parquet)) {
            String ext = in.equals(csv) ? ".csv" : ".parquet";
            Path out = dir.resolve("normalised" + ext);
            run(NormalizeProfilesCommand.class, Map.of("in", in.toFile(), "out", out.toFile(), "steps",
                    "mad_robustize,aggregate", "aggregate_by", TREATMENT));
            normalised.add(ProfileTable.read(out));
            metrics.add((ResultsTable) run(EvaluateProfilesCommand.class, Map.of("profiles", in.toFile(),
                    "aggregate_by", TREATMENT, "null_size", 100)).getOutput("metrics"));
            ImagePlus h = (ImagePlus) run(SimilarityHeatmapCommand.class, Map.of("profiles", in.toFile(),
                    "aggregate_by", TREATMENT, "out", dir.resolve("heatmap" + ext + ".png").toFile()))
                    .getOutput("heatmap");
            heatmaps.add((int[]) h.getProcessor().getPixels());
            Path map = dir.resolve("map" + ext + ".png");
            maps.add(((String) run(ProfileMapCommand.class, Map.of("profiles", in.toFile(), "neighbors", 8, "out",
                    map.toFile())).getOutput("summary")).replace(in.getFileName().toString(), "TABLE")
                    .replace(map.toString(), "PNG"));
        }
        assertTrue(Files.readString(dir.resolve("normalised.parquet.json")).contains("\"command\": \"profile\""));
        assertEquals(normalised.get(0).metadataColumns(), normalised.get(1).metadataColumns());
        assertEquals(normalised.get(0).rows(), normalised.get(1).rows());
        for (int r = 0; r < normalised.get(0).rows(); r++) {
            assertArrayEquals(normalised.get(0).metadataRow(r), normalised.get(1).metadataRow(r));
            assertArrayEquals(normalised.get(0).features(r), normalised.get(1).features(r));
        }
        assertEquals(metrics.get(0).size(), metrics.get(1).size());
        for (int i = 0; i < metrics.get(0).size(); i++) {
            assertEquals(metrics.get(0).getStringValue("metric", i), metrics.get(1).getStringValue("metric", i));
            assertEquals(metrics.get(0).getValue("value", i), metrics.get(1).getValue("value", i), 0.0);
        }
        assertArrayEquals(heatmaps.get(0), heatmaps.get(1));
        assertEquals("DINOscope: umap of 32 profiles of TABLE -> PNG", maps.get(0));
        assertEquals(maps.get(0), maps.get(1));
    }

    @Test
    void wrongPathsAndMissingOutputsAreNamed() throws Exception {
        Path missing = dir.resolve("no-such-table.csv");
        for (var c : List.of(EvaluateProfilesCommand.class, ProfileMapCommand.class, SimilarityHeatmapCommand.class)) {
            String m = failure(c, Map.of("profiles", missing.toFile(), "out", dir.resolve("x.png").toFile()));
            assertTrue(m.contains("no-such-table.csv"), c + ": " + m);
        }
        String m = failure(NormalizeProfilesCommand.class, Map.of("in", missing.toFile(), "out",
                dir.resolve("o.csv").toFile()));
        assertTrue(m.contains("DINOscope Normalize Profiles: ") && m.contains("no-such-table.csv"), m);
        Path wells = planted();
        m = failure(NormalizeProfilesCommand.class, Map.of("in", wells.toFile(), "out", dir.resolve("o.csv").toFile(),
                "steps", "mad_robustize,whiten"));
        assertTrue(m.contains("unknown step 'whiten'"), m);
        m = failure(ProfileMapCommand.class, Map.of("profiles", wells.toFile()));
        assertTrue(m.contains("DINOscope Profile Map: ") && m.contains("out="), m);
        m = failure(SimilarityHeatmapCommand.class, Map.of("profiles", wells.toFile()));
        assertTrue(m.contains("DINOscope Similarity Heatmap: ") && m.contains("out="), m);
        m = failure(EvaluateProfilesCommand.class, Map.of("profiles", wells.toFile(), "batch", "Metadata_Week"));
        assertTrue(m.contains("DINOscope Evaluate Profiles: ") && m.contains("Metadata_Week"), m);
        m = failure(SimilarityHeatmapCommand.class, Map.of("profiles", wells.toFile(), "color_by", "Metadata_Nope",
                "out", dir.resolve("h.png").toFile()));
        assertTrue(m.contains("Metadata_Nope"), m);
    }

    /** A click on a heatmap pixel names the two rows of the cell drawn there and their similarity. */
    @Test
    void aHeatmapPixelGivesItsPair() throws Exception {
        ProfileTable wells = PlantedProfiles.wells(8, 4, 2);
        Plots.Plot p = Plots.draw(wells, new Plots.Options(Plots.Kind.HEATMAP, "Metadata_moa", List.of(), List.of(),
                Profiles.Combine.MEAN, "Metadata_Compound", "DMSO", true, 15, 0.1, 0, Clustering.Method.COMPLETE,
                ChannelAttribution.DEFAULT_PATTERN, 0, null), n -> { });
        HeatmapImage h = new HeatmapImage("t", p);
        ChartRenderingInfo info = new ChartRenderingInfo();
        p.chart().createBufferedImage(h.image.getWidth(), h.image.getHeight(), info);
        XYPlot plot = p.chart().getXYPlot();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        for (int[] cell : new int[][] {{0, 0}, {0, 23}, {23, 0}, {5, 17}, {17, 5}, {23, 23}}) {
            double x = plot.getDomainAxis().valueToJava2D(cell[1], area, plot.getDomainAxisEdge());
            double y = plot.getRangeAxis().valueToJava2D(cell[0], area, plot.getRangeAxisEdge());
            String names = p.numbers().metadata(cell[0], "Metadata_Name") + " \u00d7 "
                    + p.numbers().metadata(cell[1], "Metadata_Name");
            String pair = String.format(java.util.Locale.ROOT, "%s: cosine similarity %.3f", names,
                    p.heatmap().similarityAt(cell[0], cell[1]));
            assertEquals(pair, h.pairAt(x, y));
            String a = Plots.describe(p.rows(), p.heatmap().rowAt(cell[0]));
            String b = Plots.describe(p.rows(), p.heatmap().rowAt(cell[1]));
            assertEquals(pair + " (" + a + "; " + b + ")", h.detailsAt(x, y));
            assertTrue(a.contains("Well: " + p.numbers().metadata(cell[0], "Metadata_Name").split(" ")[1]), a);
            if (cell[0] == 23) {
                assertTrue(y > plot.getRangeAxis().valueToJava2D(0, area, plot.getRangeAxisEdge()), "row 0 at the top");
            }
        }
        double strip = plot.getDomainAxis().valueToJava2D(-1.5, area, plot.getDomainAxisEdge());
        assertNull(h.pairAt(strip, area.getCenterY()), "the colour strip is no pair");
    }

    /**
     * The profile map's click, without a display: the point under the pointer is its row, the row its field in
     * the layout the sidecar records (a field row that field, a well row and an aggregate the first field), and
     * the field opens with the attention overlay of the model that embedded the table (seed 3, not the default 0).
     */
    @Test
    void aMapPointOpensItsFieldWithTheAttentionOfTheRecordedModel() throws Exception {
        Path root = dir.resolve("plate");
        for (int w = 1; w <= 3; w++) {
            for (int s = 1; s <= 2; s++) {
                for (int c = 1; c <= 2; c++) {
                    TestImages.tiff16(root.resolve(String.format("P1/P1_B%02d_s%d_w%d.tif", w, s, c)), 224, 224, 1,
                            w * 100 + s * 10 + c);
                }
            }
        }
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "embed",
                "--layout", root.toString(), "--pattern", "imagexpress", "--channel-map", "1=DNA,2=RNA", "--model",
                "random", "--seed", "3", "--out", dir.resolve("out").toString()), err.toString());
        Path fieldsCsv = dir.resolve("out/fields.csv");
        ProfileTable fields = ProfileTable.read(fieldsCsv);
        PlateLayout layout = Provenance.layoutOf(fieldsCsv, w -> { });

        Plots.Plot p = Plots.draw(fields, mapOptions(List.of()), n -> { });
        ChartRenderingInfo info = new ChartRenderingInfo();
        p.chart().createBufferedImage(1000, 800, info);
        XYPlot plot = p.chart().getXYPlot();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        Map<String, Integer> opened = new HashMap<>();
        for (int r = 0; r < p.rows().rows(); r++) {
            double x = plot.getDomainAxis().valueToJava2D(p.numbers().features(r)[0], area, plot.getDomainAxisEdge());
            double y = plot.getRangeAxis().valueToJava2D(p.numbers().features(r)[1], area, plot.getRangeAxisEdge());
            int row = p.scatter().rowAt(info.getEntityCollection().getEntity(x, y));
            assertEquals(r, row, "six distinct random embeddings do not overlap at 1000 x 800");
            FieldSpec f = ProfileFields.fieldOf(layout, fields, p.rows(), row);
            String well = fields.metadata(r, "Metadata_Well");
            String site = fields.metadata(r, "Metadata_Site");
            assertEquals(List.of(root.resolve("P1/P1_" + well + "_s" + site + "_w1.tif").toAbsolutePath(),
                    root.resolve("P1/P1_" + well + "_s" + site + "_w2.tif").toAbsolutePath()),
                    f.channelFiles().stream().map(Path::toAbsolutePath).toList());
            opened.merge(f.key(), 1, Integer::sum);
        }
        assertEquals(6, opened.size());

        ProfileTable wellRows = ProfileTable.read(dir.resolve("out/wells.csv"));
        assertEquals("P1/B02/1", ProfileFields.fieldOf(layout, wellRows, wellRows, 1).key());
        Plots.Plot byWell = Plots.draw(fields, mapOptions(List.of("Metadata_Well")), n -> { });
        int b03 = byWell.rows().column("Metadata_Well").indexOf("B03");
        assertEquals("P1/B03/1", ProfileFields.fieldOf(layout, fields, byWell.rows(), b03).key());

        FieldSpec f = ProfileFields.fieldOf(layout, fields, p.rows(), 3);
        ImagePlus imp = ProfileFields.withAttention(fieldsCsv, layout, f, IJ1Bridge.context().service(PrefService.class));
        assertEquals(2, imp.getNChannels());
        assertEquals("RNA", imp.getStack().getSliceLabel(2));
        assertEquals(2, imp.getOverlay().size(), "the map and its colour bar");
        int[] shown = (int[]) ((ImageRoi) imp.getOverlay().get(0)).getProcessor().getPixels();
        assertArrayEquals(overlay(f, layout, 3), shown, "the recorded model (seed 3)");
        assertFalse(java.util.Arrays.equals(overlay(f, layout, 0), shown), "not the default seed");
    }

    private static Plots.Options mapOptions(List<String> aggregateBy) {
        return new Plots.Options(Plots.Kind.PCA, "Metadata_Well", List.of(), aggregateBy, Profiles.Combine.MEAN,
                "Metadata_Compound", "DMSO", false, 15, 0.1, 0, Clustering.Method.COMPLETE,
                ChannelAttribution.DEFAULT_PATTERN, 0, null);
    }

    /** The click's overlay on a field with a random model of the given seed. */
    private static int[] overlay(FieldSpec f, PlateLayout layout, long seed) throws Exception {
        ImagePlus imp = ProfileFields.open("f", f.channelFiles(), layout.channels());
        try (LoadedModel m = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, seed), ai.djl.Device.cpu())) {
            AttentionOverlay.CLICK.draw(m, imp, "DNA,RNA");
        }
        assertNotNull(imp.getOverlay());
        return (int[]) ((ImageRoi) imp.getOverlay().get(0)).getProcessor().getPixels();
    }
}
