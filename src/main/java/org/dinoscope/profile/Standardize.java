package org.dinoscope.profile;

/**
 * {@code standardize}: per group, (x - mean) / sd with the population sd (ddof 0, as scikit-learn's
 * StandardScaler), fitted on the group's fit rows.
 */
public final class Standardize extends PerGroupScaling {
    /** @param groupColumn the grouping column (e.g. Metadata_Plate), or null for the whole table */
    public Standardize(String groupColumn) {
        super(groupColumn);
    }

    @Override
    public String name() {
        return "standardize";
    }

    @Override
    double[] fit(double[] x, int[] fitRows) {
        double[] ms = Columns.meanSd(x, fitRows, 0);
        return ms[1] == 0 ? null : ms;
    }
}
