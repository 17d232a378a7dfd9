package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * A step that maps each feature to (x - location) / scale, with the location and scale fitted per group (a plate,
 * or the whole table) on the group's fit rows. A feature that a group cannot scale (zero spread) is dropped.
 */
abstract class PerGroupScaling implements NormalizationStep {
    private final String groupColumn;

    /** @param groupColumn the grouping column (e.g. Metadata_Plate), or null for the whole table */
    PerGroupScaling(String groupColumn) {
        this.groupColumn = groupColumn;
    }

    /** {location, scale} for one feature of one group, or null when the feature cannot be scaled. */
    abstract double[] fit(double[] column, int[] fitRows);

    @Override
    public ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes) {
        String step = name();
        int d = t.featureColumns().size();
        double[][] x = Columns.toDouble(t.matrix());
        double[][] out = new double[t.rows()][d];
        boolean[] unscalable = new boolean[d];
        Map<String, List<Integer>> groups = groupColumn == null
                ? Map.of("all rows", Columns.boxed(Columns.all(t.rows()))) : Columns.groups(t, groupColumn);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            int[] fitRows = g.getValue().stream().filter(r -> fit[r]).mapToInt(Integer::intValue).toArray();
            if (fitRows.length == 0) {
                throw new IllegalArgumentException(step + ": " + (groupColumn == null ? "the table" : groupColumn
                        + " " + g.getKey()) + " has no rows to fit on (no control rows?)");
            }
            for (int k = 0; k < d; k++) {
                double[] col = Columns.column(x, k);
                double[] ls = fit(col, fitRows);
                if (ls == null) {
                    if (!unscalable[k]) {
                        problems.add(t.featureColumns().get(k) + " (" + g.getKey() + ")");
                    }
                    unscalable[k] = true;
                    continue;
                }
                for (int r : g.getValue()) {
                    out[r][k] = (x[r][k] - ls[0]) / ls[1];
                }
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            if (!unscalable[k]) {
                keep.add(k);
            }
        }
        if (!problems.isEmpty()) {
            notes.accept(step + ": dropped " + problems.size() + " feature(s) with zero spread in a group's fit rows: "
                    + Columns.abbreviate(problems));
        }
        float[][] f = new float[t.rows()][keep.size()];
        for (int r = 0; r < t.rows(); r++) {
            for (int i = 0; i < keep.size(); i++) {
                f[r][i] = (float) out[r][keep.get(i)];
            }
        }
        return t.withFeatures(keep.stream().map(t.featureColumns()::get).toList(), f);
    }
}
