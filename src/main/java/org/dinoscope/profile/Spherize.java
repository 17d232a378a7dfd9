package org.dinoscope.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * {@code spherize}: whitening fitted on the fit rows of the whole table: the fit rows are centred (and for the -cor
 * variants scaled to unit variance), their covariance (ddof 1) decomposed as V diag(lambda) V^T, and
 * every row mapped to diag(1/sqrt(lambda + epsilon)) V^T (x - mu) (PCA) or to V of that (ZCA).
 * Eigenvectors are signed so that their largest entry is positive. When there are fewer fit rows than
 * features, PCA keeps the rank-many components, and ZCA scales the directions the fit rows do not span
 * as the weakest direction they do span (pycytominer pads the spectrum the same way).
 */
public final class Spherize implements NormalizationStep {
    private final Whitening method;
    private final double epsilon;

    public Spherize(Whitening method, double epsilon) {
        this.method = method;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "spherize";
    }

    @Override
    public ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes) {
        double[][] x = Columns.toDouble(t.matrix());
        int[] fitRows = Columns.indices(fit);
        int d = t.featureColumns().size();
        if (fitRows.length < 2) {
            throw new IllegalArgumentException("spherize needs at least 2 rows to fit on, found " + fitRows.length);
        }
        double[] mu = new double[d];
        double[] sd = new double[d];
        Arrays.fill(sd, 1);
        for (int k = 0; k < d; k++) {
            double[] ms = Columns.meanSd(Columns.column(x, k), fitRows, 0);
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
        Covariance.Basis b = Covariance.basis(centred);
        boolean pca = method == Whitening.PCA || method == Whitening.PCA_COR;
        if (b.rank() < d) {
            notes.accept("spherize: " + fitRows.length + " fit rows span " + b.rank() + " of " + d + " dimensions; "
                    + (pca ? "keeping " + b.rank() + " components" : "the rest scaled as the weakest direction"));
        }
        double[] scale = new double[b.rank()];
        for (int c = 0; c < b.rank(); c++) {
            scale[c] = 1 / Math.sqrt(b.lambda()[c] + epsilon);
        }
        double tail = 1 / Math.sqrt(b.lambda()[b.rank() - 1] + epsilon);
        float[][] out = new float[t.rows()][];
        double[] z = new double[d];
        for (int r = 0; r < t.rows(); r++) {
            for (int k = 0; k < d; k++) {
                z[k] = (x[r][k] - mu[k]) / sd[k];
            }
            double[] proj = new double[b.rank()];
            for (int c = 0; c < b.rank(); c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += b.v()[c][k] * z[k];
                }
                proj[c] = s;
            }
            if (pca) {
                float[] row = new float[b.rank()];
                for (int c = 0; c < b.rank(); c++) {
                    row[c] = (float) (proj[c] * scale[c]);
                }
                out[r] = row;
            } else {
                // V diag(scale) V^T z + tail * (z - V V^T z)
                double[] w = new double[d];
                for (int k = 0; k < d; k++) {
                    w[k] = tail * z[k];
                }
                for (int c = 0; c < b.rank(); c++) {
                    double coef = proj[c] * (scale[c] - tail);
                    for (int k = 0; k < d; k++) {
                        w[k] += coef * b.v()[c][k];
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
            for (int c = 1; c <= b.rank(); c++) {
                names.add("PC" + c);
            }
        }
        return t.withFeatures(names, out);
    }
}
