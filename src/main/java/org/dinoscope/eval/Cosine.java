package org.dinoscope.eval;

/**
 * Cosine similarities between the rows of a profile matrix, in double precision: rows are scaled to unit
 * length once, similarities are dot products computed on demand so that memory stays linear in the
 * number of rows. An all-zero row has similarity 0 to everything.
 */
public final class Cosine {
    private final double[][] unit;

    public Cosine(float[][] rows) {
        unit = unitRows(rows);
    }

    /** The rows scaled to unit length in double precision; an all-zero row stays zero. */
    public static double[][] unitRows(float[][] rows) {
        double[][] unit = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double s = 0;
            for (float v : rows[i]) {
                s += v * (double) v;
            }
            double norm = Math.sqrt(s);
            unit[i] = new double[rows[i].length];
            for (int k = 0; k < rows[i].length; k++) {
                unit[i][k] = norm > 0 ? rows[i][k] / norm : 0;
            }
        }
        return unit;
    }

    public int size() {
        return unit.length;
    }

    public double similarity(int i, int j) {
        double[] a = unit[i];
        double[] b = unit[j];
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** Similarities of row i to every row. */
    public double[] row(int i) {
        double[] out = new double[unit.length];
        for (int j = 0; j < unit.length; j++) {
            out[j] = similarity(i, j);
        }
        return out;
    }

    /** Cosine distance 1 - similarity, clipped at 0 (rounding can make it slightly negative). */
    public double distance(int i, int j) {
        return Math.max(0, 1 - similarity(i, j));
    }
}
