package org.dinoscope.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.dinoscope.OutputFiles;
import org.dinoscope.profile.FiniteValues;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;

/**
 * The field's questions asked of one profile table, with the columns named by the user: a runner over a list of
 * {@link Metric}s ({@link #METRICS}). Each metric reads the table at its stage:
 * <ul>
 *   <li>the input table, controls included: {@code map}, replicate retrieval (copairs); {@code grit}, the
 *       strength of each perturbation's replicates against the controls (cytominer-eval);</li>
 *   <li>after optional aggregation (e.g. to treatments) and dropping the control rows: nearest-neighbour
 *       accuracies {@code nsc}, {@code nscb}, {@code nsb}, {@code nsp}, {@code nscp}, {@code nspw},
 *       {@code nss}; {@code map_label} (does a profile retrieve other compounds of its label);
 *       {@code ami} of a hierarchical clustering; {@code silhouette_label}, {@code silhouette_batch} and
 *       {@code graph_connectivity}.</li>
 * </ul>
 * A metric the table does not allow is skipped with its reason, in the report and in the notes.
 */
public final class Evaluation {

    /** Every metric, in report order. */
    public static final List<Metric> METRICS = Stream.of(
            Stream.of(new ReplicateRetrieval(), new Grit()),
            NeighbourAccuracy.all().stream(),
            Stream.of(new LabelRetrieval(), new ClusterAgreement(), Silhouette.byLabel(), new GraphConnectivity(),
                    Silhouette.byBatch())).<Metric>flatMap(s -> s).toList();

    /**
     * What to evaluate and how; columns that are null or absent switch off the metrics that need them. Start from
     * {@link #defaults()} and change what differs with the {@code with...} methods.
     */
    public record Options(String label, String compound, String batch, String batchPattern, String plate,
                          String well, String source, String control, List<String> aggregateBy,
                          Profiles.Combine combine, List<String> replicateBy, String mapNegatives, int nullSize,
                          long seed, double threshold, int knn, Clustering.Method linkage,
                          Profiles.Conflict labelConflict) {
        public Options {
            labelConflict = labelConflict == null ? Profiles.Conflict.ERROR : labelConflict;
        }

        /**
         * The defaults of {@code dinoscope evaluate}: label Metadata_moa, compound Metadata_Compound, plate, well
         * and source the Metadata_ columns of those names, control DMSO, no aggregation (mean when asked), batch
         * and replicates as {@link Evaluation#withDefaults} finds them, negatives the controls when there are
         * any, a null of 10000 with seed 0, threshold 0.05, 15 neighbours, complete linkage, conflicting labels an
         * error.
         */
        public static Options defaults() {
            return new Options("Metadata_moa", "Metadata_Compound", null, null, "Metadata_Plate", "Metadata_Well",
                    "Metadata_Source", "DMSO", List.of(), Profiles.Combine.MEAN, null, null, 10000, 0, 0.05, 15,
                    Clustering.Method.COMPLETE, Profiles.Conflict.ERROR);
        }

        public Options withLabel(String v) {
            return change(d -> d.label = v);
        }

        public Options withCompound(String v) {
            return change(d -> d.compound = v);
        }

        public Options withBatch(String v) {
            return change(d -> d.batch = v);
        }

        /** Group 1 of this expression on the plate name is the batch. */
        public Options withBatchPattern(String v) {
            return change(d -> d.batchPattern = v);
        }

        public Options withPlate(String v) {
            return change(d -> d.plate = v);
        }

        public Options withWell(String v) {
            return change(d -> d.well = v);
        }

        public Options withSource(String v) {
            return change(d -> d.source = v);
        }

        /** The control value of the compound column; null or "" for none. */
        public Options withControl(String v) {
            return change(d -> d.control = v);
        }

        /** Aggregate to these columns (with {@code combine}) before the evaluated stage; empty for none. */
        public Options withAggregation(List<String> by, Profiles.Combine combine) {
            return change(d -> {
                d.aggregateBy = by;
                d.combine = combine;
            });
        }

        /** Replicates share these columns; null or empty for the aggregate-by columns, else the compound. */
        public Options withReplicateBy(List<String> v) {
            return change(d -> d.replicateBy = v);
        }

        /** controls, others, or null for controls when there are any. */
        public Options withMapNegatives(String v) {
            return change(d -> d.mapNegatives = v);
        }

        /** Samples of the mAP null distribution and their seed. */
        public Options withNull(int size, long seed) {
            return change(d -> {
                d.nullSize = size;
                d.seed = seed;
            });
        }

        /** Corrected p-value threshold of the fraction retrieved. */
        public Options withThreshold(double v) {
            return change(d -> d.threshold = v);
        }

        public Options withKnn(int v) {
            return change(d -> d.knn = v);
        }

        public Options withLinkage(Clustering.Method v) {
            return change(d -> d.linkage = v);
        }

        public Options withLabelConflict(Profiles.Conflict v) {
            return change(d -> d.labelConflict = v);
        }

        private Options change(Consumer<Draft> edit) {
            Draft d = new Draft(this);
            edit.accept(d);
            return new Options(d.label, d.compound, d.batch, d.batchPattern, d.plate, d.well, d.source, d.control,
                    d.aggregateBy, d.combine, d.replicateBy, d.mapNegatives, d.nullSize, d.seed, d.threshold, d.knn,
                    d.linkage, d.labelConflict);
        }

        /** The options as mutable fields, for the {@code with...} methods only. */
        private static final class Draft {
            String label;
            String compound;
            String batch;
            String batchPattern;
            String plate;
            String well;
            String source;
            String control;
            List<String> aggregateBy;
            Profiles.Combine combine;
            List<String> replicateBy;
            String mapNegatives;
            int nullSize;
            long seed;
            double threshold;
            int knn;
            Clustering.Method linkage;
            Profiles.Conflict labelConflict;

            Draft(Options o) {
                label = o.label;
                compound = o.compound;
                batch = o.batch;
                batchPattern = o.batchPattern;
                plate = o.plate;
                well = o.well;
                source = o.source;
                control = o.control;
                aggregateBy = o.aggregateBy;
                combine = o.combine;
                replicateBy = o.replicateBy;
                mapNegatives = o.mapNegatives;
                nullSize = o.nullSize;
                seed = o.seed;
                threshold = o.threshold;
                knn = o.knn;
                linkage = o.linkage;
                labelConflict = o.labelConflict;
            }
        }
    }

    /**
     * The JSON report, the rows of the metrics table, the metrics skipped with their reasons, the per-query
     * nearest neighbours of each accuracy, and the table the evaluated stage read.
     */
    public record Result(JsonObject report, List<MetricRow> metrics, Map<String, String> skipped,
                         Map<String, NearestNeighbour.Accuracy> accuracies, ProfileTable evaluated) {
        /** The report as pretty JSON (written to a temporary file, then moved into place). */
        public void writeReport(Path json) throws IOException {
            // strict JSON: an undefined metric is null with its reason (MetricResult.put); a NaN here would be a bug
            String text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                    .toJson(report) + "\n";
            OutputFiles.write(json, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
        }

        /** Every nearest-neighbour query with its neighbour, their similarity and the verdict, as CSV. */
        public void writeQueries(Path csvFile) throws IOException {
            List<String> cols = evaluated.metadataColumns();
            List<String> header = new ArrayList<>(List.of("metric"));
            header.addAll(cols);
            cols.forEach(c -> header.add("neighbour_" + c));
            header.add("similarity");
            header.add("correct");
            Files.createDirectories(csvFile.toAbsolutePath().getParent());
            try (var w = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
                 var csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                csv.printRecord(header);
                for (Map.Entry<String, NearestNeighbour.Accuracy> a : accuracies.entrySet()) {
                    for (NearestNeighbour.Query q : a.getValue().queries()) {
                        List<Object> rec = new ArrayList<>(List.of(a.getKey()));
                        rec.addAll(List.of(evaluated.metadataRow(q.row())));
                        rec.addAll(List.of(evaluated.metadataRow(q.neighbour())));
                        rec.add(q.similarity());
                        rec.add(q.correct());
                        csv.printRecord(rec);
                    }
                }
            }
        }

        /**
         * Metric name, value and count, one line each, for the console; undefined metrics with their reason, then
         * the skipped ones with theirs.
         */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-20s %10s %8s%n", "metric", "value", "n"));
            for (MetricRow m : metrics) {
                sb.append(m.undefined() == null ? String.format("%-20s %10.4f %8s%n", m.metric(), m.value(), m.n())
                        : String.format("%-20s %10s %8s  (%s)%n", m.metric(), "undefined", m.n(), m.undefined()));
            }
            for (Map.Entry<String, String> s : skipped.entrySet()) {
                sb.append(String.format("%-20s %10s %8s  (%s)%n", s.getKey(), "skipped", "", s.getValue()));
            }
            return sb.toString();
        }
    }

    private Evaluation() {
    }

    /**
     * The options with their defaults filled in for this table: the batch is {@code Metadata_Batch} when the
     * table has it and none was named; replicates share the aggregate-by columns, else the compound. Fails
     * naming a batch column that is not there.
     */
    public static Options withDefaults(ProfileTable t, Options o) {
        String batch = o.batch();
        if (batch == null && o.batchPattern() == null && t.hasColumn("Metadata_Batch")) {
            batch = "Metadata_Batch";
        }
        if (batch != null && o.batchPattern() == null && !t.hasColumn(batch)) {
            throw new IllegalArgumentException("no batch column " + batch + " in the table (metadata columns: "
                    + String.join(", ", t.metadataColumns()) + ")");
        }
        List<String> replicates = o.replicateBy() != null && !o.replicateBy().isEmpty() ? o.replicateBy()
                : o.aggregateBy() != null && !o.aggregateBy().isEmpty() ? o.aggregateBy() : List.of(o.compound());
        return o.withBatch(batch).withReplicateBy(replicates);
    }

    /**
     * Warns about profiles that cannot tell rows apart: rows holding one value in every feature (all zeros
     * included: cosine similarity is undefined for them and taken as 0) and a table whose rows are all the same.
     * Their similarities tie, which the metrics score at chance level, not as perfect.
     */
    static void noteDegenerate(ProfileTable t, Consumer<String> notes) {
        float[][] m = t.matrix();
        int constant = 0;
        int first = -1;
        for (int r = 0; r < m.length; r++) {
            boolean same = true;
            for (int k = 1; k < m[r].length && same; k++) {
                same = m[r][k] == m[r][0];
            }
            if (same) {
                constant++;
                first = first < 0 ? r : first;
            }
        }
        boolean allEqual = m.length > 1;
        for (int r = 1; r < m.length && allEqual; r++) {
            allEqual = Arrays.equals(m[r], m[0]);
        }
        if (allEqual) {
            notes.accept("warning: all " + m.length + " profiles are identical; no metric can tell rows apart (ties "
                    + "score at chance level: mAP = share of positives)");
        } else if (constant > 0) {
            notes.accept("warning: " + constant + " of " + m.length + " profiles hold one value in every feature "
                    + "(first: data row " + (first + 1) + "); their similarities tie and carry no information");
        }
    }

    /** Runs every metric of {@link #METRICS} the table's columns allow (options completed by {@link #withDefaults}). */
    public static Result run(ProfileTable input, Options given, Consumer<String> notes) {
        return run(input, given, METRICS, notes);
    }

    /** Runs the given metrics, in order within each stage. */
    public static Result run(ProfileTable input, Options given, List<Metric> metrics, Consumer<String> notes) {
        FiniteValues.requireFinite(input, "evaluate");
        noteDegenerate(input, notes);
        Options o = withDefaults(input, given);
        ProfileTable t = input;
        String batch = o.batch();
        if (o.batchPattern() != null) {
            if (o.plate() == null || !t.hasColumn(o.plate())) {
                throw new IllegalArgumentException("--batch-pattern needs the plate column (" + o.plate() + ")");
            }
            Pattern p = Pattern.compile(o.batchPattern());
            List<String> b = new ArrayList<>();
            for (String plate : t.column(o.plate())) {
                Matcher m = p.matcher(plate);
                if (!m.find() || m.groupCount() < 1) {
                    throw new IllegalArgumentException("--batch-pattern " + o.batchPattern()
                            + " does not match plate " + plate + " (group 1 must capture the batch)");
                }
                b.add(m.group(1));
            }
            batch = batch == null ? "Metadata_Batch" : batch;
            t = t.withColumn(batch, b);
        }
        Runner runner = new Runner(notes);
        JsonObject input0 = new JsonObject();
        input0.addProperty("rows", input.rows());
        input0.addProperty("features", input.featureColumns().size());
        runner.report.add("input", input0);
        runner.run(metrics, Metric.Stage.INPUT, new MetricInput(t, o, batch));

        // aggregate, drop controls
        ProfileTable e = t;
        if (o.aggregateBy() != null && !o.aggregateBy().isEmpty()) {
            // the label is carried whatever happens: a label that silently vanished would take its metrics along
            e = Profiles.aggregate(t, o.aggregateBy(), o.combine(), true,
                    o.label() == null ? List.of() : List.of(o.label()), o.labelConflict());
            if (batch != null && t.hasColumn(batch) && !e.hasColumn(batch)) {
                e = firstValues(t, e, o.aggregateBy(), batch, notes);
            }
        }
        boolean[] ctrl = controlMask(e, o);
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < e.rows(); r++) {
            if (!ctrl[r]) {
                keep.add(r);
            }
        }
        if (keep.size() < e.rows()) {
            notes.accept("dropped " + (e.rows() - keep.size()) + " control row(s) (" + o.compound() + " = " + o.control()
                    + ") before nearest-neighbour, clustering and batch metrics");
        }
        e = e.select(keep);
        JsonObject level = new JsonObject();
        level.addProperty("rows", e.rows());
        level.addProperty("aggregate_by", o.aggregateBy() == null ? "" : String.join(",", o.aggregateBy()));
        runner.report.add("evaluated", level);
        runner.run(metrics, Metric.Stage.EVALUATED, new MetricInput(e, o, batch));
        return runner.result(e);
    }

    /** Runs metrics stage by stage, collecting their report entries, rows and skips. */
    private static final class Runner {
        final JsonObject report = new JsonObject();
        final JsonObject skippedJson = new JsonObject();
        final List<MetricRow> rows = new ArrayList<>();
        final Map<String, String> skipped = new LinkedHashMap<>();
        final Map<String, NearestNeighbour.Accuracy> accuracies = new LinkedHashMap<>();
        private final Consumer<String> notes;
        /** Metrics in a row that miss the same requirement, noted together once the row ends. */
        private final List<String> pending = new ArrayList<>();
        private Requirement pendingRequirement;
        private String pendingWhy;

        Runner(Consumer<String> notes) {
            this.notes = notes;
        }

        void run(List<Metric> metrics, Metric.Stage stage, MetricInput in) {
            for (Metric m : metrics) {
                if (m.stage() != stage) {
                    continue;
                }
                Requirement missed = null;
                String why = null;
                for (Requirement r : m.needs()) {
                    why = r.unmet().apply(in);
                    if (why != null) {
                        missed = r;
                        break;
                    }
                }
                if (missed == null || missed != pendingRequirement) {
                    flush();
                }
                if (missed != null) {
                    pendingRequirement = missed;
                    pendingWhy = why;
                    pending.add(m.name());
                    skip(m.name(), why);
                    continue;
                }
                MetricResult result = m.compute(in);
                if (result instanceof MetricResult.Skipped s) {
                    skip(m.name(), s.why());
                    notes.accept("skipped " + m.name() + ": " + s.why());
                    continue;
                }
                report.add(m.name(), result.json());
                rows.addAll(result.rows(m.name()));
                if (result instanceof NeighbourAccuracy.Result a) {
                    accuracies.put(m.name(), a.accuracy());
                }
            }
            flush();
        }

        private void skip(String name, String why) {
            skippedJson.addProperty(name, why);
            skipped.put(name, why);
        }

        private void flush() {
            if (!pending.isEmpty()) {
                notes.accept("skipped " + String.join(", ", pending) + ": " + pendingWhy);
            }
            pending.clear();
            pendingRequirement = null;
            pendingWhy = null;
        }

        Result result(ProfileTable evaluated) {
            if (!skipped.isEmpty()) {
                report.add("skipped", skippedJson);
            }
            return new Result(report, List.copyOf(rows), Collections.unmodifiableMap(skipped),
                    Collections.unmodifiableMap(accuracies), evaluated);
        }
    }

    /** The rows whose compound is the control value (none when no control is named or the column is absent). */
    static boolean[] controlMask(ProfileTable t, Options o) {
        boolean[] m = new boolean[t.rows()];
        if (o.control() == null || o.control().isEmpty() || o.compound() == null || !t.hasColumn(o.compound())) {
            return m;
        }
        List<String> c = t.column(o.compound());
        for (int r = 0; r < m.length; r++) {
            m[r] = c.get(r).equals(o.control());
        }
        return m;
    }

    /** Adds the batch of each group's first row when batches are not constant within groups. */
    private static ProfileTable firstValues(ProfileTable t, ProfileTable agg, List<String> by, String column,
                                            Consumer<String> notes) {
        Map<List<String>, String> first = new LinkedHashMap<>();
        Map<List<String>, LinkedHashSet<String>> seen = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            final int row = r;
            List<String> key = by.stream().map(c -> t.metadata(row, c)).toList();
            first.putIfAbsent(key, t.metadata(r, column));
            seen.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(t.metadata(r, column));
        }
        long spanning = seen.values().stream().filter(s -> s.size() > 1).count();
        notes.accept(spanning + " aggregated profile(s) span several values of " + column
                + "; each takes the value of its first row");
        List<String> values = new ArrayList<>();
        for (int r = 0; r < agg.rows(); r++) {
            final int row = r;
            values.add(first.get(by.stream().map(c -> agg.metadata(row, c)).toList()));
        }
        return agg.withColumn(column, values);
    }
}
