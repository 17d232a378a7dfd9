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

    /** How replicate profiles are combined. */
    public enum Combine {
        MEAN, MEDIAN;

        public static Combine parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "mean" -> MEAN;
                case "median" -> MEDIAN;
                default -> throw new IllegalArgumentException("unknown aggregation '" + s + "' (mean, median)");
            };
        }
    }

    /** Mean profile of the rows sharing the values of {@code by}; keeps only those columns as metadata. */
    public static ProfileTable aggregate(ProfileTable t, List<String> by, Predicate<Integer> keep) {
        return aggregate(t, by, keep, Combine.MEAN, false);
    }

    /**
     * One profile per group of rows sharing the values of {@code by} (groups in order of first appearance),
     * the mean or the median of each feature. The metadata are the {@code by} columns and, when
     * {@code keepConstant}, every other metadata column whose value is the same within every group (a
     * treatment keeps its mechanism of action, a well its plate's batch).
     */
    public static ProfileTable aggregate(ProfileTable t, List<String> by, Predicate<Integer> keep, Combine combine,
                                         boolean keepConstant) {
        for (String c : by) {
            t.column(c); // fails naming a missing column
        }
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            if (!keep.test(r)) {
                continue;
            }
            final int row = r;
            groups.computeIfAbsent(by.stream().map(c -> t.metadata(row, c)).toList(), k -> new ArrayList<>()).add(r);
        }
        List<String> columns = new ArrayList<>(by);
        if (keepConstant) {
            for (String c : t.metadataColumns()) {
                if (by.contains(c)) {
                    continue;
                }
                boolean constant = true;
                for (List<Integer> rows : groups.values()) {
                    String v = t.metadata(rows.get(0), c);
                    for (int r : rows) {
                        constant &= t.metadata(r, c).equals(v);
                    }
                }
                if (constant) {
                    columns.add(c);
                }
            }
        }
        ProfileTable out = new ProfileTable(columns, t.featureColumns());
        int d = t.featureColumns().size();
        for (Map.Entry<List<String>, List<Integer>> e : groups.entrySet()) {
            List<Integer> rows = e.getValue();
            float[] agg = new float[d];
            if (combine == Combine.MEAN) {
                double[] sum = new double[d];
                for (int r : rows) {
                    float[] v = t.features(r);
                    for (int k = 0; k < d; k++) {
                        sum[k] += v[k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    agg[k] = (float) (sum[k] / rows.size());
                }
            } else {
                double[][] vals = new double[d][rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    float[] v = t.features(rows.get(i));
                    for (int k = 0; k < d; k++) {
                        vals[k][i] = v[k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    agg[k] = (float) Normalize.median(vals[k], null);
                }
            }
            int first = rows.get(0);
            out.addRow(columns.stream().map(c -> t.metadata(first, c)).toList(), agg);
        }
        return out;
    }

    private static List<String> metadataOf(ProfileTable t, int r) {
        return t.metadataColumns().stream().map(c -> t.metadata(r, c)).toList();
    }
}
