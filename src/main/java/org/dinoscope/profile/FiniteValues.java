package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * NaN and infinite values in a profile table: the checks every consumer of a table runs (normalisation,
 * evaluation, plots) and the two ways {@code profile --nan} removes them.
 */
public final class FiniteValues {
    private FiniteValues() {
    }

    /** Drops every feature that holds a NaN or infinite value, reporting them. */
    public static ProfileTable dropFeatures(ProfileTable t, Consumer<String> notes) {
        List<Integer> keep = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        float[][] x = t.matrix();
        for (int k = 0; k < t.featureColumns().size(); k++) {
            boolean finite = true;
            for (float[] row : x) {
                finite &= Float.isFinite(row[k]);
            }
            if (finite) {
                keep.add(k);
            } else {
                dropped.add(t.featureColumns().get(k));
            }
        }
        if (!dropped.isEmpty()) {
            notes.accept("dropped " + dropped.size() + " feature(s) holding NaN or infinite values: "
                    + Columns.abbreviate(dropped));
        }
        return Columns.keepFeatures(t, keep);
    }

    /** Drops every row that holds a NaN or infinite value, reporting how many. */
    public static ProfileTable dropRows(ProfileTable t, Consumer<String> notes) {
        List<Integer> keep = new ArrayList<>();
        float[][] x = t.matrix();
        for (int r = 0; r < x.length; r++) {
            boolean finite = true;
            for (float v : x[r]) {
                finite &= Float.isFinite(v);
            }
            if (finite) {
                keep.add(r);
            }
        }
        if (keep.size() < x.length) {
            notes.accept("dropped " + (x.length - keep.size()) + " row(s) holding NaN or infinite values");
        }
        return t.select(keep);
    }

    /** Fails, naming the first feature and row, when a value is NaN or infinite. */
    public static void requireFinite(ProfileTable t, String what) {
        for (int r = 0; r < t.rows(); r++) {
            float[] v = t.features(r);
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    throw new IllegalArgumentException(what + ": feature " + t.featureColumns().get(k) + " is " + v[k]
                            + " in row " + (r + 1) + " (" + String.join("/", t.metadataRow(r))
                            + "); drop such features or rows first (profile --nan features|rows)");
                }
            }
        }
    }
}
