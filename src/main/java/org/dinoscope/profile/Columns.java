package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dinoscope.table.ProfileTable;

/** Column statistics and row selections that the normalisation steps share (double precision). */
final class Columns {
    private Columns() {
    }

    static Map<String, List<Integer>> groups(ProfileTable t, String column) {
        Map<String, List<Integer>> g = new LinkedHashMap<>();
        List<String> values = t.column(column);
        for (int r = 0; r < values.size(); r++) {
            g.computeIfAbsent(values.get(r), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    static ProfileTable keepFeatures(ProfileTable t, List<Integer> keep) {
        float[][] x = t.matrix();
        float[][] f = new float[x.length][keep.size()];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < keep.size(); i++) {
                f[r][i] = x[r][keep.get(i)];
            }
        }
        return t.withFeatures(keep.stream().map(t.featureColumns()::get).toList(), f);
    }

    static double median(double[] x, int[] rows) {
        double[] v = rows == null ? x.clone() : new double[rows.length];
        if (rows != null) {
            for (int i = 0; i < rows.length; i++) {
                v[i] = x[rows[i]];
            }
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double[] meanSd(double[] x, int[] rows, int ddof) {
        double m = 0;
        for (int r : rows) {
            m += x[r];
        }
        m /= rows.length;
        double ss = 0;
        for (int r : rows) {
            ss += (x[r] - m) * (x[r] - m);
        }
        return new double[] {m, rows.length - ddof > 0 ? Math.sqrt(ss / (rows.length - ddof)) : 0};
    }

    static double variance(double[] x, int[] rows) {
        double sd = meanSd(x, rows, 0)[1];
        return sd * sd;
    }

    static double[][] toDouble(float[][] f) {
        double[][] d = new double[f.length][];
        for (int r = 0; r < f.length; r++) {
            d[r] = new double[f[r].length];
            for (int k = 0; k < f[r].length; k++) {
                d[r][k] = f[r][k];
            }
        }
        return d;
    }

    static double[] column(double[][] x, int k) {
        double[] c = new double[x.length];
        for (int r = 0; r < x.length; r++) {
            c[r] = x[r][k];
        }
        return c;
    }

    static int[] indices(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        int[] idx = new int[n];
        for (int i = 0, j = 0; i < mask.length; i++) {
            if (mask[i]) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    static List<Integer> boxed(boolean[] mask) {
        return Arrays.stream(indices(mask)).boxed().toList();
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ... (" + (names.size() - 8) + " more)";
    }
    static double[] mean(double[][] y, int[] rows) {
        double[] m = new double[y[0].length];
        for (int r : rows) {
            for (int k = 0; k < m.length; k++) {
                m[k] += y[r][k];
            }
        }
        for (int k = 0; k < m.length; k++) {
            m[k] /= rows.length;
        }
        return m;
    }
}
