package org.dinoscope.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.ImageListEmbedder;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Embed Image: one profile row per image (the active one, or every open one), through the
 * same core as {@code dinoscope embed --image}; Esc cancels; an image that cannot be embedded is named in the Log
 * and the others are embedded.
 */
@Plugin(type = Command.class, label = "Embed Image", menuPath = "Plugins>DINOscope>Embed Image")
public class EmbedImageCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Image")
    ImagePlus image;

    @Parameter(label = "Model", choices = {"demo", "random", "unidino", "cellpaintssl-dino", "wsdino", "imagenet-dino", "mae"})
    String model = "demo";

    @Parameter(label = "Weights", required = false, description = "Checkpoint (.pth or .safetensors); none for random")
    File weights;

    @Parameter(label = "Channel names", required = false, description = "Comma-separated, in channel order")
    String channel_names = "";

    @Parameter(label = "Scaling", choices = {"model default", "percentile", "dtype-max", "uint16-max", "clip-10000"},
            description = "Input scaling; model default: what a trained model records, else the preset's")
    String scaling = "model default";

    @Parameter(label = "Heads", min = "0", description = "0 = embedding dim / 64")
    int heads;

    @Parameter(label = "Batch size", min = "1")
    int batch_size = 16;

    @Parameter(label = "All open images", description = "Embed every open image, not only the active one")
    boolean all_open_images;

    @Parameter(label = "Output", required = false, description = "Also save the table (.csv, .csv.gz or .parquet)")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable table;

    @Override
    public void run() {
        List<ImagePlus> images = new ArrayList<>();
        if (all_open_images) {
            for (int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
                images.add(WindowManager.getImage(id));
            }
        } else {
            images.add(image);
        }
        List<OpenImage> open = images.stream().map(OpenImage::new).toList();
        try (LoadedModel m = ModelParameters.load(prefs, model, weights, null, heads, "default", scaling)) {
            EmbedOptions options = EmbedOptions.defaults().withBatchSize(batch_size);
            ImageListEmbedder embedder = new ImageListEmbedder(m, options, 1);
            ImageListEmbedder.Result r = embedder.run(open, List.of("Metadata_Image"), Fiji.progress("images"));
            if (r.cancelled()) {
                Fiji.done("Embed Image", "cancelled; nothing embedded or saved");
                return;
            }
            if (r.table() == null) { // every image failed: fail the command, naming why
                throw new IOException(String.join("; ", r.failures().stream().map(ImageListEmbedder.Failure::reason)
                        .toList()));
            }
            r.failures().forEach(f -> IJ.log("DINOscope Embed Image: " + f.reason()));
            table = Fiji.show(r.table(), "DINOscope Profiles");
            if (Fiji.path(out) != null) {
                embedder.write(r, out.toPath(), open);
            }
            Fiji.done("Embed Image", r.embedded() + (r.embedded() == 1 ? " image" : " images") + " embedded"
                    + (r.failures().isEmpty() ? "" : ", " + r.failures().size() + " failed (see the Log)")
                    + (Fiji.path(out) != null ? "; table in " + out : ""));
        } catch (Exception e) {
            Fiji.fail("Embed Image", e);
        }
    }

    /** An open image as one field of the list: its channels named as {@link ImagePlusFields#channelNames} says. */
    private final class OpenImage implements ImageListEmbedder.Image {
        private final ImagePlus imp;

        OpenImage(ImagePlus imp) {
            this.imp = imp;
        }

        @Override
        public String source() {
            Path file = ImagePlusFields.source(imp);
            return file != null ? file.toString() : imp.getTitle();
        }

        @Override
        public Field read() {
            return ImagePlusFields.toField(imp);
        }

        @Override
        public List<String> channelNames(Field field) {
            return ImagePlusFields.channelNames(imp, field, channel_names);
        }

        @Override
        public List<String> metadata() {
            return List.of(imp.getTitle());
        }
    }
}
