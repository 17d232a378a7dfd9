package org.dinoscope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.dinoscope.table.DelimitedTable;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The evaluation metrics against scikit-learn, scipy and an independent numpy implementation of copairs'
 * ranking (scripts/reference/make_profile_fixtures.py, fixtures in src/test/resources/eval), the mAP p-values'
 * behaviour, and the treatment-level NSC/NSCB of the real BBBC021 profiles query by query.
 */
class EvaluationReferenceTest {
    private static final Path DIR = Path.of("src/test/resources/eval");

    private static Map<String, List<String>> columns(ProfileTable t) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : t.metadataColumns()) {
            cols.put(c, t.column(c));
        }
        return cols;
    }

    private static boolean[] isDmso(ProfileTable t, boolean dmso) {
        boolean[] m = new boolean[t.rows()];
        for (int r = 0; r < m.length; r++) {
            m[r] = t.metadata(r, "Metadata_Compound").equals("DMSO") == dmso;
        }
        return m;
    }

    private static List<AveragePrecision.Score> scores(ProfileTable t, String negatives) {
        List<String> c = List.of("Metadata_Compound");
        AveragePrecision.Rules rules = new AveragePrecision.Rules(c, List.of(), List.of(), c,
                negatives.equals("controls") ? isDmso(t, true) : null);
        return AveragePrecision.scores(new Cosine(t.matrix()), columns(t), rules, isDmso(t, false));
    }

    /**
     * AP per query is scikit-learn's average_precision_score (tied similarities form one threshold). The fixture
     * also holds copairs' AP, which ranks positives first within a tie: on the table with ties the two differ, so
     * the tie rule is what is tested there.
     */
    private static void assertApMatches(String table, String negatives, boolean ties) throws IOException {
        ProfileTable t = ProfileTable.read(DIR.resolve(table + ".csv"));
        DelimitedTable expected = DelimitedTable.read(DIR.resolve(table + "_" + negatives + "_expected.csv"));
        List<AveragePrecision.Score> s = scores(t, negatives);
        assertEquals(expected.rows().size(), s.size());
        int differsFromCopairs = 0;
        for (int i = 0; i < s.size(); i++) {
            List<String> e = expected.rows().get(i);
            assertEquals(Integer.parseInt(e.get(0)), s.get(i).row());
            assertEquals(Double.parseDouble(e.get(2)), s.get(i).averagePrecision(), 1e-8, table + " row " + e.get(0));
            assertEquals(Integer.parseInt(e.get(3)), s.get(i).positives());
            assertEquals(Integer.parseInt(e.get(4)), s.get(i).total());
            if (Math.abs(Double.parseDouble(e.get(1)) - Double.parseDouble(e.get(2))) > 1e-9) {
                differsFromCopairs++;
            }
        }
        if (ties) {
            assertTrue(differsFromCopairs > 0, "no tie affects AP; the fixture does not test the tie rule");
        } else {
            assertEquals(0, differsFromCopairs, "without ties copairs' AP is scikit-learn's average_precision_score");
        }
    }

    @Test
    void averagePrecisionIsScikitLearnsWithoutTies() throws IOException {
        assertApMatches("map_noties", "controls", false);
        assertApMatches("map_noties", "others", false);
    }

    @Test
    void averagePrecisionTreatsTiesAsScikitLearnNotPositivesFirst() throws IOException {
        assertApMatches("map_ties", "controls", true);
        assertApMatches("map_ties", "others", true);
    }

    /** Profiles that cannot tell rows apart (all similarities equal) score the share of positives, not 1. */
    @Test
    void constantProfilesDoNotScorePerfectly() {
        float[][] same = new float[6][];
        for (int i = 0; i < same.length; i++) {
            same[i] = new float[] {1f, 2f, 3f};
        }
        Map<String, List<String>> cols = Map.of("Metadata_Compound", List.of("a", "a", "b", "b", "c", "c"));
        List<String> c = List.of("Metadata_Compound");
        boolean[] all = {true, true, true, true, true, true};
        List<AveragePrecision.Score> s = AveragePrecision.scores(new Cosine(same), cols,
                new AveragePrecision.Rules(c, List.of(), List.of(), c, null), all);
        assertEquals(6, s.size());
        for (AveragePrecision.Score score : s) {
            assertEquals(1 / 5.0, score.averagePrecision(), 1e-12); // one positive among five tied candidates
        }
    }

    @Test
    void benjaminiHochbergAsStatsmodels() throws IOException {
        DelimitedTable bh = DelimitedTable.read(DIR.resolve("bh.csv"));
        double[] p = bh.rows().stream().mapToDouble(r -> Double.parseDouble(r.get(0))).toArray();
        double[] q = AveragePrecision.benjaminiHochberg(p);
        for (int i = 0; i < p.length; i++) {
            assertEquals(Double.parseDouble(bh.rows().get(i).get(1)), q[i], 1e-12);
        }
    }

    @Test
    void clusteringSilhouettesAndConnectivityAsScipyAndScikitLearn() throws IOException {
        ProfileTable t = ProfileTable.read(DIR.resolve("clusters.csv"));
        JsonObject e = JsonParser.parseString(Files.readString(DIR.resolve("clusters_expected.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        Cosine sim = new Cosine(t.matrix());
        List<String> moa = t.column("Metadata_moa");
        for (Clustering.Method m : Clustering.Method.values()) {
            String name = m.name().toLowerCase(java.util.Locale.ROOT);
            int[] clusters = Clustering.cut(Clustering.fit(sim, m), 4);
            assertEquals(e.get("ami_" + name).getAsDouble(), Clustering.ami(moa, clusters), 1e-9, name);
            // the same partition as scipy's fcluster(maxclust=4), up to the cluster numbering
            int[] scipy = new int[clusters.length];
            for (int i = 0; i < scipy.length; i++) {
                scipy[i] = e.getAsJsonArray("clusters_" + name).get(i).getAsInt();
            }
            for (int i = 0; i < scipy.length; i++) {
                for (int j = 0; j < scipy.length; j++) {
                    assertEquals(scipy[i] == scipy[j], clusters[i] == clusters[j], name + " rows " + i + "," + j);
                }
            }
        }
        assertEquals(e.get("silhouette_moa").getAsDouble(), BatchEffects.silhouette(sim, moa), 1e-9);
        assertEquals(e.get("silhouette_batch").getAsDouble(),
                BatchEffects.silhouette(sim, t.column("Metadata_Batch")), 1e-9);
        BatchEffects.Connectivity gc = BatchEffects.graphConnectivity(sim, moa, 5);
        assertEquals(e.get("graph_connectivity_k5").getAsDouble(), gc.mean(), 1e-12);
        for (Map.Entry<String, com.google.gson.JsonElement> l : e.getAsJsonObject("graph_connectivity_k5_per_label")
                .entrySet()) {
            assertEquals(l.getValue().getAsDouble(), gc.perLabel().get(l.getKey()), 1e-12, l.getKey());
        }
    }

    /**
     * A table of {@code groups} perturbations x 4 replicates plus {@code controls} control rows, in 16 dimensions;
     * perturbation centres drawn with standard deviation {@code signal}; every row has its own Metadata_Row.
     */
    private static ProfileTable replicates(int groups, int controls, double signal, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 16;
        List<String> features = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            features.add("x" + k);
        }
        ProfileTable t = new ProfileTable(List.of("Metadata_Compound", "Metadata_Row"), features);
        for (int g = 0; g <= groups; g++) {
            double[] centre = new double[d];
            for (int k = 0; k < d; k++) {
                centre[k] = g == groups ? 0 : signal * gaussian(rng);
            }
            for (int r = 0; r < (g == groups ? controls : 4); r++) {
                float[] v = new float[d];
                for (int k = 0; k < d; k++) {
                    v[k] = (float) (centre[k] + gaussian(rng));
                }
                t.addRow(List.of(g == groups ? "DMSO" : "c" + g, String.valueOf(t.rows())), v);
            }
        }
        return t;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static AveragePrecision.Summary summary(ProfileTable t, String groupBy) {
        List<AveragePrecision.Score> s = scores(t, "controls");
        return AveragePrecision.meanAveragePrecision(s, columns(t), List.of(groupBy), 2000, 1, 0.05);
    }

    @Test
    void pValuesAreUniformWithoutStructure() {
        // Each query's AP against the null of its own configuration: with no structure the positives' ranks
        // are exchangeable with the negatives', so the p-values are uniform (60 candidates keep AP nearly
        // continuous; the test would fail on a null of the wrong shape or a p-value off by one rank).
        ProfileTable t = replicates(150, 60, 0, 11);
        AveragePrecision.Summary perQuery = summary(t, "Metadata_Row");
        double[] p = perQuery.groups().stream().mapToDouble(AveragePrecision.Group::pValue).toArray();
        assertEquals(600, p.length);
        double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), p);
        assertTrue(ks > 0.01, "query p-values on unstructured data should be uniform; KS p = " + ks);
        // per perturbation (the mean of 4 replicate queries, as copairs): valid, nothing retrieved
        AveragePrecision.Summary perGroup = summary(t, "Metadata_Compound");
        double[] g = perGroup.groups().stream().mapToDouble(AveragePrecision.Group::pValue).toArray();
        for (double alpha : new double[] {0.05, 0.1, 0.25}) {
            long below = java.util.Arrays.stream(g).filter(v -> v <= alpha).count();
            assertTrue(below <= alpha * g.length + 2 * Math.sqrt(alpha * (1 - alpha) * g.length),
                    below + " of " + g.length + " groups at p <= " + alpha);
        }
        assertTrue(perGroup.fractionRetrieved() < 0.05, "retrieved " + perGroup.fractionRetrieved());
    }

    @Test
    void pValuesAreSmallOnPlantedStructure() {
        AveragePrecision.Summary s = summary(replicates(30, 60, 1.5, 12), "Metadata_Compound");
        for (AveragePrecision.Group g : s.groups()) {
            assertTrue(g.pValue() < 0.01, g.toString());
        }
        assertEquals(1.0, s.fractionRetrieved());
        assertTrue(s.meanOfGroups() > 0.9, "mAP " + s.meanOfGroups());
    }

    @Test
    void nullDistributionIsTheAverageOfRandomRankings() {
        // E[AP] of random rankings of 1 positive among N candidates is H_N / N
        double[] nul = AveragePrecision.nullDistribution(1, 10, 20000, 3);
        double mean = java.util.Arrays.stream(nul).average().orElseThrow();
        double h = 0;
        for (int k = 1; k <= 10; k++) {
            h += 1.0 / k;
        }
        assertEquals(h / 10, mean, 0.005);
        assertNotEquals(nul[0], nul[1] + nul[2] + 1); // not a constant vector
    }

    @Test
    void bbbc021TreatmentNscAndNscbQueryByQuery() throws IOException {
        Path csv = Path.of("../shared/data/bbbc021-profiles/BBBC021_feature_selected_mad_robustize.csv");
        Assumptions.assumeTrue(Files.exists(csv), "shared data absent");
        Evaluation.Options o = Evaluation.Options.defaults().withBatchPattern("^([^_]+)_")
                .withAggregation(List.of("Metadata_Compound", "Metadata_Concentration"), Profiles.Combine.MEAN)
                .withReplicateBy(List.of("Metadata_Compound", "Metadata_Concentration")).withNull(100, 0);
        Evaluation.Result r = Evaluation.run(ProfileTable.read(csv), o, n -> { });
        DelimitedTable expected = DelimitedTable.read(DIR.resolve("bbbc021_nn_expected.csv"));
        ProfileTable e = r.evaluated();
        for (String metric : List.of("nsc", "nscb")) {
            List<List<String>> rows = expected.rows().stream().filter(x -> x.get(0).equals(metric)).toList();
            NearestNeighbour.Accuracy a = r.accuracies().get(metric);
            assertEquals(rows.size(), a.n(), metric);
            for (int i = 0; i < rows.size(); i++) {
                List<String> x = rows.get(i);
                NearestNeighbour.Query q = a.queries().get(i);
                String where = metric + " query " + x.get(1) + " " + x.get(2);
                assertEquals(x.get(1), e.metadata(q.row(), "Metadata_Compound"), where);
                assertEquals(x.get(2), e.metadata(q.row(), "Metadata_Concentration"), where);
                assertEquals(x.get(3), e.metadata(q.neighbour(), "Metadata_Compound"), where);
                assertEquals(x.get(4), e.metadata(q.neighbour(), "Metadata_Concentration"), where);
                assertEquals(Double.parseDouble(x.get(5)), q.similarity(), 1e-6, where);
                assertEquals(Boolean.parseBoolean(x.get(6)), q.correct(), where);
            }
        }
        assertEquals(94, Math.round(r.accuracies().get("nsc").n() * r.accuracies().get("nsc").accuracy()));
        assertEquals(103, r.accuracies().get("nsc").n());
        assertEquals(67, Math.round(r.accuracies().get("nscb").n() * r.accuracies().get("nscb").accuracy()));
        assertEquals(92, r.accuracies().get("nscb").n());
    }

    /**
     * Each mechanism in one batch only: NSCB has no query (every same-mechanism row shares the batch), so its
     * accuracy is undefined. report.json holds null with the reason, never a bare NaN (invalid JSON for jq and
     * JavaScript), and the metrics table says why.
     */
    @Test
    void anUndefinedMetricIsNullWithItsReasonInStrictJson() throws IOException {
        ProfileTable t = new ProfileTable(List.of("Metadata_Compound", "Metadata_moa", "Metadata_Batch"),
                List.of("f0", "f1", "f2"));
        SplittableRandom rng = new SplittableRandom(3);
        for (int c = 0; c < 6; c++) {
            for (int rep = 0; rep < 2; rep++) {
                t.addRow(List.of("c" + c, "moa" + (c % 3), "batch" + (c % 3)), new float[] {(float) rng.nextDouble(),
                        (float) rng.nextDouble(), (float) rng.nextDouble()});
            }
        }
        Evaluation.Options o = Evaluation.Options.defaults().withBatch("Metadata_Batch")
                .withPlate(null).withWell(null).withSource(null)
                .withAggregation(List.of("Metadata_Compound"), Profiles.Combine.MEAN).withMapNegatives("others")
                .withNull(100, 0).withKnn(3);
        Evaluation.Result r = Evaluation.run(t, o, n -> { });
        Path json = Files.createTempDirectory("report").resolve("report.json");
        r.writeReport(json);
        String text = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(!text.contains("NaN") && !text.contains("Infinity"), text);
        JsonObject nscb = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("nscb");
        assertTrue(nscb.get("accuracy").isJsonNull(), text);
        assertEquals(0, nscb.get("n").getAsInt());
        assertTrue(nscb.get("accuracy_undefined").getAsString().contains("Metadata_Batch"), text);
        assertTrue(Double.isFinite(JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("nsc")
                .get("accuracy").getAsDouble()), text);
        MetricRow m = r.metrics().stream().filter(x -> x.metric().equals("nscb"))
                .findFirst().orElseThrow();
        assertTrue(Double.isNaN(m.value()) && m.undefined().contains("Metadata_Batch"), m.toString());
        assertTrue(r.table().contains("undefined"), r.table());
    }
}
