package org.dinoscope.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.dinoscope.OutputFiles;
import org.dinoscope.profile.Normalize;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;

/**
 * The field's questions asked of one profile table, with the columns named by the user. Computes what the
 * table's columns allow and returns one JSON object per metric:
 * <ul>
 *   <li>{@code map}: replicate retrieval (copairs) at the input level: each non-control row queries for the
 *       rows of the same perturbation against the controls (or against every other perturbation);</li>
 *   <li>after optional aggregation (e.g. to treatments) and dropping the control rows: nearest-neighbour
 *       accuracies {@code nsc}, {@code nscb}, {@code nsb}, {@code nsp}, {@code nscp}, {@code nspw},
 *       {@code nss}; {@code map_label} (does a profile retrieve other compounds of its label);
 *       {@code ami} of a hierarchical clustering; {@code silhouette_label}, {@code silhouette_batch} and
 *       {@code graph_connectivity}.</li>
 * </ul>
 */
public final class Evaluation {

    /** What to evaluate and how; columns that are null or absent switch off the metrics that need them. */
    public record Options(String label, String compound, String batch, String batchPattern, String plate,
                          String well, String source, String control, List<String> aggregateBy,
                          Profiles.Combine combine, List<String> replicateBy, String mapNegatives, int nullSize,
                          long seed, double threshold, int knn, Clustering.Method linkage,
                          Profiles.Conflict labelConflict) {
        public Options {
            labelConflict = labelConflict == null ? Profiles.Conflict.ERROR : labelConflict;
        }
    }

    /** The JSON report and the per-query nearest neighbours of each accuracy. */
    public record Result(JsonObject report, Map<String, NearestNeighbour.Accuracy> accuracies, ProfileTable evaluated) {
        /** The report as pretty JSON (written to a temporary file, then moved into place). */
        public void writeReport(Path json) throws IOException {
            // strict JSON: an undefined metric is null with its reason (addMetric); a NaN here would be a bug
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
    }


    private Evaluation() {
    }

    /**
     * The options with their defaults filled in for this table: the batch is {@code Metadata_Batch} when the
     * table has it and none was named; replicates share the aggregate-by columns, else the compound. Fails
     * naming a batch column that is not there.
     */
    public static Options withDefaults(ProfileTable t, Options o, Consumer<String> notes) {
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
        return new Options(o.label(), o.compound(), batch, o.batchPattern(), o.plate(), o.well(), o.source(),
                o.control(), o.aggregateBy(), o.combine(), replicates, o.mapNegatives(), o.nullSize(), o.seed(),
                o.threshold(), o.knn(), o.linkage(), o.labelConflict());
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
            allEqual = java.util.Arrays.equals(m[r], m[0]);
        }
        if (allEqual) {
            notes.accept("warning: all " + m.length + " profiles are identical; no metric can tell rows apart (ties "
                    + "score at chance level: mAP = share of positives)");
        } else if (constant > 0) {
            notes.accept("warning: " + constant + " of " + m.length + " profiles hold one value in every feature "
                    + "(first: data row " + (first + 1) + "); their similarities tie and carry no information");
        }
    }

    /** Runs every metric the table's columns allow (options completed by {@link #withDefaults}). */
    public static Result run(ProfileTable input, Options given, Consumer<String> notes) {
        Normalize.requireFinite(input, "evaluate");
        noteDegenerate(input, notes);
        Options o = withDefaults(input, given, notes);
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
        JsonObject report = new JsonObject();
        JsonObject input0 = new JsonObject();
        input0.addProperty("rows", input.rows());
        input0.addProperty("features", input.featureColumns().size());
        report.add("input", input0);

        boolean[] control = controlMask(t, o);
        Skipped skipped = new Skipped(notes);
        // 1. replicate retrieval at the input level
        List<String> replicateBy = present(t, o.replicateBy());
        if (replicateBy.isEmpty()) {
            skipped.add("map", "replicates are rows sharing " + String.join(" and ", o.replicateBy()) + ", and the "
                    + "table has no column " + String.join(" or ", missing(t, o.replicateBy())));
        } else {
            boolean[] isQuery = new boolean[t.rows()];
            boolean anyControl = false;
            for (int r = 0; r < t.rows(); r++) {
                isQuery[r] = !control[r];
                anyControl |= control[r];
            }
            String negatives = o.mapNegatives() != null ? o.mapNegatives() : anyControl ? "controls" : "others";
            if (negatives.equals("controls") && !anyControl) {
                throw new IllegalArgumentException("--map-negatives controls: no row has the control value '"
                        + o.control() + "' in " + o.compound());
            }
            AveragePrecision.Rules rules = new AveragePrecision.Rules(replicateBy, List.of(), List.of(), replicateBy,
                    negatives.equals("controls") ? control : null);
            JsonObject m = map(t, rules, isQuery, replicateBy, o, "same " + String.join("+", replicateBy),
                    negatives.equals("controls") ? "control rows" : "rows of other perturbations");
            if (m != null) {
                report.add("map", m);
            } else {
                skipped.add("map", "no perturbation (" + String.join("+", replicateBy) + ") has replicates at this level");
            }
        }

        // 2. aggregate, drop controls
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
        report.add("evaluated", level);
        Cosine sim = new Cosine(e.matrix());
        Map<String, NearestNeighbour.Accuracy> accuracies = new LinkedHashMap<>();

        if (o.label() == null || !e.hasColumn(o.label())) {
            skipped.add(LABEL_METRICS, "no label column " + o.label() + "; the table's metadata columns are "
                    + String.join(", ", e.metadataColumns()) + " (name the label with --label; in Fiji, Label)");
        } else if (e.rows() < 2) {
            skipped.add(LABEL_METRICS, e.rows() + " profile(s) left after aggregation and without the controls");
        } else {
            List<String> labels = e.column(o.label());
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("nsc", List.of(nn(o.compound())));
            variants.put("nscb", List.of(nn(o.compound()), nn(batch)));
            variants.put("nsb", List.of(nn(batch)));
            variants.put("nsp", List.of(nn(o.plate())));
            variants.put("nscp", List.of(nn(o.compound()), nn(o.plate())));
            variants.put("nspw", List.of(nn(o.plate()) + "+" + nn(o.well())));
            variants.put("nss", List.of(nn(o.source())));
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                List<List<String>> keys = new ArrayList<>();
                boolean ok = true;
                for (String k : v.getValue()) {
                    List<String> cols = List.of(k.split("\\+"));
                    for (String c : cols) {
                        ok &= !c.isEmpty() && e.hasColumn(c);
                    }
                    keys.add(cols);
                }
                if (!ok) {
                    List<String> absent = new ArrayList<>();
                    for (List<String> cols : keys) {
                        for (String c : cols) {
                            if (c.isEmpty() || !e.hasColumn(c)) {
                                absent.add(c.isEmpty() ? "batch column (Metadata_Batch, --batch or --batch-pattern)" : c);
                            }
                        }
                    }
                    skipped.add(List.of(v.getKey()), "the table has no " + String.join(" and no ", absent));
                    continue;
                }
                List<String[]> ex = exclusionKeys(e, keys);
                NearestNeighbour.Accuracy a = NearestNeighbour.classify(sim, labels, ex);
                accuracies.put(v.getKey(), a);
                JsonObject j = new JsonObject();
                addMetric(j, "accuracy", a.accuracy(), "no row has another row of its " + o.label()
                        + " left once rows sharing " + String.join(" and ", v.getValue()) + " are set aside");
                j.addProperty("n", a.n());
                j.addProperty("excludes", String.join(" and ", v.getValue()));
                report.add(v.getKey(), j);
            }
            // label consistency mAP
            List<String> diff = o.compound() != null && e.hasColumn(o.compound()) ? List.of(o.compound()) : List.of();
            AveragePrecision.Rules rules = new AveragePrecision.Rules(List.of(o.label()), diff, List.of(),
                    List.of(o.label()), null);
            boolean[] allRows = new boolean[e.rows()];
            java.util.Arrays.fill(allRows, true);
            JsonObject ml = map(e, rules, allRows, List.of(o.label()), o,
                    "same " + o.label() + (diff.isEmpty() ? "" : ", other " + o.compound()), "other " + o.label());
            if (ml != null) {
                report.add("map_label", ml);
            } else {
                skipped.add(List.of("map_label"), "no " + o.label() + " has two or more profiles"
                        + (diff.isEmpty() ? "" : " of different " + o.compound()));
            }
            int k = new LinkedHashSet<>(labels).size();
            if (k < 2 || k >= e.rows()) {
                skipped.add(CLUSTER_METRICS, k < 2 ? "every profile has the same " + o.label()
                        : "every profile has its own " + o.label() + " (" + k + " values for " + e.rows() + " profiles)");
            } else {
                int[] clusters = Clustering.cut(Clustering.fit(sim, o.linkage()), k);
                JsonObject j = new JsonObject();
                addMetric(j, "ami", Clustering.ami(labels, clusters), "the adjusted mutual information is 0/0 "
                        + "(its chance-expected value equals its maximum) for these labels and clusters");
                j.addProperty("clusters", k);
                j.addProperty("linkage", o.linkage().name().toLowerCase(java.util.Locale.ROOT));
                report.add("ami", j);
                JsonObject s = new JsonObject();
                addMetric(s, "silhouette", BatchEffects.silhouette(sim, labels), "not a number for these profiles");
                s.addProperty("by", o.label());
                report.add("silhouette_label", s);
                int knn = Math.min(o.knn(), e.rows() - 1);
                BatchEffects.Connectivity gc = BatchEffects.graphConnectivity(sim, labels, knn);
                JsonObject g = new JsonObject();
                addMetric(g, "graph_connectivity", gc.mean(), "no label to connect");
                g.addProperty("k", knn);
                g.addProperty("by", o.label());
                report.add("graph_connectivity", g);
            }
        }
        if (batch == null || !e.hasColumn(batch)) {
            skipped.add(List.of("silhouette_batch"), batch == null ? "no batch column: the table has no "
                    + "Metadata_Batch and none was named (--batch or --batch-pattern; in Fiji, Batch)"
                    : "no batch column " + batch);
        } else {
            int kb = new LinkedHashSet<>(e.column(batch)).size();
            if (kb < 2 || kb >= e.rows()) {
                skipped.add(List.of("silhouette_batch"), kb < 2 ? "all profiles are in one batch"
                        : "every profile is in its own batch");
            } else {
                JsonObject s = new JsonObject();
                addMetric(s, "silhouette", BatchEffects.silhouette(sim, e.column(batch)), "not a number for these "
                        + "profiles");
                s.addProperty("by", batch);
                report.add("silhouette_batch", s);
            }
        }
        if (!skipped.json.isEmpty()) {
            report.add("skipped", skipped.json);
        }
        return new Result(report, accuracies, e);
    }

    /** The metrics that need the label column. */
    private static final List<String> CLUSTER_METRICS = List.of("ami", "silhouette_label", "graph_connectivity");
    private static final List<String> LABEL_METRICS = java.util.stream.Stream.concat(java.util.stream.Stream.of("nsc", "nscb", "nsb",
            "nsp", "nscp", "nspw", "nss", "map_label"), CLUSTER_METRICS.stream()).toList();

    /**
     * The metrics that could not be computed, each with the reason: the report's {@code skipped} object, and a
     * note each (one for metrics that share a reason), so no metric vanishes without a word.
     */
    private static final class Skipped {
        final JsonObject json = new JsonObject();
        private final Consumer<String> notes;

        Skipped(Consumer<String> notes) {
            this.notes = notes;
        }

        void add(String metric, String why) {
            add(List.of(metric), why);
        }

        void add(List<String> metrics, String why) {
            metrics.forEach(m -> json.addProperty(m, why));
            notes.accept("skipped " + String.join(", ", metrics) + ": " + why);
        }
    }

    /** The columns of {@code columns} that the table lacks. */
    private static List<String> missing(ProfileTable t, List<String> columns) {
        return columns.stream().filter(c -> c == null || !t.hasColumn(c)).map(String::valueOf).toList();
    }

    /** Every metric the report could not compute, with the reason (the report's {@code skipped} object). */
    public static Map<String, String> skipped(JsonObject report) {
        Map<String, String> out = new LinkedHashMap<>();
        if (report.has("skipped")) {
            report.getAsJsonObject("skipped").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        }
        return out;
    }

    /**
     * A metric of the report. JSON has no NaN (jq, JavaScript and strict parsers refuse it): an undefined value is
     * {@code null}, and {@code <name>_undefined} says why.
     */
    static void addMetric(JsonObject j, String name, double value, String whyUndefined) {
        if (Double.isFinite(value)) {
            j.addProperty(name, value);
        } else {
            j.add(name, com.google.gson.JsonNull.INSTANCE);
            j.addProperty(name + "_undefined", whyUndefined);
        }
    }

    /**
     * One line of the metrics table: a metric, its value (NaN when undefined, with the reason in {@code undefined},
     * else null), and the queries or groups behind it ("" if none).
     */
    public record Metric(String metric, double value, String n, String undefined) {
    }

    /**
     * The report's headline numbers, one per metric in report order: accuracies, mAPs, AMI, silhouettes, graph
     * connectivity, and for each mAP the fraction of groups retrieved (its n: the number of groups).
     */
    public static List<Metric> metrics(JsonObject report) {
        List<Metric> out = new ArrayList<>();
        for (Map.Entry<String, com.google.gson.JsonElement> e : report.entrySet()) {
            if (!e.getValue().isJsonObject() || List.of("input", "evaluated", "skipped").contains(e.getKey())) {
                continue;
            }
            JsonObject o = e.getValue().getAsJsonObject();
            for (String f : List.of("accuracy", "mean_average_precision", "ami", "silhouette", "graph_connectivity")) {
                if (o.has(f)) {
                    String n = o.has("n") ? o.get("n").getAsString() : o.has("queries") ? o.get("queries").getAsString() : "";
                    out.add(metric(e.getKey(), o, f, n));
                }
            }
            if (o.has("fraction_retrieved")) {
                out.add(metric(e.getKey() + " retrieved", o, "fraction_retrieved",
                        String.valueOf(o.get("groups").getAsJsonArray().size())));
            }
        }
        return out;
    }

    private static Metric metric(String name, JsonObject o, String field, String n) {
        boolean undefined = o.get(field).isJsonNull();
        return new Metric(name, undefined ? Double.NaN : o.get(field).getAsDouble(), n,
                undefined ? o.get(field + "_undefined").getAsString() : null);
    }

    /**
     * Metric name, value and count, one line each, for the console; undefined metrics with their reason, then the
     * skipped ones with theirs.
     */
    public static String table(JsonObject report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-20s %10s %8s%n", "metric", "value", "n"));
        for (Metric m : metrics(report)) {
            sb.append(m.undefined() == null ? String.format("%-20s %10.4f %8s%n", m.metric(), m.value(), m.n())
                    : String.format("%-20s %10s %8s  (%s)%n", m.metric(), "undefined", m.n(), m.undefined()));
        }
        for (Map.Entry<String, String> s : skipped(report).entrySet()) {
            sb.append(String.format("%-20s %10s %8s  (%s)%n", s.getKey(), "skipped", "", s.getValue()));
        }
        return sb.toString();
    }

    private static JsonObject map(ProfileTable t, AveragePrecision.Rules rules, boolean[] isQuery, List<String> groupBy,
                                  Options o, String positives, String negatives) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : t.metadataColumns()) {
            cols.put(c, t.column(c));
        }
        List<AveragePrecision.Score> scores = AveragePrecision.scores(new Cosine(t.matrix()), cols, rules, isQuery);
        if (scores.isEmpty()) {
            return null;
        }
        AveragePrecision.Summary s = AveragePrecision.meanAveragePrecision(scores, cols, groupBy, o.nullSize(), o.seed(),
                o.threshold());
        JsonObject j = new JsonObject();
        addMetric(j, "mean_average_precision", s.meanOfGroups(), "no group has a query with positives");
        addMetric(j, "fraction_retrieved", s.fractionRetrieved(), "no group");
        j.addProperty("queries", s.queries());
        j.addProperty("positives", positives);
        j.addProperty("negatives", negatives);
        j.addProperty("null_size", o.nullSize());
        j.addProperty("threshold", o.threshold());
        JsonArray groups = new JsonArray();
        for (AveragePrecision.Group g : s.groups()) {
            JsonObject go = new JsonObject();
            for (int i = 0; i < groupBy.size(); i++) {
                go.addProperty(groupBy.get(i), g.key().get(i));
            }
            addMetric(go, "mean_average_precision", g.meanAveragePrecision(), "no query of the group has positives");
            go.addProperty("queries", g.queries());
            addMetric(go, "p_value", g.pValue(), "the group's mAP is undefined");
            addMetric(go, "corrected_p_value", g.correctedPValue(), "the group's mAP is undefined");
            groups.add(go);
        }
        j.add("groups", groups);
        return j;
    }

    private static boolean[] controlMask(ProfileTable t, Options o) {
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

    private static List<String> present(ProfileTable t, List<String> columns) {
        if (columns == null) {
            return List.of();
        }
        for (String c : columns) {
            if (!t.hasColumn(c)) {
                return List.of();
            }
        }
        return columns;
    }

    private static String nn(String column) {
        return column == null ? "" : column;
    }

    private static List<String[]> exclusionKeys(ProfileTable t, List<List<String>> keys) {
        List<List<String>> cols = new ArrayList<>();
        for (List<String> k : keys) {
            for (String c : k) {
                cols.add(t.column(c));
            }
        }
        List<String[]> out = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            String[] key = new String[keys.size()];
            int c = 0;
            for (int k = 0; k < keys.size(); k++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < keys.get(k).size(); i++) {
                    sb.append(cols.get(c++).get(r)).append('\u0000');
                }
                key[k] = sb.toString();
            }
            out.add(key);
        }
        return out;
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
