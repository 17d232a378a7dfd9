package org.dinoscope.eval;

import java.util.List;

/**
 * {@code graph_connectivity} (scIB): in the graph of each profile's k nearest neighbours, the share of each
 * label's profiles in the label's largest connected piece, averaged over the labels.
 */
final class GraphConnectivity implements Metric {
    @Override
    public String name() {
        return "graph_connectivity";
    }

    @Override
    public Stage stage() {
        return Stage.EVALUATED;
    }

    @Override
    public List<Requirement> needs() {
        return List.of(Requirement.LABEL, Requirement.LABEL_CLUSTERS);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        String label = in.options().label();
        int knn = Math.min(in.options().knn(), in.table().rows() - 1);
        BatchEffects.Connectivity gc = BatchEffects.graphConnectivity(in.similarity(), in.table().column(label), knn);
        return ScalarResult.of("graph_connectivity", gc.mean(), "no label to connect", "k", knn, "by", label);
    }
}
