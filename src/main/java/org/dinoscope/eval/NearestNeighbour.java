package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Nearest-neighbour classification of profiles under cosine similarity, with the exclusions the papers
 * use. Each query takes the label of its most similar other row among the rows that differ from it in
 * every exclusion key (NSC: the compound; NSCB: the compound and the batch; ...). A query whose label does
 * not occur among its allowed neighbours cannot be classified correctly by any profile and is left out
 * (for NSCB: mechanisms that occur in one batch only). Ties go to the first row in table order.
 */
public final class NearestNeighbour {
    private NearestNeighbour() {
    }

    /** One classified query: its row, its neighbour's row, their similarity and whether the labels agree. */
    public record Query(int row, int neighbour, double similarity, boolean correct) {
    }

    /** Accuracy and the number of queries it was computed over, with every query. */
    public record Accuracy(double accuracy, int n, List<Query> queries) {
    }

    /**
     * @param exclusions for each row, its exclusion keys; a candidate is allowed when every key differs from
     *                   the query's (e.g. {compound, batch} for NSCB). A key may join several columns.
     */
    public static Accuracy classify(Cosine sim, List<String> labels, List<String[]> exclusions) {
        int n = sim.size();
        List<Query> queries = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            boolean labelAllowed = false;
            for (int j = 0; j < n; j++) {
                if (j == i || sharesAKey(exclusions.get(i), exclusions.get(j))) {
                    continue;
                }
                labelAllowed |= labels.get(j).equals(labels.get(i));
                double s = sim.similarity(i, j);
                if (s > bestSim) {
                    bestSim = s;
                    best = j;
                }
            }
            if (best < 0 || !labelAllowed) {
                continue;
            }
            boolean ok = labels.get(best).equals(labels.get(i));
            correct += ok ? 1 : 0;
            queries.add(new Query(i, best, bestSim, ok));
        }
        return new Accuracy(queries.isEmpty() ? Double.NaN : (double) correct / queries.size(), queries.size(),
                List.copyOf(queries));
    }

    private static boolean sharesAKey(String[] a, String[] b) {
        for (int k = 0; k < a.length; k++) {
            if (a[k].equals(b[k])) {
                return true;
            }
        }
        return false;
    }
}
