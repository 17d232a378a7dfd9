package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much profiles group by a technical factor rather than by biology: the silhouette of a labelling
 * under cosine distance (high by batch = strong batch effect; high by mechanism = good), and graph
 * connectivity (scIB; Luecken et al. 2022): in the k-nearest-neighbour graph, the share of each label's
 * rows that sit in the label's largest connected component, averaged over labels (1 = every label forms one
 * connected piece however batches split it).
 */
public final class BatchEffects {
    private BatchEffects() {
    }

    /**
     * Mean silhouette (Rousseeuw 1987) with cosine distance, as scikit-learn's silhouette_score: a row
     * alone in its label scores 0.
     */
    public static double silhouette(Cosine sim, List<String> labels) {
        int n = sim.size();
        int[] code = Clustering.codes(labels);
        int k = Arrays.stream(code).max().orElse(0) + 1;
        if (k < 2 || k > n - 1) {
            throw new IllegalArgumentException("silhouette needs 2 to n-1 distinct labels, found " + k);
        }
        int[] size = new int[k];
        for (int c : code) {
            size[c]++;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] sum = new double[k];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[code[j]] += sim.distance(i, j);
                }
            }
            if (size[code[i]] == 1) {
                continue; // s(i) = 0
            }
            double a = sum[code[i]] / (size[code[i]] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != code[i]) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            double denom = Math.max(a, b);
            total += denom > 0 ? (b - a) / denom : 0;
        }
        return total / n;
    }

    /** Graph connectivity per label and its mean over labels (kNN graph by cosine, made undirected). */
    public record Connectivity(double mean, Map<String, Double> perLabel, int k) {
    }

    public static Connectivity graphConnectivity(Cosine sim, List<String> labels, int k) {
        int n = sim.size();
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("graph connectivity: k must be between 1 and " + (n - 1) + ", got " + k);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] s = sim.row(i);
            s[i] = Double.NEGATIVE_INFINITY;
            Integer[] idx = new Integer[n];
            for (int j = 0; j < n; j++) {
                idx[j] = j;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(s[b], s[a]));
            for (int t = 0; t < k; t++) {
                edges.add(new int[] {i, idx[t]});
            }
        }
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byLabel.computeIfAbsent(labels.get(i), x -> new ArrayList<>()).add(i);
        }
        Map<String, Double> per = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
            for (int i : e.getValue()) {
                parent[i] = i;
            }
            String label = e.getKey();
            for (int[] edge : edges) {
                if (labels.get(edge[0]).equals(label) && labels.get(edge[1]).equals(label)) {
                    parent[find(parent, edge[0])] = find(parent, edge[1]);
                }
            }
            Map<Integer, Integer> sizes = new LinkedHashMap<>();
            for (int i : e.getValue()) {
                sizes.merge(find(parent, i), 1, Integer::sum);
            }
            int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            per.put(label, largest / (double) e.getValue().size());
        }
        double mean = per.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new Connectivity(mean, per, k);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
