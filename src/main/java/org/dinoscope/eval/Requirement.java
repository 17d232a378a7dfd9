package org.dinoscope.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Something a metric needs of the table before it can run, with the reason it is not met; metrics in a row that
 * miss the same requirement are reported together.
 *
 * @param unmet the reason the input does not meet it, or null when it does
 */
public record Requirement(String name, Function<MetricInput, String> unmet) {
    /** The replicate-by columns (the rows of one perturbation share their values). */
    public static final Requirement REPLICATE_COLUMNS = new Requirement("replicate columns", in -> {
        List<String> by = in.options().replicateBy();
        List<String> missing = in.missing(by);
        return missing.isEmpty() ? null : "replicates are rows sharing " + String.join(" and ", by)
                + ", and the table has no column " + String.join(" or ", missing);
    });

    /** A label column, and at least two profiles left after aggregation and without the controls. */
    public static final Requirement LABEL = new Requirement("label", in -> {
        String label = in.options().label();
        if (label == null || !in.table().hasColumn(label)) {
            return "no label column " + label + "; the table's metadata columns are "
                    + String.join(", ", in.table().metadataColumns()) + " (name the label with --label; in Fiji, Label)";
        }
        return in.table().rows() < 2
                ? in.table().rows() + " profile(s) left after aggregation and without the controls" : null;
    });

    /** Labels that a clustering can recover: at least two of them, and fewer than the profiles. */
    public static final Requirement LABEL_CLUSTERS = new Requirement("label clusters", in -> {
        String label = in.options().label();
        int k = new LinkedHashSet<>(in.table().column(label)).size();
        if (k < 2) {
            return "every profile has the same " + label;
        }
        return k >= in.table().rows()
                ? "every profile has its own " + label + " (" + k + " values for " + in.table().rows() + " profiles)"
                : null;
    });
}
