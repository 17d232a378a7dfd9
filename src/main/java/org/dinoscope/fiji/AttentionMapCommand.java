package org.dinoscope.fiji;

import java.io.File;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import org.dinoscope.embed.CropAttention;
import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Attention Map: the last block's CLS-to-patch attention over the whole field (crops
 * stitched), as a heatmap overlay on the image and as a stack with one slice per head.
 */
@Plugin(type = Command.class, label = "Attention Map", menuPath = "Plugins>DINOscope>Attention Map")
public class AttentionMapCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "image")
    ImagePlus image;

    @Parameter(label = "model", choices = {"random", "unidino", "cellpaintssl-dino", "wsdino", "imagenet-dino", "mae"})
    String model = "random";

    @Parameter(label = "weights", required = false, description = "none: the file set in DINOscope Settings")
    File weights;

    @Parameter(label = "channel_names", required = false)
    String channel_names = "";

    @Parameter(label = "heads", min = "0", description = "0 = embedding dim / 64")
    int heads;

    @Parameter(label = "channel", min = "1", description = "Channel whose attention is shown (1 = first)")
    int channel = 1;

    @Parameter(label = "head", min = "0", description = "Head shown in the overlay; 0 = mean over heads")
    int head;

    @Parameter(label = "threshold", min = "0", max = "1",
            description = "Keep the patches holding this fraction of the attention mass (DINO uses 0.6); 0 = off")
    double threshold;

    @Parameter(label = "opacity", min = "0", max = "100")
    int opacity = 50;

    @Parameter(label = "lut", choices = {"fire", "ice", "spectrum", "grays"})
    String lut = "fire";

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus maps;

    @Override
    public void run() {
        try (LoadedModel m = ModelParameters.load(prefs, model, weights, null, heads, "default")) {
            Field field = ImagePlusFields.toField(image);
            List<String> names = ImagePlusFields.channelNames(image, field, channel_names);
            Fiji.status("DINOscope: attention of " + image.getTitle(), 0, 1);
            CropAttention att = new FieldEmbedder(m, EmbedOptions.defaults().withBatchSize(8))
                    .attention(field, names, channel - 1);
            if (head > att.heads()) {
                throw new IllegalArgumentException("the model has " + att.heads() + " heads; head " + head + " asked for");
            }
            ImageStack stack = new ImageStack(att.width(), att.height());
            for (int h = 0; h < att.heads(); h++) {
                float[] map = threshold > 0 ? att.thresholded(h, threshold) : att.stitched(h);
                stack.addSlice("head " + (h + 1), new FloatProcessor(att.width(), att.height(), map));
            }
            maps = new ImagePlus("Attention of " + image.getTitle() + " (" + names.get(channel - 1) + ")", stack);
            maps.setDisplayRange(0, maxOf(stack));
            float[] shown = head == 0 ? (threshold > 0 ? att.thresholded(-1, threshold) : att.stitched(-1))
                    : (float[]) stack.getPixels(head);
            overlay(shown, att.width(), att.height());
            Fiji.status("DINOscope: done", 1, 1);
            if (!java.awt.GraphicsEnvironment.isHeadless()) {
                maps.show();
            }
        } catch (Exception e) {
            Fiji.fail("Attention Map", e);
        }
    }

    /**
     * The map as a coloured, semi-transparent overlay on the image (pixels outside every crop stay clear),
     * stretched from its lowest to its highest value so that the LUT's whole range shows where attention goes.
     */
    private void overlay(float[] map, int w, int h) {
        FloatProcessor fp = new FloatProcessor(w, h, map.clone());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : map) {
            if (!Float.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        fp.setMinAndMax(max > min ? min : 0, max > min ? max : 1);
        ImageProcessor coloured = fp.convertToByte(true);
        coloured.setLut(new LUT(ij.plugin.LutLoader.getLut(lut), 0, 255));
        ImageRoi roi = new ImageRoi(0, 0, coloured.convertToRGB());
        roi.setOpacity(opacity / 100.0);
        roi.setName("DINOscope attention");
        Overlay ov = image.getOverlay() != null ? image.getOverlay() : new Overlay();
        ov.add(roi);
        image.setOverlay(ov);
    }

    private static double maxOf(ImageStack s) {
        double max = 0;
        for (int i = 1; i <= s.getSize(); i++) {
            for (float v : (float[]) s.getPixels(i)) {
                if (!Float.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 ? max : 1;
    }
}
