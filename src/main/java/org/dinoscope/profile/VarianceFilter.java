package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * {@code variance_filter}: drops features whose variance is at most the threshold in the control rows or in the
 * other rows (in all rows when no row is a control). The variance is the population variance (ddof 0), as
 * scikit-learn's VarianceThreshold computes it for pycytominer; a set of fewer than 2 rows is not judged.
 */
public final class VarianceFilter implements NormalizationStep {
    private final double threshold;

    public VarianceFilter(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "variance_filter";
    }

    /** It judges the control rows and the other rows apart, whatever the fit rows. */
    @Override
    public boolean fitsOnRows() {
        return false;
    }

    @Override
    public ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes) {
        int[] ctrl = Columns.indices(controls);
        boolean[] treatedMask = new boolean[t.rows()];
        for (int r = 0; r < t.rows(); r++) {
            treatedMask[r] = !controls[r];
        }
        int[] treated = Columns.indices(treatedMask);
        double[][] x = Columns.toDouble(t.matrix());
        List<Integer> keep = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int k = 0; k < t.featureColumns().size(); k++) {
            double[] col = Columns.column(x, k);
            boolean low = ctrl.length == 0
                    ? Columns.variance(col, Columns.indices(Columns.all(t.rows()))) <= threshold
                    : (ctrl.length > 1 && Columns.variance(col, ctrl) <= threshold)
                            || (treated.length > 1 && Columns.variance(col, treated) <= threshold);
            if (low) {
                dropped.add(t.featureColumns().get(k));
            } else {
                keep.add(k);
            }
        }
        if (!dropped.isEmpty()) {
            notes.accept("variance_filter: dropped " + dropped.size() + " feature(s) with variance <= " + threshold
                    + ": " + Columns.abbreviate(dropped));
        }
        return Columns.keepFeatures(t, keep);
    }
}
