package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.dinoscope.cli.Main;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.testutil.TestImages;
import org.dinoscope.viz.PlateView;
import org.dinoscope.viz.WellValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/**
 * Plate View through SciJava's CommandService with no display: the PNGs are {@code dinoscope plot plate}'s, the
 * ImageJ image holds the figure's pixels, and a click's well opens its fields through the sidecar's layout with the
 * recorded model's attention, or fails naming what the table lacks.
 */
class PlateViewCommandTest {
    private static final Path FIXTURE = Path.of("src/test/resources/plateview/wells.csv");

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @BeforeEach
    void forgetRememberedInputs() {
        IJ1Bridge.context().service(PrefService.class).clear(PlateViewCommand.class);
    }

    private static CommandModule run(Map<String, Object> in) throws Exception {
        return IJ1Bridge.context().service(CommandService.class).run(PlateViewCommand.class, true, in).get();
    }

    @Test
    void theImagesAreTheClisPngs() throws Exception {
        Path out = dir.resolve("fiji.png");
        CommandModule m = run(Map.of("profiles", FIXTURE.toFile(), "value", "pc", "pc", 2, "out", out.toFile()));
        assertEquals("DINOscope: plate view of PC 2, 2 plate(s) of wells.csv -> " + dir.resolve("fiji_P1.png") + ", "
                + dir.resolve("fiji_P2.png"), m.getOutput("summary"));
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "plot", "plate",
                "--profiles", FIXTURE.toString(), "--value", "pc", "--pc", "2", "--out",
                dir.resolve("cli.png").toString()), err.toString());
        for (String plate : List.of("P1", "P2")) {
            BufferedImage fiji = ImageIO.read(dir.resolve("fiji_" + plate + ".png").toFile());
            BufferedImage cli = ImageIO.read(dir.resolve("cli_" + plate + ".png").toFile());
            assertEquals(cli.getWidth(), fiji.getWidth());
            for (int y = 0; y < cli.getHeight(); y += 3) {
                for (int x = 0; x < cli.getWidth(); x += 3) {
                    assertEquals(cli.getRGB(x, y), fiji.getRGB(x, y), plate + " at " + x + "," + y);
                }
            }
        }
        // the ImageJ image (the first plate's) is the figure, pixel for pixel
        ImagePlus image = (ImagePlus) m.getOutput("image");
        BufferedImage p1 = ImageIO.read(dir.resolve("cli_P1.png").toFile());
        assertEquals(p1.getWidth(), image.getWidth());
        assertEquals(p1.getHeight(), image.getHeight());
        for (int y = 0; y < p1.getHeight(); y += 2) {
            for (int x = 0; x < p1.getWidth(); x += 2) {
                assertEquals(p1.getRGB(x, y) & 0xffffff, image.getProcessor().getPixel(x, y) & 0xffffff);
            }
        }
        assertTrue(image.getTitle().startsWith("Plate View P1"), image.getTitle());

        // one plate by name: exactly the file given
        Path one = dir.resolve("one.png");
        run(Map.of("profiles", FIXTURE.toFile(), "plate", "P2", "out", one.toFile()));
        assertTrue(Files.size(one) > 1000);
    }

    @Test
    void missingOutputsAndWrongValuesAreNamed() throws Exception {
        assertTrue(failure(Map.of("profiles", FIXTURE.toFile())).contains("DINOscope Plate View: no window can open "
                + "(headless or batch mode): give out=FILE.png"));
        String m = failure(Map.of("profiles", FIXTURE.toFile(), "value", "feature", "feature", "GFP_1", "out",
                dir.resolve("x.png").toFile()));
        assertTrue(m.contains("no feature 'GFP_1' in the table"), m);
        m = failure(Map.of("profiles", FIXTURE.toFile(), "value", "distance", "plate", "P9", "out", dir.resolve("x.png").toFile()));
        assertTrue(m.contains("no plate 'P9' in the table (plates: P1, P2)"), m);
    }

    private static String failure(Map<String, Object> in) throws InterruptedException {
        try {
            run(in);
            return "no failure";
        } catch (ExecutionException e) {
            StringBuilder s = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                s.append(t.getMessage()).append('\n');
            }
            return s.toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * A click on a well of a table from embed --layout: the well's fields in the layout its sidecar records, opened
     * with the attention overlay of the recorded model; a table without that sidecar says what it lacks.
     */
    @Test
    void aWellOpensItsFieldsWithTheirAttention() throws Exception {
        Path root = dir.resolve("plate");
        for (int w = 2; w <= 3; w++) {
            for (int s = 1; s <= 3; s++) {
                TestImages.tiff16(root.resolve(String.format("P1/P1_C%02d_s%d_w1.tif", w, s)), 224, 224, 1, w * 10 + s);
            }
        }
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "embed",
                "--layout", root.toString(), "--pattern", "imagexpress", "--channel-map", "1=DNA", "--model", "random",
                "--out", dir.resolve("out").toString()), err.toString());
        Path wells = dir.resolve("out/wells.csv");
        WellValues.Result r = WellValues.compute(ProfileTable.read(wells), new WellValues.Options(WellValues.Kind.PC,
                null, 1, "Metadata_Compound", "DMSO", List.of(), 10, 0), n -> { });
        PlateView v = new PlateView(r, "P1", null, null);
        PrefService prefs = IJ1Bridge.context().service(PrefService.class);
        PlateViewImage image = new PlateViewImage(v, wells, prefs);
        Rectangle c03 = v.blockOf("C03");
        String well = v.plate().wells().get(v.wellIndexAt(c03.getCenterX(), c03.getCenterY()));
        assertEquals("C03", well);
        List<FieldSpec> fields = image.fieldsOf(well);
        assertEquals(List.of("P1/C03/1", "P1/C03/2", "P1/C03/3"), fields.stream().map(FieldSpec::key).toList());
        List<ImagePlus> opened = ProfileFields.withAttention(wells, org.dinoscope.embed.Provenance.layoutOf(wells,
                w -> { }), fields, prefs);
        assertEquals(3, opened.size());
        for (ImagePlus imp : opened) {
            assertEquals(2, imp.getOverlay().size(), "the attention map and its colour bar");
        }
        assertEquals("P1_C03_s2", opened.get(1).getTitle());

        // the same table without its sidecar (as a CellProfiler table): the click names what is missing
        Path bare = dir.resolve("bare.csv");
        Files.copy(wells, bare);
        PlateViewImage noLayout = new PlateViewImage(v, bare, prefs);
        String msg = assertThrows(java.io.IOException.class, () -> noLayout.fieldsOf("C03")).getMessage();
        assertTrue(msg.contains("bare.csv") && msg.contains("does not say which plate layout made it"), msg);
    }
}
