package org.dinoscope.profile;

/**
 * {@code mad_robustize}: per group, (x - median) / (1.4826 * MAD + epsilon), median and MAD fitted on the group's
 * fit rows (pycytominer's RobustMAD).
 */
public final class MadRobustize extends PerGroupScaling {
    /** 1.4826 makes the MAD a consistent estimator of the standard deviation for normal data. */
    public static final double MAD_SCALE = 1.4826;

    private final double epsilon;

    /** @param groupColumn the grouping column (e.g. Metadata_Plate), or null for the whole table */
    public MadRobustize(String groupColumn, double epsilon) {
        super(groupColumn);
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "mad_robustize";
    }

    @Override
    double[] fit(double[] x, int[] fitRows) {
        double med = Columns.median(x, fitRows);
        double[] dev = new double[fitRows.length];
        for (int i = 0; i < fitRows.length; i++) {
            dev[i] = Math.abs(x[fitRows[i]] - med);
        }
        double mad = Columns.median(dev, null);
        return mad == 0 ? null : new double[] {med, MAD_SCALE * mad + epsilon};
    }
}
