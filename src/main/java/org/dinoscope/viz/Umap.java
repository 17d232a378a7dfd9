package org.dinoscope.viz;

import java.util.ArrayList;
import java.util.List;

import org.dinoscope.eval.Cosine;

import smile.manifold.UMAP;
import smile.math.MathEx;

/**
 * UMAP (McInnes et al. 2018) of profiles under cosine distance, with Smile's implementation: rows are scaled to
 * unit length first, so that Euclidean distance between them is a monotone function of cosine distance and
 * the k-nearest-neighbour graph is the cosine one. Smile lays out the largest connected component of that
 * graph; rows outside it get no coordinates and are reported.
 */
public final class Umap {
    private Umap() {
    }

    /** Coordinates per row (null for a row that could not be placed) and the rows left out. */
    public record Layout(double[][] xy, List<Integer> leftOut) {
    }

    /**
     * @param neighbours size of the local neighbourhood (15 as umap-learn); lowered to rows - 1 for small tables
     * @param minDist    how tightly points may pack (0.1 as umap-learn)
     * @param seed       seeds Smile's random stream; the same input, seed and JVM give the same layout
     */
    public static Layout of(float[][] rows, int neighbours, double minDist, long seed) {
        int n = rows.length;
        if (n < 4) {
            throw new IllegalArgumentException("UMAP needs at least 4 profiles, found " + n);
        }
        double[][] unit = Cosine.unitRows(rows);
        int k = Math.max(2, Math.min(neighbours, n - 1));
        MathEx.setSeed(seed);
        UMAP u = UMAP.of(unit, k, 2, n < 10_000 ? 500 : 200, 1.0, minDist, 1.0, 5, 1.0);
        double[][] xy = new double[n][];
        for (int i = 0; i < u.index.length; i++) {
            xy[u.index[i]] = u.coordinates[i];
        }
        List<Integer> leftOut = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (xy[i] == null) {
                leftOut.add(i);
            }
        }
        return new Layout(xy, leftOut);
    }
}
