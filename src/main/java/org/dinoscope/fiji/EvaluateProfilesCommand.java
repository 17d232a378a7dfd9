package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.measure.ResultsTable;

import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Evaluation;
import org.dinoscope.eval.MetricRow;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > DINOscope > Evaluate Profiles...: the metrics of {@code dinoscope evaluate} (NSC, NSCB and the other
 * nearest-neighbour accuracies, replicate and label mAP, AMI, silhouettes, graph connectivity) as a results
 * table with one row per metric (a metric that is undefined or that the table's columns do not allow has no value
 * and says why in its note; the Log too); optionally the JSON report and every nearest-neighbour query.
 */
@Plugin(type = Command.class, label = "Evaluate Profiles...", menuPath = "Plugins>DINOscope>Evaluate Profiles...")
public class EvaluateProfilesCommand implements Command {
    @Parameter(label = "Profiles", description = "Profile table (.csv, .tsv, .gz, .parquet)")
    File profiles;

    @Parameter(label = "Output", style = "save", required = false, persist = false,
            description = "Also write the JSON report")
    File out;

    @Parameter(label = "Label")
    String label = "Metadata_moa";

    @Parameter(label = "Compound")
    String compound = "Metadata_Compound";

    @Parameter(label = "Batch", required = false, description = "Batch column; empty: Metadata_Batch when present")
    String batch = "";

    @Parameter(label = "Batch pattern", required = false, description = "Batch = group 1 of this regex on the plate")
    String batch_pattern = "";

    @Parameter(label = "Plate")
    String plate = "Metadata_Plate";

    @Parameter(label = "Well")
    String well = "Metadata_Well";

    @Parameter(label = "Source", description = "Source column, for NSS")
    String source = "Metadata_Source";

    @Parameter(label = "Control", required = false, description = "Control value of the compound column")
    String control = "DMSO";

    @Parameter(label = "Aggregate by", required = false, description = "Aggregate first, e.g. to treatments")
    String aggregate_by = "";

    @Parameter(label = "Aggregate", choices = {"mean", "median"})
    String aggregate = "mean";

    @Parameter(label = "Replicate by", required = false, description = "empty: the aggregate_by columns, else the compound")
    String replicate_by = "";

    @Parameter(label = "Map negatives", choices = {"auto", "controls", "others"},
            description = "auto: the controls when there are any")
    String map_negatives = "auto";

    @Parameter(label = "Null size", min = "1")
    int null_size = 10000;

    @Parameter(label = "Seed")
    long seed;

    @Parameter(label = "Threshold", min = "0", max = "1", description = "Corrected p-value threshold")
    double threshold = 0.05;

    @Parameter(label = "K nearest neighbours", min = "1", description = "Neighbours of the graph-connectivity graph")
    int knn = 15;

    @Parameter(label = "Linkage", choices = {"complete", "average", "single"})
    String linkage = "complete";

    @Parameter(label = "Label conflict", choices = {"error", "first"},
            description = "When the rows aggregated into one profile disagree on the label: stop, naming them, or "
                    + "take each group's first value")
    String label_conflict = "error";

    @Parameter(label = "Queries", style = "save", required = false, persist = false,
            description = "Also write every query (CSV)")
    File queries;

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable metrics;

    @Override
    public void run() {
        try {
            ProfileTable t = ProfileTable.read(Fiji.required(profiles, "profiles"));
            List<String> replicates = Fiji.list(replicate_by);
            Evaluation.Options o = Evaluation.Options.defaults().withLabel(label).withCompound(compound)
                    .withBatch(Fiji.orNull(batch)).withBatchPattern(Fiji.orNull(batch_pattern)).withPlate(plate)
                    .withWell(well).withSource(source).withControl(Fiji.orNull(control))
                    .withAggregation(Fiji.list(aggregate_by), Profiles.Combine.parse(aggregate))
                    .withReplicateBy(replicates.isEmpty() ? null : replicates)
                    .withMapNegatives(map_negatives.equals("auto") ? null : map_negatives).withNull(null_size, seed)
                    .withThreshold(threshold).withKnn(knn).withLinkage(Clustering.Method.parse(linkage))
                    .withLabelConflict(Profiles.Conflict.parse(label_conflict));
            Evaluation.Result r = Evaluation.run(t, o, n -> IJ.log("DINOscope: " + n));
            Path report = Fiji.path(out);
            if (report != null) {
                r.writeReport(report);
            }
            if (Fiji.path(queries) != null) {
                r.writeQueries(Fiji.path(queries));
            }
            metrics = new ResultsTable();
            metrics.setNaNEmptyCells(true);
            for (MetricRow m : r.metrics()) {
                metrics.incrementCounter();
                metrics.addValue("metric", m.metric());
                metrics.addValue("value", m.value());
                metrics.addValue("n", m.n().isEmpty() ? Double.NaN : Double.parseDouble(m.n()));
                metrics.addValue("note", m.undefined() == null ? "" : "undefined: " + m.undefined());
                if (m.undefined() != null) {
                    IJ.log("DINOscope Evaluate Profiles: " + m.metric() + " is undefined: " + m.undefined());
                }
            }
            // a metric the table's columns do not allow is a row too, saying why: never an empty table in silence
            for (Map.Entry<String, String> s : r.skipped().entrySet()) {
                metrics.incrementCounter();
                metrics.addValue("metric", s.getKey());
                metrics.addValue("value", Double.NaN);
                metrics.addValue("n", Double.NaN);
                metrics.addValue("note", "skipped: " + s.getValue());
            }
            metrics.setDecimalPlaces(1, 4);
            if (!GraphicsEnvironment.isHeadless()) {
                metrics.show("DINOscope Evaluation of " + profiles.getName());
            }
        } catch (Exception e) {
            Fiji.fail("Evaluate Profiles", e);
        }
    }
}
