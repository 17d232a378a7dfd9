package org.dinoscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Evaluation;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dinoscope evaluate}: the field's metrics for a profile table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate profiles: replicate mAP (copairs) and grit (cytominer-eval) at the input level; then, after optional "
                + "aggregation and without the control rows, nearest-neighbour accuracies (NSC, NSCB, NSB, NSP, NSCP, "
                + "NSPW, NSS as the columns allow), label mAP, AMI of a hierarchical clustering, silhouettes and graph "
                + "connectivity. Writes JSON and prints a table.",
                "BBBC021: dinoscope evaluate --profiles wells.csv --out report.json --label Metadata_moa "
                        + "--aggregate-by Metadata_Compound,Metadata_Concentration --batch-pattern '^([^_]+)_'"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profiles", required = true, paramLabel = "TABLE", description = "Profile table (CSV, TSV, .gz or Parquet).")
    Path profiles;

    @Option(names = "--out", required = true, paramLabel = "JSON", description = "Report file.")
    Path out;

    @Option(names = "--label", defaultValue = "Metadata_moa", description = "Label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--compound", defaultValue = "Metadata_Compound", description = "Compound/perturbation column (default: ${DEFAULT-VALUE}).")
    String compound;

    @Option(names = "--batch", paramLabel = "COLUMN", description = "Batch column (default: Metadata_Batch when present).")
    String batch;

    @Option(names = "--batch-pattern", paramLabel = "REGEX",
            description = "Derive the batch from the plate name: group 1 of this expression (e.g. '^([^_]+)_').")
    String batchPattern;

    @Option(names = "--plate", defaultValue = "Metadata_Plate", description = "Plate column (default: ${DEFAULT-VALUE}).")
    String plate;

    @Option(names = "--well", defaultValue = "Metadata_Well", description = "Well column (default: ${DEFAULT-VALUE}).")
    String well;

    @Option(names = "--source", defaultValue = "Metadata_Source", description = "Source column, for NSS (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--control", defaultValue = "DMSO", description = "Control value of the compound column; '' for none (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--aggregate-by", split = ",", paramLabel = "COLUMN",
            description = "Aggregate to this level before nearest-neighbour and clustering metrics (e.g. treatments).")
    List<String> aggregateBy;

    @Option(names = "--aggregate", defaultValue = "mean", description = "mean or median (default: ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(names = "--replicate-by", split = ",", paramLabel = "COLUMN",
            description = "Replicates for the mAP share these columns (default: the --aggregate-by columns, else the compound).")
    List<String> replicateBy;

    @Option(names = "--map-negatives", paramLabel = "controls|others",
            description = "Negatives of the replicate mAP: the control rows (phenotypic activity) or rows of other "
                    + "perturbations (default: controls when there are any).")
    String mapNegatives;

    @Option(names = "--null-size", defaultValue = "10000", description = "Samples of the mAP null distribution (default: ${DEFAULT-VALUE}).")
    int nullSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the mAP null (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threshold", defaultValue = "0.05", description = "Corrected p-value threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--knn", defaultValue = "15", description = "Neighbours of the graph-connectivity graph (default: ${DEFAULT-VALUE}).")
    int knn;

    @Option(names = "--label-conflict", defaultValue = "error", paramLabel = "RULE", description = "When the rows "
            + "aggregated into one profile disagree on the --label value: error (name the group and the values) or "
            + "first (take the group's first value) (default: ${DEFAULT-VALUE}).")
    String labelConflict;

    @Option(names = "--linkage", defaultValue = "complete", description = "complete, average or single (default: ${DEFAULT-VALUE}).")
    String linkage;

    @Option(names = "--queries", paramLabel = "CSV", description = "Also write every nearest-neighbour query and its neighbour.")
    Path queries;

    @Override
    public Integer call() throws Exception {
        ProfileTable t = ProfileTable.read(profiles);
        Evaluation.Options o = Evaluation.Options.defaults().withLabel(label).withCompound(compound).withBatch(batch)
                .withBatchPattern(batchPattern).withPlate(plate).withWell(well).withSource(source).withControl(control)
                .withAggregation(aggregateBy, Profiles.Combine.parse(aggregate)).withReplicateBy(replicateBy)
                .withMapNegatives(mapNegatives).withNull(nullSize, seed).withThreshold(threshold).withKnn(knn)
                .withLinkage(Clustering.Method.parse(linkage)).withLabelConflict(Profiles.Conflict.parse(labelConflict));
        Evaluation.Result r = Evaluation.run(t, o, n -> spec.commandLine().getErr().println(n));
        r.writeReport(out);
        if (queries != null) {
            r.writeQueries(queries);
        }
        spec.commandLine().getOut().print(r.table());
        spec.commandLine().getOut().println("report: " + out);
        return 0;
    }
}
