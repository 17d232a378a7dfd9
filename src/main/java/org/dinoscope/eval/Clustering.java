package org.dinoscope.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.CompleteLinkage;
import smile.clustering.linkage.Linkage;
import smile.clustering.linkage.SingleLinkage;
import smile.clustering.linkage.UPGMALinkage;
import smile.validation.metric.AdjustedMutualInformation;

/**
 * Agglomerative clustering of profiles under cosine distance (Smile) and its agreement with known labels
 * (adjusted mutual information, arithmetic normalisation as scikit-learn's default).
 */
public final class Clustering {
    private Clustering() {
    }

    /** Linkage criteria. */
    public enum Method {
        COMPLETE, AVERAGE, SINGLE;

        public static Method parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "complete" -> COMPLETE;
                case "average" -> AVERAGE;
                case "single" -> SINGLE;
                default -> throw new IllegalArgumentException("unknown linkage '" + s + "' (complete, average, single)");
            };
        }
    }

    /** The dendrogram: Smile's merge tree and heights. */
    public static HierarchicalClustering fit(Cosine sim, Method method) {
        int n = sim.size();
        if (n < 2) {
            throw new IllegalArgumentException("clustering needs at least 2 profiles, found " + n);
        }
        float[] proximity = new float[n * (n + 1) / 2];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                proximity[p++] = i == j ? 0f : (float) sim.distance(i, j);
            }
        }
        Linkage linkage = switch (method) {
            case COMPLETE -> new CompleteLinkage(n, proximity);
            case AVERAGE -> new UPGMALinkage(n, proximity);
            case SINGLE -> new SingleLinkage(n, proximity);
        };
        return HierarchicalClustering.fit(linkage);
    }

    /** Cluster of each row when the dendrogram is cut into k clusters. */
    public static int[] cut(HierarchicalClustering h, int k) {
        return h.partition(k);
    }

    /** Leaves of the dendrogram in drawing order (left to right), for clustered heatmaps. */
    public static int[] leafOrder(HierarchicalClustering h) {
        int[][] tree = h.tree();
        int n = tree.length + 1;
        List<Integer> order = new ArrayList<>(n);
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(n + tree.length - 1);
        while (!stack.isEmpty()) {
            int node = stack.pop();
            if (node < n) {
                order.add(node);
            } else {
                int[] m = tree[node - n];
                stack.push(m[1]);
                stack.push(m[0]);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Adjusted mutual information between labels and clusters (arithmetic mean normalisation). */
    public static double ami(List<String> labels, int[] clusters) {
        return AdjustedMutualInformation.sum(codes(labels), clusters);
    }

    /** Integer codes of string labels, in order of first appearance. */
    public static int[] codes(List<String> labels) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] c = new int[labels.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ids.computeIfAbsent(labels.get(i), k -> ids.size());
        }
        return c;
    }
}
