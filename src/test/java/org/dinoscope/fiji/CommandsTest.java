package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ShortProcessor;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The Fiji commands run through a SciJava context, as Fiji and the ImageJ 1 bridge run them. */
class CommandsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
        EngineSetup.configure();
    }

    private static CommandModule run(Class<? extends org.scijava.command.Command> c, Map<String, Object> in)
            throws Exception {
        return IJ1Bridge.context().service(CommandService.class).run(c, false, in).get();
    }

    private static ImagePlus twoChannels(Path tiff) throws Exception {
        var f = FieldReader.read(tiff);
        ImageStack s = new ImageStack(f.width(), f.height());
        for (int c = 0; c < f.channels(); c++) {
            short[] px = new short[f.width() * f.height()];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) f.data()[f.offset(c) + i];
            }
            s.addSlice(c == 0 ? "DNA" : "RNA", new ShortProcessor(f.width(), f.height(), px, null));
        }
        return new ImagePlus("field.tif", s);
    }

    @Test
    void embedImageGivesTheCoreEmbeddingWithSliceLabelsAsChannelNames() throws Exception {
        Path tiff = TestImages.tiff16(dir.resolve("f.tif"), 240, 230, 2, 11);
        ImagePlus imp = twoChannels(tiff);
        Path out = dir.resolve("profiles.csv");
        CommandModule m = run(EmbedImageCommand.class, Map.of("image", imp, "model", "random", "batch_size", 4,
                "out", out.toFile()));
        ResultsTable rt = (ResultsTable) m.getOutput("table");
        assertEquals(1, rt.size());
        assertEquals("field.tif", rt.getStringValue("Metadata_Image", 0));
        float[] expected;
        try (LoadedModel lm = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, 0), ai.djl.Device.cpu())) {
            expected = new FieldEmbedder(lm, EmbedOptions.defaults()).embed(FieldReader.read(tiff), List.of("DNA", "RNA")).vector();
        }
        assertEquals(expected[0], rt.getValue("DNA_0", 0), 1e-6);
        assertEquals(expected[384 + 383], rt.getValue("RNA_383", 0), 1e-6);
        assertTrue(Files.readString(out).startsWith("Metadata_Image,Metadata_Crops,DNA_0"));
        // the provenance sidecar that Embed Plate and dinoscope embed write
        com.google.gson.JsonObject sidecar = org.dinoscope.profile.Sidecar.read(out);
        assertEquals("random", sidecar.get("preset").getAsString());
        assertEquals("images", sidecar.getAsJsonObject("input").get("layout").getAsString());
        assertEquals("[\"DNA\",\"RNA\"]", sidecar.getAsJsonObject("input").get("channel_names").toString());
        assertEquals(1, sidecar.getAsJsonObject("input").getAsJsonArray("images").size());
        assertEquals(4, sidecar.getAsJsonObject("options").get("batch_size").getAsInt());
    }

    /**
     * The whole field in one pass: a 300 x 230 field is covered up to the last whole patch (288 x 224), the stack
     * holds the heads and their mean in multiples of uniform attention, and the overlay comes with its colour bar.
     */
    @Test
    void attentionMapGivesOneSliceAHeadTheirMeanAndAnOverlayWithAColourBar() throws Exception {
        ImagePlus imp = twoChannels(TestImages.tiff16(dir.resolve("f.tif"), 300, 230, 2, 12));
        CommandModule m = run(AttentionMapCommand.class, Map.of("image", imp, "model", "random", "channel", 2,
                "threshold", 0.6, "upsample", "bilinear", "display_max", 3.0));
        ImagePlus maps = (ImagePlus) m.getOutput("maps");
        assertEquals(7, maps.getStackSize());
        assertEquals("mean of heads", maps.getStack().getSliceLabel(7));
        assertEquals(300, maps.getWidth());
        assertEquals(3.0, maps.getDisplayRangeMax());
        float[] head1 = (float[]) maps.getStack().getPixels(1);
        assertTrue(!Float.isNaN(head1[287]) && Float.isNaN(head1[288]), "covered up to the last whole patch");
        assertTrue(!Float.isNaN(head1[223 * 300]) && Float.isNaN(head1[224 * 300]));
        long kept = 0;
        for (int i = 0; i < 224 * 300; i++) {
            if (!Float.isNaN(head1[i]) && head1[i] > 0) {
                kept++;
            }
        }
        assertTrue(kept > 0 && kept < 224 * 288, "the 60 % mass threshold keeps some patches, not all: " + kept);
        assertEquals(2, imp.getOverlay().size(), "the map and its colour bar");
    }

    /** The CLI's PNG draws with ImageJ's fire LUT, so a picture from either looks the same. */
    @Test
    void thePngFireLutIsImageJs() {
        java.awt.image.IndexColorModel fire = ij.plugin.LutLoader.getLut("fire");
        int[] ours = org.dinoscope.viz.AttentionFigure.fire();
        for (int i = 0; i < 256; i++) {
            assertEquals(fire.getRGB(i) & 0xffffff, ours[i], "entry " + i);
        }
    }

    @Test
    void aWrongWeightsFileFailsWithItsName() {
        ImagePlus imp = new ImagePlus("x", new ShortProcessor(224, 224));
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(EmbedImageCommand.class,
                Map.of("image", imp, "model", "unidino", "weights", dir.resolve("nothing.pth").toFile())));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("DINOscope Embed Image: ") && messages.toString().contains("nothing.pth"),
                messages.toString());
    }

    @Test
    void embedPlateWritesTablesAndReturnsTheWells() throws Exception {
        Path root = dir.resolve("plate");
        for (int w = 1; w <= 2; w++) {
            for (int c = 1; c <= 2; c++) {
                TestImages.tiff16(root.resolve(String.format("P1/P1_C%02d_s1_w%d.tif", w, c)), 224, 224, 1, w * 10 + c);
            }
        }
        CommandModule m = run(EmbedPlateCommand.class, Map.of("layout", root.toFile(), "pattern", "imagexpress",
                "channel_map", "1=DNA,2=RNA", "model", "random", "out", dir.resolve("out").toFile()));
        ResultsTable wells = (ResultsTable) m.getOutput("wells");
        assertEquals(2, wells.size());
        assertEquals("C02", wells.getStringValue("Metadata_Well", 1));
        assertTrue(Files.exists(dir.resolve("out/fields.csv.json")));
    }
}
