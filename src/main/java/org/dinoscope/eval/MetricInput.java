package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dinoscope.table.ProfileTable;

/**
 * What a metric reads: the table at its {@link Metric.Stage}, the options with their defaults, the batch column
 * (named, or derived from the plate name), and the cosine similarities of the rows, computed once when a metric
 * first asks.
 */
public final class MetricInput {
    private final ProfileTable table;
    private final Evaluation.Options options;
    private final String batch;
    private Cosine similarity;

    MetricInput(ProfileTable table, Evaluation.Options options, String batch) {
        this.table = table;
        this.options = options;
        this.batch = batch;
    }

    public ProfileTable table() {
        return table;
    }

    public Evaluation.Options options() {
        return options;
    }

    /** The batch column, or null when there is none. */
    public String batch() {
        return batch;
    }

    /** Cosine similarities of the table's rows. */
    public Cosine similarity() {
        if (similarity == null) {
            similarity = new Cosine(table.matrix());
        }
        return similarity;
    }

    /** The rows whose compound is the control value (none when no control is named or the column is absent). */
    public boolean[] controls() {
        return Evaluation.controlMask(table, options);
    }

    /** The table's metadata columns, each with its values, for pair rules. */
    Map<String, List<String>> metadata() {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : table.metadataColumns()) {
            cols.put(c, table.column(c));
        }
        return cols;
    }

    /** The columns of {@code columns} that the table lacks. */
    List<String> missing(List<String> columns) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            if (c == null || !table.hasColumn(c)) {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }
}
