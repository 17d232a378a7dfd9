package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.dinoscope.eval.Clustering;
import org.dinoscope.table.ProfileTable;
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
public class SimilarityHeatmapCommand extends ProfilePlotCommand {
    @Parameter(label = "Label by", required = false, description = "Columns naming the rows; empty: the aggregate_by "
            + "columns, else plate and well")
    String label_by = "";

    @Parameter(label = "Linkage", choices = {"complete", "average", "single"})
    String linkage = "complete";

    @Parameter(label = "Output", style = "save", required = false, persist = false,
            description = "Also save it as PNG (needed headless)")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus heatmap;

    @Override
    public void run() {
        try {
            Path table = Fiji.required(profiles, "profiles");
            Path png = Fiji.path(out);
            if (png == null && GraphicsEnvironment.isHeadless()) {
                throw new IllegalArgumentException("no display to show the heatmap on: give out=FILE.png");
            }
            ProfileTable t = ProfileTable.read(table);
            Plots.Plot p = draw(t, Plots.Kind.HEATMAP, Fiji.list(label_by), 15, 0.1, 0, Clustering.Method.parse(linkage));
            HeatmapImage h = new HeatmapImage("Similarity of " + table.getFileName(), p);
            if (png != null) {
                Charts.savePng(p.chart(), png, h.image.getWidth(), h.image.getHeight());
            }
            heatmap = h.image;
            if (!GraphicsEnvironment.isHeadless()) {
                h.show();
            }
        } catch (Exception e) {
            Fiji.fail("Similarity Heatmap", e);
        }
    }
}
