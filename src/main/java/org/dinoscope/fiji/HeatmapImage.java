package org.dinoscope.fiji;

import java.awt.Dimension;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import org.dinoscope.viz.Plots;
import org.dinoscope.viz.SimilarityHeatmap;
import org.jfree.chart.ChartRenderingInfo;

/**
 * A similarity heatmap rendered into an ImageJ RGB image (axis names, colour strips and scale included), so that
 * it zooms, saves and goes into figures as any image does; the chart's rendering info maps an image pixel back to
 * the matrix cell, so the pair under the mouse shows on the status bar and a click writes it, with the two
 * profiles' metadata, to the Log.
 */
final class HeatmapImage {
    final ImagePlus image;
    private final ChartRenderingInfo info = new ChartRenderingInfo();
    private final Plots.Plot plot;

    HeatmapImage(String title, Plots.Plot plot) {
        this.plot = plot;
        Dimension size = Plots.imageSize(plot, 1000, 800);
        image = new ImagePlus(title, plot.chart().createBufferedImage(size.width, size.height, info));
    }

    /** The pair shown at image pixel (x, y) by their axis names, and their similarity; null outside the matrix. */
    String pairAt(double x, double y) {
        int[] cell = plot.heatmap().cellAt(info, x, y);
        return cell == null ? null : String.format(Locale.ROOT, "%s \u00d7 %s: cosine similarity %.3f",
                name(cell[0]), name(cell[1]), plot.heatmap().similarityAt(cell[0], cell[1]));
    }

    /** As {@link #pairAt}, followed by every metadata value of the two profiles. */
    String detailsAt(double x, double y) {
        int[] cell = plot.heatmap().cellAt(info, x, y);
        SimilarityHeatmap h = plot.heatmap();
        return cell == null ? null : pairAt(x, y) + " (" + Plots.describe(plot.rows(), h.rowAt(cell[0])) + "; "
                + Plots.describe(plot.rows(), h.rowAt(cell[1])) + ")";
    }

    /** The name on the axes at a position (the numbers behind a heatmap are in axis order). */
    private String name(int position) {
        return plot.numbers().metadata(position, "Metadata_Name");
    }

    /** Shows the image; on a display, also the pair under the mouse (status bar) and a clicked pair (Log). */
    void show() {
        Fiji.showWithMouse(image, (x, y) -> {
            String pair = pairAt(x, y);
            if (pair != null) {
                IJ.showStatus(pair);
            }
        }, (x, y) -> {
            String pair = detailsAt(x, y);
            if (pair != null) {
                IJ.log("DINOscope: " + pair);
            }
        });
    }
}
