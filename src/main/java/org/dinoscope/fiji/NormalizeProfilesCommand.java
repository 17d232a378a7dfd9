package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.measure.ResultsTable;

import org.dinoscope.profile.ProfilePipeline;
import org.dinoscope.profile.Profiles;
import org.dinoscope.profile.Whitening;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > DINOscope > Normalize Profiles...: normalisation and aggregation steps on a profile table, as
 * {@code dinoscope profile} runs them; writes the table and its sidecar, logs the notes, and shows the table's
 * size before and after each step.
 */
@Plugin(type = Command.class, label = "Normalize Profiles...", menuPath = "Plugins>DINOscope>Normalize Profiles...")
public class NormalizeProfilesCommand implements Command {
    @Parameter(label = "Input", description = "Profile table (.csv, .tsv, .gz, .parquet)")
    File in;

    @Parameter(label = "Output", style = "save", description = "Normalised table (.csv, .csv.gz or .parquet)")
    File out;

    @Parameter(label = "Steps", description = "In order, comma-separated: mad_robustize, standardize, spherize, tvn, "
            + "variance_filter, aggregate")
    String steps = "mad_robustize,variance_filter";

    @Parameter(label = "Control column")
    String control_column = "Metadata_Compound";

    @Parameter(label = "Control", required = false)
    String control = "DMSO";

    @Parameter(label = "Fit on", choices = {"controls", "all"})
    String fit_on = "controls";

    @Parameter(label = "Group by", description = "Per-group mad_robustize and standardize; none for the whole table")
    String group_by = "Metadata_Plate";

    @Parameter(label = "MAD epsilon")
    double mad_epsilon = 1e-18;

    @Parameter(label = "Whitening", choices = {"zca", "pca", "zca-cor", "pca-cor"})
    String whitening = "zca";

    @Parameter(label = "Spherize epsilon")
    double spherize_epsilon = 1e-6;

    @Parameter(label = "TVN batch", required = false, description = "Align each batch of this column in tvn (CORAL)")
    String tvn_batch = "";

    @Parameter(label = "Variance threshold")
    double variance_threshold = 1e-5;

    @Parameter(label = "Aggregate by", required = false, description = "Columns of the aggregate step, comma-separated")
    String aggregate_by = "";

    @Parameter(label = "Aggregate", choices = {"mean", "median"})
    String aggregate = "mean";

    @Parameter(label = "NaN", choices = {"features", "rows", "fail"},
            description = "NaN or infinite values: drop the features, drop the rows, or fail")
    String nan = "features";

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable shapes;

    @Override
    public void run() {
        try {
            ProfilePipeline p = ProfilePipeline.defaults().withSteps(Fiji.list(steps))
                    .withControls(control_column, Fiji.orNull(control)).withFitOn(fit_on).withGroupBy(group_by)
                    .withMadEpsilon(mad_epsilon).withWhitening(Whitening.parse(whitening), spherize_epsilon)
                    .withTvnBatch(Fiji.orNull(tvn_batch)).withVarianceThreshold(variance_threshold)
                    .withAggregation(Fiji.list(aggregate_by), Profiles.Combine.parse(aggregate)).withNan(nan);
            List<ProfilePipeline.Shape> sizes = new ArrayList<>();
            p.apply(Fiji.required(in, "in"), Fiji.required(out, "out"), n -> IJ.log("DINOscope: " + n), sizes::add);
            shapes = new ResultsTable();
            for (ProfilePipeline.Shape s : sizes) {
                shapes.incrementCounter();
                shapes.addValue("step", s.step());
                shapes.addValue("rows", s.rows());
                shapes.addValue("features", s.features());
            }
            IJ.showStatus("DINOscope: normalised profiles in " + out);
            if (!GraphicsEnvironment.isHeadless()) {
                shapes.show("DINOscope Normalize Profiles");
            }
        } catch (Exception e) {
            Fiji.fail("Normalize Profiles", e);
        }
    }
}
