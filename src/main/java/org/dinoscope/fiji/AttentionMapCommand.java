package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.ImagePlus;

import org.dinoscope.embed.FieldAttention;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.viz.AttentionFigure;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Attention Map: the last block's CLS-to-patch attention over the whole field (one pass,
 * interpolated position embeddings; 224 px crops only for a field too large for memory), in multiples of uniform
 * attention, as a heatmap overlay with a colour bar on the image and as a stack with one slice per head and
 * their mean.
 */
@Plugin(type = Command.class, label = "Attention Map", menuPath = "Plugins>DINOscope>Attention Map")
public class AttentionMapCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Image")
    ImagePlus image;

    @Parameter(label = "Model", choices = {"demo", "random", "unidino", "cellpaintssl-dino", "wsdino", "imagenet-dino", "mae"})
    String model = "demo";

    @Parameter(label = "Weights", required = false, description = "none: the file set in DINOscope Settings")
    File weights;

    @Parameter(label = "Channel names", required = false)
    String channel_names = "";

    @Parameter(label = "Scaling", choices = {"model default", "percentile", "dtype-max", "uint16-max", "clip-10000"},
            description = "Input scaling; model default: what a trained model records, else the preset's")
    String scaling = "model default";

    @Parameter(label = "Heads", min = "0", description = "0 = embedding dim / 64")
    int heads;

    @Parameter(label = "Channel", min = "1", description = "Channel whose attention is shown (1 = first)")
    int channel = 1;

    @Parameter(label = "Head", min = "0", description = "Head shown in the overlay; 0 = mean over heads")
    int head;

    @Parameter(label = "Threshold", min = "0", max = "1",
            description = "Keep the patches holding this fraction of the attention mass (DINO uses 0.6); 0 = off")
    double threshold;

    @Parameter(label = "Upsample", choices = {"nearest", "bilinear"},
            description = "Patches to pixels: nearest (blocks, as DINO) or bilinear (smooth)")
    String upsample = "nearest";

    @Parameter(label = "Display maximum", min = "0",
            description = "Top of the colour scale in multiples of uniform attention (1 = every patch alike)")
    double display_max = AttentionFigure.DEFAULT_MAX;

    @Parameter(label = "Opacity", min = "0", max = "100")
    int opacity = 50;

    @Parameter(label = "LUT", choices = {"fire", "ice", "spectrum", "grays"})
    String lut = "fire";

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus maps;

    @Override
    public void run() {
        try (LoadedModel m = ModelParameters.load(prefs, model, weights, null, heads, "default", scaling)) {
            Fiji.status("DINOscope: attention of " + image.getTitle(), 0, 1);
            maps = new AttentionOverlay(channel, head, threshold, opacity, lut,
                    FieldAttention.Upsample.parse(upsample), display_max).draw(m, image, channel_names);
            Fiji.done("Attention Map", "attention of " + image.getTitle() + ", " + (maps.getStackSize() - 1)
                    + " heads and their mean");
            if (!GraphicsEnvironment.isHeadless()) {
                maps.show();
            }
        } catch (Exception e) {
            Fiji.fail("Attention Map", e);
        }
    }
}
