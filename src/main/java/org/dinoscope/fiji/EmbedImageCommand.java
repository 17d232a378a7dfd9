package org.dinoscope.fiji;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.embed.Provenance;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.profile.ProfileTable;
import org.dinoscope.profile.Sidecar;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/** Plugins > DINOscope > Embed Image: one profile row per open image. */
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

    @Parameter(label = "Output", required = false, description = "Also save the table (.csv or .csv.gz)")
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
        try (LoadedModel m = ModelParameters.load(prefs, model, weights, null, heads, "default", scaling)) {
            EmbedOptions options = EmbedOptions.defaults().withBatchSize(batch_size);
            FieldEmbedder embedder = new FieldEmbedder(m, options);
            ProfileTable profiles = null;
            List<String> sources = new ArrayList<>();
            List<String> channels = null;
            for (int i = 0; i < images.size(); i++) {
                ImagePlus imp = images.get(i);
                Fiji.status("DINOscope: embedding " + imp.getTitle(), i, images.size());
                Field field = ImagePlusFields.toField(imp);
                List<String> names = ImagePlusFields.channelNames(imp, field, channel_names);
                FieldEmbedder.Embedding e = embedder.embed(field, names);
                if (profiles == null) {
                    profiles = new ProfileTable(List.of("Metadata_Image", "Metadata_Crops"), embedder.featureNames(names));
                    channels = names;
                }
                sources.add(field.source() != null ? field.source().toString() : imp.getTitle());
                profiles.addRow(List.of(imp.getTitle(), String.valueOf(e.cropsUsed())), e.vector());
            }
            table = Fiji.show(profiles, "DINOscope Profiles");
            if (Fiji.path(out) != null) {
                profiles.write(out.toPath());
                Sidecar.write(out.toPath(), Provenance.ofImages(m, options, sources, channels));
            }
            Fiji.done("Embed Image", images.size() + (images.size() == 1 ? " image" : " images") + " embedded"
                    + (Fiji.path(out) != null ? "; table in " + out : ""));
        } catch (Exception e) {
            Fiji.fail("Embed Image", e);
        }
    }
}
