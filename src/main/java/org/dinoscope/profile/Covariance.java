package org.dinoscope.profile;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** The linear algebra of whitening and CORAL: covariances, their eigenbasis and matrix powers. */
final class Covariance {
    private Covariance() {
    }

    /** Orthonormal eigenvectors (rows of v) and eigenvalues of the covariance of centred rows, descending. */
    record Basis(double[][] v, double[] lambda, int rank) {
    }

    static Basis basis(double[][] centred) {
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
    static RealMatrix sqrtm(double[][] c, double power) {
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

    static double[][] covariance(double[][] y, int[] rows, double[] m) {
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
}
