package org.dinoscope.eval;

import java.util.List;
import java.util.Objects;

/**
 * Nearest-neighbour classification of profiles under cosine similarity, with the exclusions the papers
 * use: NSC ("not same compound": the neighbour must be another compound) and NSCB (also another
 * batch; a query whose label occurs in its own batch only has no valid neighbour and is left out).
 */
public final class NearestNeighbour {
    private NearestNeighbour() {
    }

    /** Accuracy and the number of queries it was computed over. */
    public record Accuracy(double accuracy, int n) {
    }

    /**
     * @param profiles rows to classify
     * @param labels   what must match (e.g. the mechanism of action)
     * @param compound the compound of each row (excluded from its own neighbours)
     * @param batch    the batch of each row, or null for NSC
     */
    public static Accuracy accuracy(float[][] profiles, List<String> labels, List<String> compound, List<String> batch) {
        int n = profiles.length;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (float v : profiles[i]) {
                s += v * (double) v;
            }
            norms[i] = Math.sqrt(s);
        }
        int correct = 0;
        int queries = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            boolean labelElsewhere = false;
            for (int j = 0; j < n; j++) {
                if (j == i || compound.get(j).equals(compound.get(i))
                        || (batch != null && Objects.equals(batch.get(j), batch.get(i)))) {
                    continue;
                }
                labelElsewhere |= labels.get(j).equals(labels.get(i));
                double dot = 0;
                for (int k = 0; k < profiles[i].length; k++) {
                    dot += profiles[i][k] * (double) profiles[j][k];
                }
                double sim = dot / (norms[i] * norms[j] + 1e-12);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = j;
                }
            }
            if (best < 0 || !labelElsewhere) {
                continue; // no valid neighbour can carry this label
            }
            queries++;
            if (labels.get(best).equals(labels.get(i))) {
                correct++;
            }
        }
        return new Accuracy(queries == 0 ? Double.NaN : (double) correct / queries, queries);
    }
}
