package org.dinoscope.eval;

import java.util.Arrays;
import java.util.List;

/**
 * {@code map_label}: label consistency (copairs): does a profile retrieve the other profiles of its label (of
 * other compounds, when the compound column is there) before the profiles of other labels.
 */
final class LabelRetrieval extends BasicMetric {
    LabelRetrieval() {
        super("map_label", Stage.EVALUATED, Requirement.LABEL);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        Evaluation.Options o = in.options();
        String label = o.label();
        List<String> diff = o.compound() != null && in.table().hasColumn(o.compound()) ? List.of(o.compound())
                : List.of();
        AveragePrecision.Rules rules = new AveragePrecision.Rules(List.of(label), diff, List.of(), List.of(label),
                null);
        boolean[] allRows = new boolean[in.table().rows()];
        Arrays.fill(allRows, true);
        MapResult m = MapResult.of(in, rules, allRows, List.of(label),
                "same " + label + (diff.isEmpty() ? "" : ", other " + o.compound()), "other " + label);
        return m != null ? m : MetricResult.skipped("no " + label + " has two or more profiles"
                + (diff.isEmpty() ? "" : " of different " + o.compound()));
    }
}
