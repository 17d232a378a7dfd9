package org.dinoscope.fiji;

import java.io.File;
import java.util.List;

import ij.IJ;

import org.dinoscope.eval.Clustering;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Plots;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

/**
 * What Profile Map (UMAP) and Similarity Heatmap both ask, as {@code dinoscope plot} does: the table, the column
 * that colours it, and the aggregation and control rows to leave out before drawing.
 */
abstract class ProfilePlotCommand implements Command {
    @Parameter(label = "Profiles", description = "Profile table (.csv, .tsv, .gz, .parquet)")
    File profiles;

    @Parameter(label = "Color by", required = false, description = "empty: Metadata_moa, else the first metadata column")
    String color_by = "";

    @Parameter(label = "Aggregate by", required = false, description = "Aggregate first, e.g. to treatments")
    String aggregate_by = "";

    @Parameter(label = "Aggregate", choices = {"mean", "median"})
    String aggregate = "mean";

    @Parameter(label = "Drop controls", description = "Leave out the rows whose control_column is control")
    boolean drop_controls;

    @Parameter(label = "Control", required = false)
    String control = "DMSO";

    @Parameter(label = "Control column")
    String control_column = "Metadata_Compound";

    /** The table drawn as these parameters and the command's own say; notes go to the Log. */
    Plots.Plot draw(ProfileTable t, Plots.Kind kind, List<String> labelBy, int neighbours, double minDist, long seed,
            Clustering.Method linkage) {
        Plots.Options o = new Plots.Options(kind, Plots.colorBy(color_by, t), labelBy, Fiji.list(aggregate_by),
                Profiles.Combine.parse(aggregate), control_column, Fiji.orNull(control), drop_controls, neighbours,
                minDist, seed, linkage, ChannelAttribution.DEFAULT_PATTERN, 0, null);
        return Plots.draw(t, o, n -> IJ.log("DINOscope: " + n));
    }
}
