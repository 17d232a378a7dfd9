package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.google.gson.JsonObject;

import org.dinoscope.table.ProfileTable;

/**
 * A nearest-neighbour accuracy of the label (NSC, NSCB, ...): each profile takes the label of its most similar
 * profile among those that differ from it in every exclusion key (the compound; the compound and the batch; ...).
 */
final class NeighbourAccuracy extends BasicMetric {
    private final Function<MetricInput, List<String>> excludes;

    /**
     * @param excludes the exclusion keys for an input: each a column, or columns joined by {@code +} that form one
     *                 key together; "" for a column the options do not name
     */
    NeighbourAccuracy(String name, Function<MetricInput, List<String>> excludes) {
        super(name, Stage.EVALUATED, Requirement.LABEL);
        this.excludes = excludes;
    }

    /** The accuracies of the papers: not-same-compound, -compound-and-batch, -batch, -plate, -source, .... */
    static List<Metric> all() {
        return List.of(
                new NeighbourAccuracy("nsc", in -> List.of(orEmpty(in.options().compound()))),
                new NeighbourAccuracy("nscb", in -> List.of(orEmpty(in.options().compound()), orEmpty(in.batch()))),
                new NeighbourAccuracy("nsb", in -> List.of(orEmpty(in.batch()))),
                new NeighbourAccuracy("nsp", in -> List.of(orEmpty(in.options().plate()))),
                new NeighbourAccuracy("nscp", in -> List.of(orEmpty(in.options().compound()),
                        orEmpty(in.options().plate()))),
                new NeighbourAccuracy("nspw", in -> List.of(orEmpty(in.options().plate()) + "+"
                        + orEmpty(in.options().well()))),
                new NeighbourAccuracy("nss", in -> List.of(orEmpty(in.options().source()))));
    }

    /** A column name, or "" for a column the options leave unnamed (it then matches no column of the table). */
    private static String orEmpty(String column) {
        return column == null ? "" : column;
    }

    @Override
    public MetricResult compute(MetricInput in) {
        ProfileTable e = in.table();
        List<String> keyNames = excludes.apply(in);
        List<List<String>> keys = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String k : keyNames) {
            List<String> cols = List.of(k.split("\\+"));
            for (String c : cols) {
                if (c.isEmpty() || !e.hasColumn(c)) {
                    absent.add(c.isEmpty() ? "batch column (Metadata_Batch, --batch or --batch-pattern)" : c);
                }
            }
            keys.add(cols);
        }
        if (!absent.isEmpty()) {
            return MetricResult.skipped("the table has no " + String.join(" and no ", absent));
        }
        NearestNeighbour.Accuracy a = NearestNeighbour.classify(in.similarity(), e.column(in.options().label()),
                exclusionKeys(e, keys));
        return new Result(a, "no row has another row of its " + in.options().label() + " left once rows sharing "
                + String.join(" and ", keyNames) + " are set aside", String.join(" and ", keyNames));
    }

    /** For each row, one key per exclusion (the row's values of the key's columns). */
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

    /** An accuracy with every query behind it, the reason it may be undefined, and what the queries set aside. */
    record Result(NearestNeighbour.Accuracy accuracy, String whyUndefined, String excludes) implements MetricResult {
        @Override
        public JsonObject json() {
            JsonObject j = new JsonObject();
            MetricResult.put(j, "accuracy", accuracy.accuracy(), whyUndefined);
            j.addProperty("n", accuracy.n());
            j.addProperty("excludes", excludes);
            return j;
        }

        @Override
        public List<MetricRow> rows(String name) {
            return List.of(MetricRow.of(name, accuracy.accuracy(), String.valueOf(accuracy.n()), whyUndefined));
        }
    }
}
