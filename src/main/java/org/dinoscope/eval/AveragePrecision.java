package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Average precision of profile retrieval and its significance, as copairs defines them (Kalinin et al.
 * 2025). For a query, the candidates are the other rows that form a positive or a negative pair with it;
 * they are ranked by cosine similarity and AP is the mean over the positives of the precision at their rank.
 * Tied similarities form one threshold, as in scikit-learn's average_precision_score (copairs ranks positives
 * first within a tie, which scores profiles that cannot tell rows apart as perfect; without ties the two
 * agree). Positive pairs share the values of {@code posSameby} and differ in every {@code posDiffby} column;
 * negative pairs differ in every {@code negDiffby} column and share {@code negSameby}.
 *
 * <p>mAP of a group (the rows sharing {@code posSameby}) is the mean AP of its queries. Its p-value
 * compares it with a null of the same shape: for each (positives, candidates) configuration, random
 * rankings give null APs; the group's null is the element-wise mean of its queries' null vectors, and
 * p = (#null &gt; mAP + 1) / (null size + 1). p-values are corrected by Benjamini-Hochberg; the fraction
 * retrieved is the share of groups whose corrected p-value is below the threshold.
 */
public final class AveragePrecision {
    private AveragePrecision() {
    }

    /** Pair rules; {@code negativesFrom} optionally restricts negatives to some rows (e.g. controls). */
    public record Rules(List<String> posSameby, List<String> posDiffby, List<String> negSameby,
                        List<String> negDiffby, boolean[] negativesFrom) {
    }

    /** AP of one query with the counts that define its null. */
    public record Score(int row, double averagePrecision, int positives, int total) {
    }

    /** mAP of one group of queries. */
    public record Group(List<String> key, double meanAveragePrecision, int queries, double pValue,
                        double correctedPValue) {
    }

    /** The group results, their mean and the fraction of groups retrieved. */
    public record Summary(List<Group> groups, double meanOfGroups, double fractionRetrieved, int queries) {
    }

    /**
     * AP of every query row (rows with {@code isQuery} false are only candidates). Queries without a positive
     * or without a negative pair get no score.
     *
     * @param columns metadata values by column name, one entry per row
     */
    public static List<Score> scores(Cosine sim, Map<String, List<String>> columns, Rules rules, boolean[] isQuery) {
        int n = sim.size();
        String[][] ps = values(columns, rules.posSameby(), n);
        String[][] pd = values(columns, rules.posDiffby(), n);
        String[][] ns = values(columns, rules.negSameby(), n);
        String[][] nd = values(columns, rules.negDiffby(), n);
        List<Score> out = new ArrayList<>();
        double[] s = new double[n];
        boolean[] rel = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!isQuery[i]) {
                continue;
            }
            int m = 0;
            int pos = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                boolean positive = allSame(ps, i, j) && allDiffer(pd, i, j);
                boolean negative = !positive && allDiffer(nd, i, j) && allSame(ns, i, j)
                        && (rules.negativesFrom() == null || rules.negativesFrom()[j]);
                if (positive || negative) {
                    s[m] = sim.similarity(i, j);
                    rel[m] = positive;
                    order[m] = m;
                    pos += positive ? 1 : 0;
                    m++;
                }
            }
            if (pos == 0 || pos == m) {
                continue;
            }
            Integer[] idx = Arrays.copyOf(order, m);
            Arrays.sort(idx, Comparator.comparingDouble(k -> -s[k]));
            out.add(new Score(i, tiedAveragePrecision(idx, s, rel, m) / pos, pos, m));
        }
        return out;
    }

    /**
     * Sum over the positives of the precision at their rank, with tied similarities forming one threshold as
     * scikit-learn's average_precision_score has them: every positive of a tied block counts the precision at
     * the block's end. Neither order of a tie is preferred, so profiles that cannot tell rows apart (all
     * similarities equal) score the share of positives, never 1.
     */
    private static double tiedAveragePrecision(Integer[] idx, double[] s, boolean[] rel, int m) {
        double sum = 0;
        int hits = 0;
        for (int start = 0; start < m; ) {
            int end = start;
            int positives = 0;
            while (end < m && s[idx[end]] == s[idx[start]]) {
                positives += rel[idx[end]] ? 1 : 0;
                end++;
            }
            hits += positives;
            sum += positives * (hits / (double) end);
            start = end;
        }
        return sum;
    }

    /** AP of a ranking given as 0/1 relevance, best first (no ties). */
    public static double of(boolean[] relevanceInRankOrder) {
        int hits = 0;
        double sum = 0;
        for (int r = 0; r < relevanceInRankOrder.length; r++) {
            if (relevanceInRankOrder[r]) {
                hits++;
                sum += hits / (double) (r + 1);
            }
        }
        return hits == 0 ? Double.NaN : sum / hits;
    }

    /** APs of {@code size} random rankings of {@code positives} among {@code total} candidates. */
    public static double[] nullDistribution(int positives, int total, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + positives * 65_537L + total);
        double[] out = new double[size];
        int[] slots = new int[total];
        int[] chosen = new int[positives];
        for (int t = 0; t < size; t++) {
            for (int k = 0; k < total; k++) {
                slots[k] = k;
            }
            for (int k = 0; k < positives; k++) { // partial Fisher-Yates: a uniform subset of ranks
                int j = k + rng.nextInt(total - k);
                int tmp = slots[k];
                slots[k] = slots[j];
                slots[j] = tmp;
                chosen[k] = slots[k];
            }
            Arrays.sort(chosen);
            double sum = 0;
            for (int k = 0; k < positives; k++) {
                sum += (k + 1) / (double) (chosen[k] + 1);
            }
            out[t] = sum / positives;
        }
        return out;
    }

    /** mAP per group of the {@code groupBy} columns, with permutation p-values corrected by BH. */
    public static Summary meanAveragePrecision(List<Score> scores, Map<String, List<String>> columns,
                                               List<String> groupBy, int nullSize, long seed, double threshold) {
        Map<List<String>, List<Score>> groups = new LinkedHashMap<>();
        for (Score s : scores) {
            List<String> key = groupBy.stream().map(c -> columns.get(c).get(s.row())).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        Map<Long, double[]> nulls = new HashMap<>();
        List<Group> out = new ArrayList<>();
        double[] p = new double[groups.size()];
        int g = 0;
        List<List<String>> keys = new ArrayList<>(groups.keySet());
        List<Double> maps = new ArrayList<>();
        for (List<String> key : keys) {
            List<Score> members = groups.get(key);
            double map = members.stream().mapToDouble(Score::averagePrecision).average().orElse(Double.NaN);
            double[] nullMean = new double[nullSize];
            for (Score s : members) {
                double[] d = nulls.computeIfAbsent(((long) s.positives() << 32) | s.total(),
                        c -> nullDistribution(s.positives(), s.total(), nullSize, seed));
                for (int t = 0; t < nullSize; t++) {
                    nullMean[t] += d[t] / members.size();
                }
            }
            int above = 0;
            for (double v : nullMean) {
                above += v > map ? 1 : 0;
            }
            p[g++] = (above + 1) / (double) (nullSize + 1);
            maps.add(map);
        }
        double[] q = benjaminiHochberg(p);
        int retrieved = 0;
        for (int i = 0; i < keys.size(); i++) {
            out.add(new Group(keys.get(i), maps.get(i), groups.get(keys.get(i)).size(), p[i], q[i]));
            retrieved += q[i] < threshold ? 1 : 0;
        }
        double mean = maps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new Summary(out, mean, keys.isEmpty() ? Double.NaN : retrieved / (double) keys.size(), scores.size());
    }

    /** Benjamini-Hochberg adjusted p-values (as statsmodels' fdr_bh), in the input order. */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] idx = new Integer[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> p[i]));
        double[] q = new double[m];
        double running = 1;
        for (int r = m - 1; r >= 0; r--) {
            running = Math.min(running, p[idx[r]] * m / (r + 1));
            q[idx[r]] = Math.min(1, running);
        }
        return q;
    }

    private static String[][] values(Map<String, List<String>> columns, List<String> names, int n) {
        String[][] v = new String[names.size()][];
        for (int c = 0; c < names.size(); c++) {
            List<String> col = columns.get(names.get(c));
            if (col == null) {
                throw new IllegalArgumentException("no column " + names.get(c) + " for the mAP pair rules");
            }
            v[c] = col.toArray(new String[0]);
        }
        return v;
    }

    private static boolean allSame(String[][] cols, int i, int j) {
        for (String[] c : cols) {
            if (!c[i].equals(c[j])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDiffer(String[][] cols, int i, int j) {
        for (String[] c : cols) {
            if (c[i].equals(c[j])) {
                return false;
            }
        }
        return true;
    }
}
