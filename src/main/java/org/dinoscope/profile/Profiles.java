package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Table-level operations on profiles: per-plate standardisation against controls, and aggregation. */
public final class Profiles {
    private Profiles() {
    }

    /**
     * Per plate, each feature minus the mean of the plate's control rows, divided by their standard
     * deviation (features constant in the controls become 0): the usual first step against plate and batch
     * effects.
     */
    public static ProfileTable standardizeToControls(ProfileTable t, String plateColumn, Predicate<Integer> isControl) {
        int d = t.featureColumns().size();
        Map<String, List<Integer>> byPlate = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            byPlate.computeIfAbsent(t.metadata(r, plateColumn), k -> new ArrayList<>()).add(r);
        }
        ProfileTable out = new ProfileTable(t.metadataColumns(), t.featureColumns());
        float[][] rows = new float[t.rows()][];
        for (Map.Entry<String, List<Integer>> e : byPlate.entrySet()) {
            List<Integer> controls = e.getValue().stream().filter(isControl).toList();
            if (controls.size() < 2) {
                throw new IllegalArgumentException("plate " + e.getKey() + " has " + controls.size()
                        + " control rows; standardising needs at least 2");
            }
            double[] mean = new double[d];
            double[] sd = new double[d];
            for (int r : controls) {
                float[] v = t.features(r);
                for (int k = 0; k < d; k++) {
                    mean[k] += v[k] / (double) controls.size();
                }
            }
            for (int r : controls) {
                float[] v = t.features(r);
                for (int k = 0; k < d; k++) {
                    sd[k] += (v[k] - mean[k]) * (v[k] - mean[k]) / (controls.size() - 1);
                }
            }
            for (int r : e.getValue()) {
                float[] v = t.features(r);
                for (int k = 0; k < d; k++) {
                    double s = Math.sqrt(sd[k]);
                    v[k] = s > 1e-12 ? (float) ((v[k] - mean[k]) / s) : 0f;
                }
                rows[r] = v;
            }
        }
        for (int r = 0; r < t.rows(); r++) {
            out.addRow(metadataOf(t, r), rows[r]);
        }
        return out;
    }

    /** Mean profile of the rows sharing the values of {@code by}; keeps only those columns as metadata. */
    public static ProfileTable aggregate(ProfileTable t, List<String> by, Predicate<Integer> keep) {
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            if (!keep.test(r)) {
                continue;
            }
            final int row = r;
            groups.computeIfAbsent(by.stream().map(c -> t.metadata(row, c)).toList(), k -> new ArrayList<>()).add(r);
        }
        ProfileTable out = new ProfileTable(by, t.featureColumns());
        int d = t.featureColumns().size();
        for (Map.Entry<List<String>, List<Integer>> e : groups.entrySet()) {
            double[] sum = new double[d];
            for (int r : e.getValue()) {
                float[] v = t.features(r);
                for (int k = 0; k < d; k++) {
                    sum[k] += v[k];
                }
            }
            float[] mean = new float[d];
            for (int k = 0; k < d; k++) {
                mean[k] = (float) (sum[k] / e.getValue().size());
            }
            out.addRow(e.getKey(), mean);
        }
        return out;
    }

    private static List<String> metadataOf(ProfileTable t, int r) {
        return t.metadataColumns().stream().map(c -> t.metadata(r, c)).toList();
    }
}
