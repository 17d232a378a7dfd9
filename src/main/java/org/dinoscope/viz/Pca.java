package org.dinoscope.viz;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Principal components of a table of profiles (Commons Math SVD of the centred data). */
public final class Pca {
    private Pca() {
    }

    /** The rows projected on the first {@code k} principal components. */
    public static double[][] project(float[][] rows, int k) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i][j] = rows[i][j] - mean[j];
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(centred, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(x);
        RealMatrix scores = svd.getU().multiply(MatrixUtils.createRealDiagonalMatrix(
                svd.getSingularValues()));
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k && c < scores.getColumnDimension(); c++) {
                out[i][c] = scores.getEntry(i, c);
            }
        }
        return out;
    }
}
