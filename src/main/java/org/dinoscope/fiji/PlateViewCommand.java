package org.dinoscope.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.dinoscope.table.ProfileTable;
import org.dinoscope.viz.PlateFormat;
import org.dinoscope.viz.PlateView;
import org.dinoscope.viz.WellValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Plate View: one value per well drawn in the plate's layout (the core's ImgLib2 figure,
 * {@link PlateView}), with row letters, column numbers and a colour bar: the cosine distance to the mean of the
 * plate's control wells, a feature, a principal component, replicate mAP, its corrected p-value or a well's AP.
 * Hovering a well shows its value and metadata; clicking it opens its fields with their attention maps. One image
 * per plate, or the plate named; headless or in a batch macro the images go to the PNG {@code out} (one file per
 * plate when there are several, as {@code dinoscope plot plate}).
 */
@Plugin(type = Command.class, label = "Plate View", menuPath = "Plugins>DINOscope>Plate View")
public class PlateViewCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Profiles", description = "Well table: wells.csv from Embed Plate, or a table Normalize "
            + "Profiles made from it")
    File profiles;

    @Parameter(label = "Value", choices = {"distance", "feature", "pc", "map", "map_p", "ap"},
            description = "distance: cosine distance to the mean of the plate's controls; feature; pc: a principal "
                    + "component; map: replicate mAP; map_p: its corrected p-value; ap: the well's own AP")
    String value = "distance";

    @Parameter(label = "Feature", required = false, description = "The feature shown by value=feature, e.g. DNA_0")
    String feature = "";

    @Parameter(label = "Principal component", min = "1", description = "The component shown by value=pc")
    int pc = 1;

    @Parameter(label = "Plate", required = false, description = "empty: every plate, one image each")
    String plate = "";

    @Parameter(label = "Plate format", choices = {"auto", "96", "384", "1536"},
            description = "auto: the smallest that holds the table's wells")
    String format = "auto";

    @Parameter(label = "Control", required = false, description = "Control value: the distance's reference, the "
            + "mAP's negatives")
    String control = "DMSO";

    @Parameter(label = "Control column")
    String control_column = "Metadata_Compound";

    @Parameter(label = "Replicate by", required = false, description = "mAP: replicates share these columns; "
            + "empty: the control column")
    String replicate_by = "";

    @Parameter(label = "Null size", min = "1", description = "mAP: random rankings per null distribution")
    int null_size = 10000;

    @Parameter(label = "Seed", description = "mAP: seed of the null distributions")
    long seed;

    @Parameter(label = "Output", style = "save", required = false, persist = false,
            description = "Also save as PNG, one file per plate when there are several (needed headless and in "
                    + "batch macros)")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus image;

    @Parameter(type = ItemIO.OUTPUT)
    String summary;

    @Override
    public void run() {
        try {
            Path table = Fiji.required(profiles, "profiles");
            Path png = Fiji.pngUnlessWindows(out);
            WellValues.Options o = new WellValues.Options(WellValues.Kind.parse(value), Fiji.orNull(feature), pc,
                    control_column, Fiji.orNull(control), Fiji.list(replicate_by), null_size, seed);
            WellValues.Result r = WellValues.compute(ProfileTable.read(table), o, n -> IJ.log("DINOscope: " + n));
            List<String> plates = Fiji.orNull(plate) != null ? List.of(plate.trim())
                    : r.plates().stream().map(WellValues.Plate::name).toList();
            List<String> done = new ArrayList<>();
            for (String name : plates) {
                PlateView v = new PlateView(r, name, PlateFormat.parse(format), null);
                PlateViewImage shown = new PlateViewImage(v, table, prefs);
                if (png != null) {
                    Path file = PlateView.output(png, name, plates.size());
                    v.savePng(file);
                    done.add(file.toString());
                }
                image = image != null ? image : shown.image;
                if (!Fiji.noWindows()) {
                    shown.show();
                }
            }
            summary = "DINOscope: plate view of " + r.unit() + ", " + plates.size() + " plate(s) of "
                    + table.getFileName() + (done.isEmpty() ? "" : " -> " + String.join(", ", done));
            Fiji.done("Plate View", summary.substring("DINOscope: ".length()));
        } catch (Exception e) {
            Fiji.fail("Plate View", e);
        }
    }
}
