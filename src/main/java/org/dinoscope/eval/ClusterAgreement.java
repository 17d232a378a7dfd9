package org.dinoscope.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code ami}: the adjusted mutual information between the labels and a hierarchical clustering of the profiles
 * cut into as many clusters as there are labels.
 */
final class ClusterAgreement extends BasicMetric {
    ClusterAgreement() {
        super("ami", Stage.EVALUATED, Requirement.LABEL, Requirement.LABEL_CLUSTERS);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        List<String> labels = in.table().column(in.options().label());
        int k = new LinkedHashSet<>(labels).size();
        Clustering.Method linkage = in.options().linkage();
        int[] clusters = Clustering.cut(Clustering.fit(in.similarity(), linkage), k);
        return ScalarResult.of("ami", Clustering.ami(labels, clusters), "the adjusted mutual information is 0/0 "
                + "(its chance-expected value equals its maximum) for these labels and clusters",
                "clusters", k, "linkage", linkage.name().toLowerCase(Locale.ROOT));
    }
}
