package org.dinoscope.eval;

import java.util.List;

/**
 * {@code map}: replicate retrieval at the input level (copairs' phenotypic activity or consistency): each
 * non-control row queries for the rows of the same perturbation (the replicate-by columns) against the control
 * rows, or against the rows of every other perturbation.
 */
final class ReplicateRetrieval extends BasicMetric {
    ReplicateRetrieval() {
        super("map", Stage.INPUT, Requirement.REPLICATE_COLUMNS);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        Evaluation.Options o = in.options();
        List<String> replicateBy = o.replicateBy();
        boolean[] control = in.controls();
        boolean[] isQuery = new boolean[control.length];
        boolean anyControl = false;
        for (int r = 0; r < control.length; r++) {
            isQuery[r] = !control[r];
            anyControl |= control[r];
        }
        String negatives = o.mapNegatives() != null ? o.mapNegatives() : anyControl ? "controls" : "others";
        if (negatives.equals("controls") && !anyControl) {
            throw new IllegalArgumentException("--map-negatives controls: no row has the control value '"
                    + o.control() + "' in " + o.compound());
        }
        boolean againstControls = negatives.equals("controls");
        AveragePrecision.Rules rules = new AveragePrecision.Rules(replicateBy, List.of(), List.of(), replicateBy,
                againstControls ? control : null);
        MapResult m = MapResult.of(in, rules, isQuery, replicateBy, "same " + String.join("+", replicateBy),
                againstControls ? "control rows" : "rows of other perturbations");
        return m != null ? m : MetricResult.skipped("no perturbation (" + String.join("+", replicateBy)
                + ") has replicates at this level");
    }
}
