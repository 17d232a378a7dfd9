package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.dinoscope.table.ProfileTable;

/** Aggregation of profiles: one profile per group of rows (field to well, well to treatment, ...). */
public final class Profiles {
    private Profiles() {
    }

    /** How replicate profiles are combined. */
    public enum Combine {
        MEAN, MEDIAN;

        public static Combine parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "mean" -> MEAN;
                case "median" -> MEDIAN;
                default -> throw new IllegalArgumentException("unknown aggregation '" + s + "' (mean, median)");
            };
        }
    }

    /** What {@link #aggregate} does when a label column differs within a group. */
    public enum Conflict {
        /** Refuse, naming the column, the group and the values. */
        ERROR,
        /** Take each group's first value. */
        FIRST;

        public static Conflict parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "error" -> ERROR;
                case "first" -> FIRST;
                default -> throw new IllegalArgumentException("unknown label conflict rule '" + s + "' (error, first)");
            };
        }
    }

    /** {@link #aggregate(ProfileTable, List, Combine, boolean, List, Conflict)} without label columns. */
    public static ProfileTable aggregate(ProfileTable t, List<String> by, Combine combine, boolean keepConstant) {
        return aggregate(t, by, combine, keepConstant, List.of(), Conflict.ERROR);
    }

    /**
     * One profile per group of rows sharing the values of {@code by} (groups in order of first appearance),
     * the mean or the median of each feature. The metadata are the {@code by} columns, the {@code labels}
     * columns present in the table (a group whose rows disagree on a label is an error naming the group and the
     * values, or takes its first value, as {@code conflict} says) and, when {@code keepConstant}, every other
     * metadata column whose value is the same within every group (a treatment keeps its mechanism of action, a
     * well its plate's batch).
     */
    public static ProfileTable aggregate(ProfileTable t, List<String> by, Combine combine, boolean keepConstant,
                                         List<String> labels, Conflict conflict) {
        for (String c : by) {
            t.column(c); // fails naming a missing column
        }
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            final int row = r;
            groups.computeIfAbsent(by.stream().map(c -> t.metadata(row, c)).toList(), k -> new ArrayList<>()).add(r);
        }
        List<String> columns = new ArrayList<>(by);
        for (String c : labels) {
            if (t.hasColumn(c) && !by.contains(c)) {
                if (conflict == Conflict.ERROR) {
                    requireAgreement(t, by, groups, c);
                }
                columns.add(c);
            }
        }
        if (keepConstant) {
            for (String c : t.metadataColumns()) {
                if (columns.contains(c)) {
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
        for (List<Integer> rows : groups.values()) {
            float[][] members = rows.stream().map(t::features).toArray(float[][]::new);
            int first = rows.get(0);
            out.addRow(columns.stream().map(c -> t.metadata(first, c)).toList(), combine(members, combine));
        }
        return out;
    }

    /** Throws naming the first group whose rows hold more than one value of {@code column}, and the values. */
    private static void requireAgreement(ProfileTable t, List<String> by, Map<List<String>, List<Integer>> groups,
                                         String column) {
        for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
            Map<String, List<Integer>> values = new LinkedHashMap<>();
            for (int r : g.getValue()) {
                values.computeIfAbsent(t.metadata(r, column), k -> new ArrayList<>()).add(r + 1);
            }
            if (values.size() > 1) {
                List<String> shown = new ArrayList<>();
                values.forEach((v, rows) -> shown.add("'" + v + "' (data row" + (rows.size() == 1 ? " " : "s ")
                        + rows.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "))
                        + (rows.size() > 5 ? ", ..." : "") + ")"));
                List<String> key = new ArrayList<>();
                for (int i = 0; i < by.size(); i++) {
                    key.add(by.get(i) + "=" + g.getKey().get(i));
                }
                throw new IllegalArgumentException(column + " differs within the group " + String.join(", ", key)
                        + ": " + String.join(", ", shown) + "; make the values agree (a stray space or a typo?), or "
                        + "take each group's first value (--label-conflict first; Fiji: label_conflict=first)");
            }
        }
    }

    /** The mean or the median of rows, feature by feature, computed in double precision. */
    public static float[] combine(float[][] rows, Combine how) {
        int d = rows[0].length;
        float[] out = new float[d];
        double[] column = new double[rows.length];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < rows.length; i++) {
                column[i] = rows[i][k];
            }
            if (how == Combine.MEAN) {
                double s = 0;
                for (double v : column) {
                    s += v;
                }
                out[k] = (float) (s / rows.length);
            } else {
                out[k] = (float) Columns.median(column, null);
            }
        }
        return out;
    }
}
