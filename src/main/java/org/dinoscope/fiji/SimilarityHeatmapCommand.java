package org.dinoscope.fiji;

import java.io.File;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.dinoscope.eval.Clustering;
import org.dinoscope.profile.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Charts;
import org.dinoscope.viz.Plots;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > DINOscope > Similarity Heatmap: the cosine similarity of every pair of profiles, ordered by a
 * hierarchical clustering, as an image with the rows' names on its axes and colour strips by a column; the pair
 * under the mouse shows on the status bar, a click writes it to the Log. Headless, the PNG {@code out} is needed.
 */
@Plugin(type = Command.class, label = "Similarity Heatmap", menuPath = "Plugins>DINOscope>Similarity Heatmap")
public class SimilarityHeatmapCommand implements Command {
    @Parameter(label = "profiles", description = "Profile table (.csv, .tsv, .gz)")
    File profiles;

    @Parameter(label = "color_by", required = false, description = "empty: Metadata_moa, else the first metadata column")
    String color_by = "";

    @Parameter(label = "label_by", required = false, description = "Columns naming the rows; empty: the aggregate_by "
            + "columns, else plate and well")
    String label_by = "";

    @Parameter(label = "aggregate_by", required = false, description = "Aggregate first, e.g. to treatments")
    String aggregate_by = "";

    @Parameter(label = "aggregate", choices = {"mean", "median"})
    String aggregate = "mean";

    @Parameter(label = "drop_controls", description = "Leave out the rows whose control_column is control")
    boolean drop_controls;

    @Parameter(label = "control", required = false)
    String control = "DMSO";

    @Parameter(label = "control_column")
    String control_column = "Metadata_Compound";

    @Parameter(label = "linkage", choices = {"complete", "average", "single"})
    String linkage = "complete";

    @Parameter(label = "out", style = "save", required = false, persist = false,
            description = "Also save it as PNG (needed headless)")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus heatmap;

    @Override
    public void run() {
        try {
            Path table = Fiji.required(profiles, "profiles");
            Path png = Fiji.path(out);
            if (png == null && java.awt.GraphicsEnvironment.isHeadless()) {
                throw new IllegalArgumentException("no display to show the heatmap on: give out=FILE.png");
            }
            ProfileTable t = ProfileTable.read(table);
            Plots.Options o = new Plots.Options(Plots.Kind.HEATMAP, Plots.colorBy(color_by, t), Fiji.list(label_by), Fiji.list(aggregate_by),
                    Profiles.Combine.parse(aggregate), control_column, Fiji.orNull(control), drop_controls, 15, 0.1, 0,
                    Clustering.Method.parse(linkage), ChannelAttribution.DEFAULT_PATTERN, 0, null);
            Plots.Plot p = Plots.draw(t, o, n -> IJ.log("DINOscope: " + n));
            HeatmapImage h = new HeatmapImage("Similarity of " + table.getFileName(), p);
            if (png != null) {
                Charts.savePng(p.chart(), png, h.image.getWidth(), h.image.getHeight());
            }
            heatmap = h.image;
            if (!java.awt.GraphicsEnvironment.isHeadless()) {
                h.show();
            }
        } catch (Exception e) {
            Fiji.fail("Similarity Heatmap", e);
        }
    }
}
