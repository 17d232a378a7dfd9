package org.dinoscope.eval;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The silhouette of the profiles grouped by a column under cosine distance: by the label ({@code
 * silhouette_label}: high is good) or by the batch ({@code silhouette_batch}: high is a batch effect).
 */
final class Silhouette extends BasicMetric {
    private final boolean byLabel;

    private Silhouette(boolean byLabel) {
        super(byLabel ? "silhouette_label" : "silhouette_batch", Stage.EVALUATED,
                byLabel ? new Requirement[] {Requirement.LABEL, Requirement.LABEL_CLUSTERS} : new Requirement[0]);
        this.byLabel = byLabel;
    }

    static Silhouette byLabel() {
        return new Silhouette(true);
    }

    static Silhouette byBatch() {
        return new Silhouette(false);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        String by = byLabel ? in.options().label() : in.batch();
        if (!byLabel) {
            if (by == null || !in.table().hasColumn(by)) {
                return MetricResult.skipped(by == null ? "no batch column: the table has no Metadata_Batch and none "
                        + "was named (--batch or --batch-pattern; in Fiji, Batch)" : "no batch column " + by);
            }
            int kb = new LinkedHashSet<>(in.table().column(by)).size();
            if (kb < 2 || kb >= in.table().rows()) {
                return MetricResult.skipped(kb < 2 ? "all profiles are in one batch"
                        : "every profile is in its own batch");
            }
        }
        return ScalarResult.of("silhouette", BatchEffects.silhouette(in.similarity(), in.table().column(by)),
                "not a number for these profiles", "by", by);
    }
}
