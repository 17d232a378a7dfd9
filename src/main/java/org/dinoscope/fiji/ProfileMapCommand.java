package org.dinoscope.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;

import org.dinoscope.eval.Clustering;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.viz.Charts;
import org.dinoscope.viz.Plots;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > Profile Map (UMAP): a UMAP or PCA scatter of a profile table in a live chart window;
 * hovering a point shows its metadata, clicking it opens its field with the attention overlay (tables from Embed
 * Plate). With no display or in a batch macro no window opens and the map goes to the PNG {@code out}.
 */
@Plugin(type = Command.class, label = "Profile Map (UMAP)", menuPath = "Plugins>DINOscope>Profile Map (UMAP)")
public class ProfileMapCommand extends ProfilePlotCommand {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Method", choices = {"umap", "pca"})
    String method = "umap";

    @Parameter(label = "Neighbors", min = "2", description = "UMAP neighbourhood size")
    int neighbors = 15;

    @Parameter(label = "Minimum distance", min = "0", description = "UMAP minimum distance")
    double min_dist = 0.1;

    @Parameter(label = "Seed")
    long seed;

    @Parameter(label = "Output", style = "save", required = false, persist = false,
            description = "Also save the map as PNG (needed headless and in batch macros)")
    File out;

    @Parameter(type = ItemIO.OUTPUT)
    String summary;

    @Override
    public void run() {
        try {
            Path table = Fiji.required(profiles, "profiles");
            Path png = Fiji.pngUnlessWindows(out);
            ProfileTable t = ProfileTable.read(table);
            Plots.Plot p = draw(t, Plots.Kind.parse(method), List.of(), neighbors, min_dist, seed,
                    Clustering.Method.COMPLETE);
            if (png != null) {
                Charts.savePng(p.chart(), png, 1000, 800);
            }
            summary = "DINOscope: " + method + " of " + p.rows().rows() + " profiles of " + table.getFileName()
                    + (png != null ? " -> " + png : "");
            IJ.showStatus(summary);
            if (!Fiji.noWindows()) {
                ProfileMapWindow.open(table, t, p, prefs);
            }
        } catch (Exception e) {
            Fiji.fail("Profile Map", e);
        }
    }
}
