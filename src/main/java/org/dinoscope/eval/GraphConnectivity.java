package org.dinoscope.eval;


/**
 * {@code graph_connectivity} (scIB): in the graph of each profile's k nearest neighbours, the share of each
 * label's profiles in the label's largest connected piece, averaged over the labels.
 */
final class GraphConnectivity extends BasicMetric {
    GraphConnectivity() {
        super("graph_connectivity", Stage.EVALUATED, Requirement.LABEL, Requirement.LABEL_CLUSTERS);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        String label = in.options().label();
        int knn = Math.min(in.options().knn(), in.table().rows() - 1);
        BatchEffects.Connectivity gc = BatchEffects.graphConnectivity(in.similarity(), in.table().column(label), knn);
        return ScalarResult.of("graph_connectivity", gc.mean(), "no label to connect", "k", knn, "by", label);
    }
}
