package org.dinoscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.dinoscope.profile.ProfilePipeline;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.profile.Whitening;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dinoscope profile}: normalise and aggregate a profile table. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Normalise and aggregate a profile table (ours, CellProfiler's or pycytominer's: Metadata_ "
                + "columns, then features). Steps run in the order given:",
                "  mad_robustize    per group: (x - median) / (1.4826 MAD + epsilon)",
                "  standardize      per group: (x - mean) / sd",
                "  spherize         ZCA/PCA whitening fitted on the fit rows of the whole table",
                "  tvn              PCA whitening on the controls, then CORAL per batch (--tvn-batch)",
                "  variance_filter  drop features with variance <= threshold in the controls or the other rows",
                "  aggregate        one row per group of --aggregate-by (mean or median)",
                "Example: dinoscope profile --in wells.csv --out treatments.csv --step mad_robustize "
                        + "--step variance_filter --step aggregate --aggregate-by Metadata_Compound,Metadata_Concentration"})
public final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "TABLE", description = "Input table: CSV or TSV (.gz too) or Parquet (a "
            + "file, or a folder of Parquet files), told apart by their content.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "TABLE", description = "Output table; its name says the format: .parquet "
            + "for Parquet, else CSV (gzip-compressed when it ends in .gz).")
    Path out;

    @Option(names = "--step", required = true, paramLabel = "STEP",
            description = "A step, repeatable, applied in order: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Steps.class)
    List<String> steps;

    @Option(names = "--control-column", defaultValue = "Metadata_Compound",
            description = "Column holding the control value (default: ${DEFAULT-VALUE}).")
    String controlColumn;

    @Option(names = "--control", defaultValue = "DMSO", description = "Control value (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--fit-on", defaultValue = "controls",
            description = "Rows the statistics are fitted on: controls or all (default: ${DEFAULT-VALUE}).")
    String fitOn;

    @Option(names = "--group-by", defaultValue = "Metadata_Plate",
            description = "Per-group fitting of mad_robustize and standardize; 'none' for the whole table "
                    + "(default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--mad-epsilon", defaultValue = "1e-18", description = "Added to the scaled MAD (default: ${DEFAULT-VALUE}).")
    double madEpsilon;

    @Option(names = "--whitening", defaultValue = "zca", description = "spherize method: zca, pca, zca-cor, pca-cor (default: ${DEFAULT-VALUE}).")
    String whitening;

    @Option(names = "--spherize-epsilon", defaultValue = "1e-6",
            description = "Added to the eigenvalues in spherize and tvn (default: ${DEFAULT-VALUE}).")
    double sphereEpsilon;

    @Option(names = "--tvn-batch", paramLabel = "COLUMN", description = "Align each batch of this column in tvn (CORAL).")
    String tvnBatch;

    @Option(names = "--variance-threshold", defaultValue = "1e-5", description = "variance_filter threshold (default: ${DEFAULT-VALUE}).")
    double varianceThreshold;

    @Option(names = "--aggregate-by", split = ",", paramLabel = "COLUMN", description = "Columns that define the aggregate step's groups.")
    List<String> aggregateBy;

    @Option(names = "--aggregate", defaultValue = "mean", description = "mean or median (default: ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(names = "--nan", defaultValue = "features",
            description = "NaN or infinite values: drop the features holding them, drop the rows, or fail "
                    + "(features, rows, fail; default: ${DEFAULT-VALUE}).")
    String nan;

    /** Step names for help. */
    static final class Steps extends ArrayList<String> {
        Steps() {
            super(ProfilePipeline.STEPS.keySet());
        }
    }

    @Override
    public Integer call() throws Exception {
        ProfilePipeline p = ProfilePipeline.defaults().withSteps(steps).withControls(controlColumn, control)
                .withFitOn(fitOn).withGroupBy(groupBy).withMadEpsilon(madEpsilon)
                .withWhitening(Whitening.parse(whitening), sphereEpsilon).withTvnBatch(tvnBatch)
                .withVarianceThreshold(varianceThreshold).withAggregation(aggregateBy, Profiles.Combine.parse(aggregate))
                .withNan(nan);
        ProfileTable result = p.apply(in, out, n -> spec.commandLine().getErr().println(n));
        spec.commandLine().getOut().printf("%d rows x %d features -> %s%n", result.rows(), result.featureColumns().size(), out);
        return 0;
    }
}
