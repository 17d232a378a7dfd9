package org.dinoscope.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import org.dinoscope.cli.Main;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.testutil.PlantedProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plate view: per-well values against numpy (scripts/fixtures/make_plate_view_fixture.py) and against
 * evaluate's own report, the plate geometry of the three formats, and the colours of known wells in the PNG.
 */
class PlateViewTest {
    private static final Path FIXTURE = Path.of("src/test/resources/plateview");

    @TempDir
    Path dir;

    private static WellValues.Options options(WellValues.Kind kind) {
        return new WellValues.Options(kind, "RNA_1", 1, "Metadata_Compound", "DMSO", List.of(), 1000, 0);
    }

    private static Map<String, double[]> expected() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(FIXTURE.resolve("expected.csv"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            out.put(f[0] + "/" + f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
        }
        return out;
    }

    private static double value(WellValues.Result r, String plate, String well) {
        WellValues.Plate p = r.plate(plate);
        return p.values()[p.wells().indexOf(well)];
    }

    /** Cosine distance to the mean of the plate's DMSO wells, well by well, as numpy computes it. */
    @Test
    void distanceToControlsIsNumpys() throws IOException {
        ProfileTable t = ProfileTable.read(FIXTURE.resolve("wells.csv"));
        WellValues.Result r = WellValues.compute(t, options(WellValues.Kind.DISTANCE), n -> { });
        Map<String, double[]> want = expected();
        assertEquals(90, want.size());
        int checked = 0;
        for (WellValues.Plate p : r.plates()) {
            for (int i = 0; i < p.wells().size(); i++) {
                double w = want.get(p.name() + "/" + p.wells().get(i))[0];
                assertEquals(w, p.values()[i], 1e-9, p.name() + " " + p.wells().get(i));
                checked++;
            }
        }
        assertEquals(90, checked);
        assertEquals(List.of("P1", "P2"), r.plates().stream().map(WellValues.Plate::name).toList());
        assertEquals("cosine distance to controls", r.unit());
        double lo = want.values().stream().mapToDouble(v -> v[0]).min().orElseThrow();
        double hi = want.values().stream().mapToDouble(v -> v[0]).max().orElseThrow();
        assertEquals(lo, r.lower(), 1e-9, "the scale spans the table's values");
        assertEquals(hi, r.upper(), 1e-9);
    }

    /** The first principal component of all wells, as numpy's SVD gives it (up to its arbitrary sign). */
    @Test
    void principalComponentIsNumpys() throws IOException {
        ProfileTable t = ProfileTable.read(FIXTURE.resolve("wells.csv"));
        WellValues.Result r = WellValues.compute(t, options(WellValues.Kind.PC), n -> { });
        Map<String, double[]> want = expected();
        double sign = Math.signum(value(r, "P1", "A01") * want.get("P1/A01")[1]);
        for (WellValues.Plate p : r.plates()) {
            for (int i = 0; i < p.wells().size(); i++) {
                assertEquals(want.get(p.name() + "/" + p.wells().get(i))[1], sign * p.values()[i], 1e-6,
                        p.wells().get(i));
            }
        }
        assertEquals("PC 1", r.unit());
        WellValues.Result f = WellValues.compute(t, options(WellValues.Kind.FEATURE), n -> { });
        int row = t.column("Metadata_Well").indexOf("B08");
        assertEquals(t.features(row)[t.featureColumns().indexOf("RNA_1")], value(f, "P1", "B08"), 0);
    }

    /**
     * Replicate mAP, its corrected p-value and each query's AP are evaluate's: the well's group in the report that
     * {@code dinoscope evaluate} writes with the same replicates, null size and seed. Controls have no value.
     */
    @Test
    void replicateMapAndPValuesAreEvaluatesReport() throws Exception {
        Path wells = dir.resolve("wells.csv");
        ProfileTable t = PlantedProfiles.wells(6, 1.2, 4);
        t.write(wells);
        Path report = dir.resolve("report.json");
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, Main.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true), "evaluate", "--profiles", wells.toString(), "--out",
                report.toString(), "--replicate-by", "Metadata_Compound,Metadata_Concentration", "--null-size", "1000",
                "--seed", "0"), err.toString());
        JsonObject map = JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonObject("map");
        List<String> rep = List.of("Metadata_Compound", "Metadata_Concentration");
        WellValues.Options o = new WellValues.Options(WellValues.Kind.MAP, null, 1, "Metadata_Compound", "DMSO", rep,
                1000, 0);
        WellValues.Result m = WellValues.compute(t, o, n -> { });
        WellValues.Result p = WellValues.compute(t, new WellValues.Options(WellValues.Kind.MAP_P, null, 1,
                "Metadata_Compound", "DMSO", rep, 1000, 0), n -> { });
        int groups = 0;
        boolean someAbove = false;
        for (JsonElement e : map.getAsJsonArray("groups")) {
            JsonObject g = e.getAsJsonObject();
            for (int r = 0; r < t.rows(); r++) {
                if (t.metadata(r, "Metadata_Compound").equals(g.get("Metadata_Compound").getAsString())
                        && t.metadata(r, "Metadata_Concentration").equals(g.get("Metadata_Concentration").getAsString())) {
                    String plate = t.metadata(r, "Metadata_Plate");
                    String well = t.metadata(r, "Metadata_Well");
                    assertEquals(g.get("mean_average_precision").getAsDouble(), value(m, plate, well), 1e-12);
                    assertEquals(g.get("corrected_p_value").getAsDouble(), value(p, plate, well), 1e-12);
                    someAbove |= value(p, plate, well) > 0.05;
                }
            }
            groups++;
        }
        assertEquals(12, groups);
        assertTrue(someAbove, "a weak signal leaves some groups unretrieved: the p-values are not all the floor");
        int dmso = t.column("Metadata_Compound").indexOf("DMSO");
        assertTrue(Double.isNaN(value(m, t.metadata(dmso, "Metadata_Plate"), t.metadata(dmso, "Metadata_Well"))),
                "a control well is no query: no value");
        WellValues.Result ap = WellValues.compute(t, new WellValues.Options(WellValues.Kind.AP, null, 1,
                "Metadata_Compound", "DMSO", rep, 1000, 0), n -> { });
        double mean = 0;
        for (int w = 0; w < 16; w++) {
            String well = String.format("A%02d", w + 1);
            int r = t.column("Metadata_Well").indexOf(well);
            if (t.metadata(r, "Metadata_Compound").equals("dnaish-a") && t.metadata(r, "Metadata_Concentration").equals("3")) {
                mean += (value(ap, "P1", well) + value(ap, "P2", well)) / 2;
            }
        }
        assertEquals(value(m, "P1", "A02"), mean, 1e-12, "the group's mAP is the mean of its wells' APs");
        assertEquals(0, m.lower());
        assertEquals(1, m.upper());
    }

    /** A01 at the top left, the last well at the bottom right, in each format; clicks map back to wells. */
    @Test
    void plateGeometry() throws IOException {
        assertEquals(PlateFormat.W96, PlateFormat.fitting(List.of("A01", "H12")));
        assertEquals(PlateFormat.W384, PlateFormat.fitting(List.of("A01", "H13")));
        assertEquals(PlateFormat.W384, PlateFormat.fitting(List.of("I01")));
        assertEquals(PlateFormat.W384, PlateFormat.fitting(List.of("P24", "b2")));
        assertEquals(PlateFormat.W1536, PlateFormat.fitting(List.of("Q01")));
        assertEquals(PlateFormat.W1536, PlateFormat.fitting(List.of("AF48", "A1")));
        assertArrayEquals(new int[] {31, 47}, PlateFormat.rowColumn("AF48"));
        assertArrayEquals(new int[] {15, 23}, PlateFormat.rowColumn("p24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlateFormat.fitting(List.of("AG01")))
                .getMessage().contains("more than a 1536-well plate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlateFormat.rowColumn("r01c01"))
                .getMessage().contains("'r01c01' is not a well name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlateFormat.W96.position("A13"))
                .getMessage().contains("well A13 is outside a 96-well plate"));

        for (PlateFormat f : PlateFormat.values()) {
            String last = PlateFormat.wellName(f.rows() - 1, f.columns() - 1);
            ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well"), List.of("x"));
            t.addRow(List.of("P", "A01"), new float[] {1});
            t.addRow(List.of("P", last), new float[] {3});
            t.addRow(List.of("P", "B02"), new float[] {2});
            WellValues.Result r = WellValues.compute(t, new WellValues.Options(WellValues.Kind.FEATURE, "x", 1,
                    "Metadata_Compound", "DMSO", List.of(), 10, 0), n -> { });
            PlateView v = new PlateView(r, "P", null, null);
            assertEquals(f, v.format());
            Rectangle grid = v.gridArea();
            Rectangle a01 = v.blockOf("A01");
            Rectangle end = v.blockOf(last);
            assertEquals(grid.x, a01.x);
            assertEquals(grid.y, a01.y);
            assertEquals(grid.x + grid.width - 1, end.x + end.width, "the last well ends before the last gutter");
            assertEquals(grid.y + grid.height - 1, end.y + end.height);
            assertEquals("A01", v.wellAt(a01.getCenterX(), a01.getCenterY()));
            assertEquals(last, v.wellAt(end.getCenterX(), end.getCenterY()));
            assertNull(v.wellAt(grid.x - 1, grid.y));
            assertNull(v.wellAt(grid.x + grid.width, grid.y));
            assertEquals(1, v.tableRowAt(end.getCenterX(), end.getCenterY()));
            assertEquals(-1, v.tableRowAt(v.blockOf("A02").getCenterX(), v.blockOf("A02").getCenterY()));
            assertTrue(v.describeAt(end.getCenterX(), end.getCenterY()).startsWith(last + ": x 3.000 ("),
                    v.describeAt(end.getCenterX(), end.getCenterY()));
            assertEquals("A02: no well in the table", v.describeAt(v.blockOf("A02").getCenterX(),
                    v.blockOf("A02").getCenterY()));

            // the ImgLib2 well grid: columns x rows, A01 at the origin, the well's index in the plate
            RandomAccess<IntType> wells = v.wells().randomAccess();
            assertEquals(f.columns(), v.wells().dimension(0));
            assertEquals(f.rows(), v.wells().dimension(1));
            assertEquals(0, wells.setPositionAndGet(0, 0).get());
            assertEquals(1, wells.setPositionAndGet(f.columns() - 1, f.rows() - 1).get());
            assertEquals(2, wells.setPositionAndGet(1, 1).get());
            assertEquals(-1, wells.setPositionAndGet(1, 0).get());
            // the figure's ARGB image holds the figure's pixels
            BufferedImage fig = v.figure();
            Cursor<ARGBType> c = Views.flatIterable(v.image()).cursor();
            int differ = 0;
            for (int y = 0; y < fig.getHeight(); y++) {
                for (int x = 0; x < fig.getWidth(); x++) {
                    differ += c.next().get() != fig.getRGB(x, y) ? 1 : 0;
                }
            }
            assertEquals(0, differ);
        }
    }

    private static Color colour(BufferedImage png, Rectangle block) {
        return new Color(png.getRGB((int) block.getCenterX(), (int) block.getCenterY()));
    }

    /**
     * {@code dinoscope plot plate}: one PNG per plate; a well's block in the well's viridis colour, a missing well
     * hatched, a control without a replicate mAP grey, gutters white; the numbers in --table.
     */
    @Test
    void pngColoursOfKnownWells() throws Exception {
        Path table = FIXTURE.resolve("wells.csv");
        Path out = dir.resolve("plate.png");
        Path numbers = dir.resolve("numbers.csv");
        java.io.StringWriter stdout = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, Main.run(new java.io.PrintWriter(stdout, true), new java.io.PrintWriter(err, true), "plot",
                "plate", "--profiles", table.toString(), "--out", out.toString(), "--table", numbers.toString()),
                err.toString());
        assertFalse(Files.exists(out), "two plates: one file each");
        assertTrue(stdout.toString().contains("plate P2: cosine distance to controls of 50 wells (96-well plate) -> "
                + dir.resolve("plate_P2.png")), stdout.toString());
        ProfileTable t = ProfileTable.read(table);
        WellValues.Result r = WellValues.compute(t, options(WellValues.Kind.DISTANCE), n -> { });
        Map<String, double[]> want = expected();
        org.jfree.chart.renderer.PaintScale viridis = ColourKey.viridis(r.lower(), r.upper());
        BufferedImage png = ImageIO.read(dir.resolve("plate_P1.png").toFile());
        PlateView v = new PlateView(r, "P1", null, null);
        assertEquals(v.figure().getWidth(), png.getWidth());
        for (String well : List.of("A01", "A02", "C07", "D05")) {
            Color c = colour(png, v.blockOf(well));
            assertEquals(viridis.getPaint(want.get("P1/" + well)[0]), c, well);
            assertEquals(c.getRGB(), png.getRGB(v.blockOf(well).x, v.blockOf(well).y), "the block is one colour");
        }
        // the lowest and highest distances of the table take viridis' ends (dark purple, yellow)
        assertEquals(new Color(0x440154), viridis.getPaint(r.lower()));
        assertEquals(new Color(0xfde725), viridis.getPaint(r.upper()));
        // A04 is not in the table (the fixture leaves out every 5th well from the 4th): hatched in two greys
        Rectangle a04 = v.blockOf("A04");
        List<Integer> seen = new ArrayList<>();
        for (int x = a04.x; x < a04.x + a04.width; x++) {
            int rgb = png.getRGB(x, a04.y + 3) & 0xffffff;
            if (!seen.contains(rgb)) {
                seen.add(rgb);
            }
        }
        seen.sort(null);
        assertEquals(List.of(PlateView.NO_WELL_HATCH.getRGB() & 0xffffff, PlateView.NO_WELL.getRGB() & 0xffffff),
                seen);
        Rectangle a01 = v.blockOf("A01");
        assertEquals(Color.WHITE.getRGB(), png.getRGB(a01.x + a01.width, a01.y + 2), "the gutter right of A01");
        // H12 is beyond P1's 40 wells: hatched too, at the bottom right of a 96-well plate
        assertEquals(PlateView.NO_WELL_HATCH.getRGB(), png.getRGB(v.blockOf("H12").x, v.blockOf("H12").y));

        ProfileTable n = ProfileTable.read(numbers);
        assertEquals(90, n.rows());
        assertEquals(List.of("distance_to_controls"), n.featureColumns());
        assertEquals(want.get("P2/A02")[0], n.features(n.column("Metadata_Well").indexOf("A02") + 40)[0], 1e-6);

        // replicate mAP of one plate: the DMSO well A01 has no value (grey); a treated well a colour
        Path map = dir.resolve("map.png");
        assertEquals(0, Main.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true), "plot", "plate", "--profiles", table.toString(), "--out",
                map.toString(), "--value", "map", "--plate", "P2", "--null-size", "100"), err.toString());
        png = ImageIO.read(map.toFile());
        WellValues.Result m = WellValues.compute(t, new WellValues.Options(WellValues.Kind.MAP, null, 1,
                "Metadata_Compound", "DMSO", List.of(), 100, 0), s -> { });
        PlateView mv = new PlateView(m, "P2", null, null);
        assertEquals(PlateView.NO_VALUE, colour(png, mv.blockOf("A01")));
        assertEquals(ColourKey.viridis(0, 1).getPaint(value(m, "P2", "A02")), colour(png, mv.blockOf("A02")));
        assertTrue(mv.title().contains("Replicate mAP") && mv.title().endsWith("plate P2"), mv.title());
    }

    /** Wrong inputs are named: a plate without controls, a feature, a well column, a plate. */
    @Test
    void errorsNameWhatIsWrong() throws IOException {
        ProfileTable t = ProfileTable.read(FIXTURE.resolve("wells.csv"));
        WellValues.Options noControl = new WellValues.Options(WellValues.Kind.DISTANCE, null, 1, "Metadata_Compound",
                "NOPE", List.of(), 10, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WellValues.compute(t, noControl, n -> { }))
                .getMessage().contains("plate P1 has no control well (Metadata_Compound = NOPE)"));
        WellValues.Options feature = new WellValues.Options(WellValues.Kind.FEATURE, "GFP_0", 1, "Metadata_Compound",
                "DMSO", List.of(), 10, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WellValues.compute(t, feature, n -> { }))
                .getMessage().contains("no feature 'GFP_0' in the table (features: DNA_0"));
        WellValues.Options pc = new WellValues.Options(WellValues.Kind.PC, null, 8, "Metadata_Compound", "DMSO",
                List.of(), 10, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WellValues.compute(t, pc, n -> { }))
                .getMessage().contains("components 1 to 7"));
        ProfileTable noWell = new ProfileTable(List.of("Metadata_Plate"), List.of("x"));
        noWell.addRow(List.of("P"), new float[] {1});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WellValues.compute(noWell,
                options(WellValues.Kind.DISTANCE), n -> { })).getMessage().contains("no column Metadata_Well"));
        WellValues.Result r = WellValues.compute(t, options(WellValues.Kind.DISTANCE), n -> { });
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PlateView(r, "P3", null, null))
                .getMessage().contains("no plate 'P3' in the table (plates: P1, P2)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WellValues.Kind.parse("umap"))
                .getMessage().contains("distance, feature, pc, map, map_p, ap"));
        assertEquals(WellValues.Kind.MAP_P, WellValues.Kind.parse("map-p"));
    }

    /** Colour bar ticks carry the decimals their step needs: raw embeddings' distances to DMSO are about 0.001. */
    @Test
    void colourBarTicksOfSmallValues() {
        assertEquals("0.0012", ColourKey.tickFormat(0.0002).format(0.0012));
        assertEquals("1.5", ColourKey.tickFormat(0.5).format(1.5));
        assertEquals("20", ColourKey.tickFormat(10).format(20));
        assertEquals("1.2E-5", ColourKey.tickFormat(2e-6).format(1.2e-5));
    }

    /** A table of fields (several rows per well) is averaged to wells first, and says so. */
    @Test
    void fieldsAreAveragedToWells() throws IOException {
        ProfileTable fields = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Site",
                "Metadata_Compound"), List.of("a", "b"));
        fields.addRow(List.of("P", "A01", "1", "DMSO"), new float[] {1, 0});
        fields.addRow(List.of("P", "A01", "2", "DMSO"), new float[] {1, 0});
        fields.addRow(List.of("P", "B03", "1", "x"), new float[] {0, 1});
        fields.addRow(List.of("P", "B03", "2", "x"), new float[] {1, 0});
        List<String> notes = new ArrayList<>();
        WellValues.Result r = WellValues.compute(fields, options(WellValues.Kind.DISTANCE), notes::add);
        assertEquals(List.of("several rows per well: 4 rows averaged to 2 wells"), notes);
        assertEquals(List.of("A01", "B03"), r.plate("P").wells());
        assertEquals(0, value(r, "P", "A01"), 1e-12);
        assertEquals(1 - Math.sqrt(0.5), value(r, "P", "B03"), 1e-7, "(0.5, 0.5) against (1, 0): 45 degrees");
        assertEquals(Path.of("x/plate_P_1.png"), PlateView.output(Path.of("x/plate.png"), "P 1", 2));
        assertEquals(Path.of("x/plate.png"), PlateView.output(Path.of("x/plate.png"), "P 1", 1));
    }
}
