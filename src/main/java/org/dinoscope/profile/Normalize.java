package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import org.dinoscope.table.ProfileTable;

/**
 * Normalisation steps on profile tables, as pycytominer and the papers apply them. Every step fits its
 * statistics on a chosen set of rows (all rows, or the control wells) within a group (a plate, or the
 * whole table) and applies them to every row of the group. Computation is in double precision; tables
 * hold float.
 *
 * <p>Features that a step cannot scale (zero MAD or zero standard deviation in a group) are dropped and
 * reported through the notes consumer, never turned into infinities or NaN.
 */
public final class Normalize {
    /** 1.4826 makes the MAD a consistent estimator of the standard deviation for normal data. */
    public static final double MAD_SCALE = 1.4826;

    /** Whitening variants (Kessy et al. 2016, as named by pycytominer). */
    public enum Whitening {
        ZCA, PCA, ZCA_COR, PCA_COR;

        public static Whitening parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "zca" -> ZCA;
                case "pca" -> PCA;
                case "zca-cor" -> ZCA_COR;
                case "pca-cor" -> PCA_COR;
                default -> throw new IllegalArgumentException("unknown whitening '" + s
                        + "' (zca, pca, zca-cor, pca-cor)");
            };
        }
    }

    private Normalize() {
    }

    /**
     * Per group: (x - median) / (1.4826 * MAD + epsilon), median and MAD fitted on the group's fit rows
     * (pycytominer's RobustMAD).
     *
     * @param groupColumn the grouping column (e.g. Metadata_Plate), or null for the whole table
     * @param fit         which rows the statistics are computed on
     */
    public static ProfileTable madRobustize(ProfileTable t, String groupColumn, boolean[] fit, double epsilon,
                                            Consumer<String> notes) {
        return perGroup(t, groupColumn, fit, notes, "mad_robustize", (x, fitRows) -> {
            double med = median(x, fitRows);
            double[] dev = new double[fitRows.length];
            for (int i = 0; i < fitRows.length; i++) {
                dev[i] = Math.abs(x[fitRows[i]] - med);
            }
            double mad = median(dev, null);
            return mad == 0 ? null : new double[] {med, MAD_SCALE * mad + epsilon};
        });
    }

    /** Per group: (x - mean) / sd with the population sd (ddof 0, as scikit-learn's StandardScaler). */
    public static ProfileTable standardize(ProfileTable t, String groupColumn, boolean[] fit, Consumer<String> notes) {
        return perGroup(t, groupColumn, fit, notes, "standardize", (x, fitRows) -> {
            double[] ms = meanSd(x, fitRows, 0);
            return ms[1] == 0 ? null : ms;
        });
    }

    /**
     * Whitening fitted on the fit rows of the whole table: the fit rows are centred (and for the -cor
     * variants scaled to unit variance), their covariance (ddof 1) decomposed as V diag(lambda) V^T, and
     * every row mapped to diag(1/sqrt(lambda + epsilon)) V^T (x - mu) (PCA) or to V of that (ZCA).
     * Eigenvectors are signed so that their largest entry is positive. When there are fewer fit rows than
     * features, PCA keeps the rank-many components, and ZCA scales the directions the fit rows do not span
     * as the weakest direction they do span (pycytominer pads the spectrum the same way).
     */
    public static ProfileTable spherize(ProfileTable t, boolean[] fit, Whitening method, double epsilon,
                                        Consumer<String> notes) {
        double[][] x = toDouble(t.matrix());
        int[] fitRows = indices(fit);
        int d = t.featureColumns().size();
        if (fitRows.length < 2) {
            throw new IllegalArgumentException("spherize needs at least 2 rows to fit on, found " + fitRows.length);
        }
        double[] mu = new double[d];
        double[] sd = new double[d];
        Arrays.fill(sd, 1);
        for (int k = 0; k < d; k++) {
            double[] ms = meanSd(column(x, k), fitRows, 0);
            mu[k] = ms[0];
            if (method == Whitening.ZCA_COR || method == Whitening.PCA_COR) {
                if (ms[1] == 0) {
                    throw new IllegalArgumentException("spherize " + method + ": feature "
                            + t.featureColumns().get(k) + " is constant in the fit rows; run variance_filter first");
                }
                sd[k] = ms[1];
            }
        }
        double[][] centred = new double[fitRows.length][d];
        for (int i = 0; i < fitRows.length; i++) {
            for (int k = 0; k < d; k++) {
                centred[i][k] = (x[fitRows[i]][k] - mu[k]) / sd[k];
            }
        }
        Basis b = basis(centred);
        boolean pca = method == Whitening.PCA || method == Whitening.PCA_COR;
        if (b.rank < d) {
            notes.accept("spherize: " + fitRows.length + " fit rows span " + b.rank + " of " + d + " dimensions; "
                    + (pca ? "keeping " + b.rank + " components" : "the rest scaled as the weakest direction"));
        }
        double[] scale = new double[b.rank];
        for (int c = 0; c < b.rank; c++) {
            scale[c] = 1 / Math.sqrt(b.lambda[c] + epsilon);
        }
        double tail = 1 / Math.sqrt(b.lambda[b.rank - 1] + epsilon);
        float[][] out = new float[t.rows()][];
        double[] z = new double[d];
        for (int r = 0; r < t.rows(); r++) {
            for (int k = 0; k < d; k++) {
                z[k] = (x[r][k] - mu[k]) / sd[k];
            }
            double[] proj = new double[b.rank];
            for (int c = 0; c < b.rank; c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += b.v[c][k] * z[k];
                }
                proj[c] = s;
            }
            if (pca) {
                float[] row = new float[b.rank];
                for (int c = 0; c < b.rank; c++) {
                    row[c] = (float) (proj[c] * scale[c]);
                }
                out[r] = row;
            } else {
                // V diag(scale) V^T z + tail * (z - V V^T z)
                double[] w = new double[d];
                for (int k = 0; k < d; k++) {
                    w[k] = tail * z[k];
                }
                for (int c = 0; c < b.rank; c++) {
                    double coef = proj[c] * (scale[c] - tail);
                    for (int k = 0; k < d; k++) {
                        w[k] += coef * b.v[c][k];
                    }
                }
                float[] row = new float[d];
                for (int k = 0; k < d; k++) {
                    row[k] = (float) w[k];
                }
                out[r] = row;
            }
        }
        List<String> names = t.featureColumns();
        if (pca) {
            names = new ArrayList<>();
            for (int c = 1; c <= b.rank; c++) {
                names.add("PC" + c);
            }
        }
        return t.withFeatures(names, out);
    }

    /**
     * Typical variation normalisation (Ando et al. 2017): PCA whitening fitted on the control rows, then,
     * when a batch column is given, each batch aligned to the controls of all batches by CORAL (Sun et
     * al. 2016): y' = (y - m_b) (C_b + I)^(-1/2) (C + I)^(1/2) + m, with C_b and m_b the covariance and
     * mean of the batch's control rows in the whitened space, C and m those of all control rows.
     */
    public static ProfileTable tvn(ProfileTable t, boolean[] controls, String batchColumn, double epsilon,
                                   Consumer<String> notes) {
        ProfileTable w = spherize(t, controls, Whitening.PCA, epsilon, notes);
        if (batchColumn == null) {
            return w;
        }
        double[][] y = toDouble(w.matrix());
        int d = w.featureColumns().size();
        int[] all = indices(controls);
        double[] m = mean(y, all);
        RealMatrix target = sqrtm(covariance(y, all, m), 0.5);
        Map<String, List<Integer>> batches = groups(w, batchColumn);
        float[][] out = new float[w.rows()][];
        for (Map.Entry<String, List<Integer>> e : batches.entrySet()) {
            int[] ctrl = e.getValue().stream().filter(r -> controls[r]).mapToInt(Integer::intValue).toArray();
            if (ctrl.length < 2) {
                throw new IllegalArgumentException("tvn: batch " + e.getKey() + " has " + ctrl.length
                        + " control rows; aligning a batch needs at least 2");
            }
            double[] mb = mean(y, ctrl);
            RealMatrix a = sqrtm(covariance(y, ctrl, mb), -0.5).multiply(target);
            for (int r : e.getValue()) {
                double[] c = new double[d];
                for (int k = 0; k < d; k++) {
                    c[k] = y[r][k] - mb[k];
                }
                double[] aligned = a.preMultiply(c);
                float[] row = new float[d];
                for (int k = 0; k < d; k++) {
                    row[k] = (float) (aligned[k] + m[k]);
                }
                out[r] = row;
            }
        }
        return w.withFeatures(w.featureColumns(), out);
    }

    /**
     * Drops features whose variance is at most the threshold in the control rows or in the other rows (in all
     * rows when no row is a control). The variance is the population variance (ddof 0), as scikit-learn's
     * VarianceThreshold computes it for pycytominer; a set of fewer than 2 rows is not judged.
     */
    public static ProfileTable varianceFilter(ProfileTable t, boolean[] controls, double threshold,
                                              Consumer<String> notes) {
        int[] ctrl = indices(controls);
        boolean[] treatedMask = new boolean[t.rows()];
        for (int r = 0; r < t.rows(); r++) {
            treatedMask[r] = !controls[r];
        }
        int[] treated = indices(treatedMask);
        double[][] x = toDouble(t.matrix());
        List<Integer> keep = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int k = 0; k < t.featureColumns().size(); k++) {
            double[] col = column(x, k);
            boolean low = ctrl.length == 0
                    ? variance(col, indices(all(t.rows()))) <= threshold
                    : (ctrl.length > 1 && variance(col, ctrl) <= threshold)
                            || (treated.length > 1 && variance(col, treated) <= threshold);
            if (low) {
                dropped.add(t.featureColumns().get(k));
            } else {
                keep.add(k);
            }
        }
        if (!dropped.isEmpty()) {
            notes.accept("variance_filter: dropped " + dropped.size() + " feature(s) with variance <= " + threshold
                    + ": " + abbreviate(dropped));
        }
        return keepFeatures(t, keep);
    }

    /** Drops every feature that holds a NaN or infinite value, reporting them. */
    public static ProfileTable dropNonFiniteFeatures(ProfileTable t, Consumer<String> notes) {
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
                    + abbreviate(dropped));
        }
        return keepFeatures(t, keep);
    }

    /** Drops every row that holds a NaN or infinite value, reporting how many. */
    public static ProfileTable dropNonFiniteRows(ProfileTable t, Consumer<String> notes) {
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

    // ---------------------------------------------------------------------------------------------------

    private interface Fitter {
        /** {location, scale} for one feature of one group, or null when the feature cannot be scaled. */
        double[] fit(double[] column, int[] fitRows);
    }

    private static ProfileTable perGroup(ProfileTable t, String groupColumn, boolean[] fit, Consumer<String> notes,
                                         String step, Fitter fitter) {
        int d = t.featureColumns().size();
        double[][] x = toDouble(t.matrix());
        double[][] out = new double[t.rows()][d];
        boolean[] unscalable = new boolean[d];
        Map<String, List<Integer>> groups = groupColumn == null
                ? Map.of("all rows", boxed(all(t.rows()))) : groups(t, groupColumn);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            int[] fitRows = g.getValue().stream().filter(r -> fit[r]).mapToInt(Integer::intValue).toArray();
            if (fitRows.length == 0) {
                throw new IllegalArgumentException(step + ": " + (groupColumn == null ? "the table" : groupColumn
                        + " " + g.getKey()) + " has no rows to fit on (no control rows?)");
            }
            for (int k = 0; k < d; k++) {
                double[] col = column(x, k);
                double[] ls = fitter.fit(col, fitRows);
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
                    + abbreviate(problems));
        }
        float[][] f = new float[t.rows()][keep.size()];
        for (int r = 0; r < t.rows(); r++) {
            for (int i = 0; i < keep.size(); i++) {
                f[r][i] = (float) out[r][keep.get(i)];
            }
        }
        return t.withFeatures(keep.stream().map(t.featureColumns()::get).toList(), f);
    }

    static Map<String, List<Integer>> groups(ProfileTable t, String column) {
        Map<String, List<Integer>> g = new LinkedHashMap<>();
        List<String> values = t.column(column);
        for (int r = 0; r < values.size(); r++) {
            g.computeIfAbsent(values.get(r), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    private static ProfileTable keepFeatures(ProfileTable t, List<Integer> keep) {
        float[][] x = t.matrix();
        float[][] f = new float[x.length][keep.size()];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < keep.size(); i++) {
                f[r][i] = x[r][keep.get(i)];
            }
        }
        return t.withFeatures(keep.stream().map(t.featureColumns()::get).toList(), f);
    }

    /** Orthonormal eigenvectors (rows of v) and eigenvalues of the covariance of centred rows, descending. */
    private record Basis(double[][] v, double[] lambda, int rank) {
    }

    private static Basis basis(double[][] centred) {
        int n = centred.length;
        int d = centred[0].length;
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(centred, false));
        double[] s = svd.getSingularValues();
        RealMatrix v = svd.getV(); // d x min(n, d)
        double tol = Math.max(n, d) * Math.ulp(s.length == 0 ? 0 : s[0]);
        int rank = 0;
        while (rank < s.length && s[rank] > tol) {
            rank++;
        }
        if (rank == 0) {
            throw new IllegalArgumentException("spherize: the fit rows are all identical");
        }
        double[][] vec = new double[rank][d];
        double[] lambda = new double[rank];
        for (int c = 0; c < rank; c++) {
            lambda[c] = s[c] * s[c] / (n - 1);
            int arg = 0;
            for (int k = 0; k < d; k++) {
                vec[c][k] = v.getEntry(k, c);
                if (Math.abs(vec[c][k]) > Math.abs(vec[c][arg])) {
                    arg = k;
                }
            }
            if (vec[c][arg] < 0) {
                for (int k = 0; k < d; k++) {
                    vec[c][k] = -vec[c][k];
                }
            }
        }
        return new Basis(vec, lambda, rank);
    }

    /** (C + I)^power of a symmetric positive semi-definite matrix. */
    private static RealMatrix sqrtm(double[][] c, double power) {
        int d = c.length;
        double[][] reg = new double[d][];
        for (int i = 0; i < d; i++) {
            reg[i] = c[i].clone();
            reg[i][i] += 1;
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(reg, false));
        RealMatrix v = e.getV();
        double[] ev = e.getRealEigenvalues();
        double[][] diag = new double[d][d];
        for (int i = 0; i < d; i++) {
            diag[i][i] = Math.pow(Math.max(ev[i], 1e-12), power);
        }
        return v.multiply(new Array2DRowRealMatrix(diag, false)).multiply(v.transpose());
    }

    private static double[][] covariance(double[][] y, int[] rows, double[] m) {
        int d = m.length;
        double[][] c = new double[d][d];
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                double a = y[r][i] - m[i];
                for (int j = i; j < d; j++) {
                    c[i][j] += a * (y[r][j] - m[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= rows.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    private static double[] mean(double[][] y, int[] rows) {
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

    private static double[] meanSd(double[] x, int[] rows, int ddof) {
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

    private static double variance(double[] x, int[] rows) {
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

    private static double[] column(double[][] x, int k) {
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

    private static List<Integer> boxed(boolean[] mask) {
        return Arrays.stream(indices(mask)).boxed().toList();
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ... (" + (names.size() - 8) + " more)";
    }
}
