package org.dinoscope.fiji;

import java.io.File;

import ij.IJ;
import ij.measure.ResultsTable;

import org.dinoscope.ProgressListener;
import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.PlateEmbedder;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.profile.Profiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Embed Plate...: a plate layout to field and well profiles in an output folder
 * (resumable: run it again on the same folder to continue); Esc cancels; the well profiles open as a
 * results table.
 */
@Plugin(type = Command.class, label = "Embed Plate...", menuPath = "Plugins>DINOscope>Embed Plate...")
public class EmbedPlateCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Layout", style = "both", description = "load_data CSV, or a folder of images")
    File layout;

    @Parameter(label = "Pattern", description = "phenix, imagexpress, cellprofiler, or a regex with named groups")
    String pattern = "imagexpress";

    @Parameter(label = "Channel map", required = false, description = "e.g. 1=DNA,2=ER,3=RNA,4=AGP,5=Mito")
    String channel_map = "";

    @Parameter(label = "Platemap", required = false)
    File platemap;

    @Parameter(label = "Model", choices = {"demo", "random", "unidino", "cellpaintssl-dino", "wsdino", "imagenet-dino", "mae"})
    String model = "demo";

    @Parameter(label = "Weights", required = false, description = "none: the file set in DINOscope Settings")
    File weights;

    @Parameter(label = "Scaling", choices = {"model default", "percentile", "dtype-max", "uint16-max", "clip-10000"},
            description = "Input scaling; model default: what a trained model records, else the preset's")
    String scaling = "model default";

    @Parameter(label = "Heads", min = "0", description = "0 = embedding dim / 64")
    int heads;

    @Parameter(label = "Device", choices = {"default", "auto", "cpu", "gpu"},
            description = "default: the device set in DINOscope Settings")
    String device = "default";

    @Parameter(label = "Batch size", min = "1")
    int batch_size = 16;

    @Parameter(label = "Well aggregation", choices = {"mean", "median"})
    String well_aggregation = "mean";

    @Parameter(label = "Output", style = "directory")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable wells;

    @Override
    public void run() {
        try {
            PlateLayout plates = Layouts.open(layout.toPath(), pattern, channel_map,
                    platemap == null || platemap.getPath().isBlank() ? null : platemap.toPath(), IJ::log);
            EmbedOptions options = EmbedOptions.defaults().withBatchSize(batch_size);
            PlateEmbedder.Options po = new PlateEmbedder.Options(options, false, Double.NaN,
                    Profiles.Combine.parse(well_aggregation), 1, ".csv");
            try (LoadedModel m = ModelParameters.load(prefs, model, weights, null, heads, device, scaling)) {
                ProgressListener progress = Fiji.progress("fields");
                PlateEmbedder.Result r = new PlateEmbedder(m, po).run(plates, out.toPath(), progress);
                if (r.cancelled()) {
                    Fiji.done("Embed Plate", String.format("cancelled after %d of %d fields; run again on the same "
                            + "output folder (%s) to continue", r.embeddedNow() + r.resumed(), r.fields(), out));
                    return;
                }
                Fiji.done("Embed Plate", String.format("%d fields embedded, %d failed%s; wells in %s",
                        r.fields() - r.failures().size(), r.failures().size(),
                        r.failures().isEmpty() ? "" : " (see " + r.failureTable() + ")", r.wellTable()));
                wells = Fiji.show(r.wells(), "DINOscope Well Profiles");
            }
        } catch (Exception e) {
            Fiji.fail("Embed Plate", e);
        }
    }
}
