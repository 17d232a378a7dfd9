package org.dinoscope.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.dinoscope.table.ProfileTable;

/**
 * {@code grit}: phenotypic strength of each perturbation against the controls, as cytominer-eval defines grit
 * (Way et al. 2022) with the replicate group as the perturbation. For each non-control profile with replicates,
 * its cosine similarities to the control profiles are the reference: its similarities to its replicates are
 * z-scored against their mean and population standard deviation, and averaged. A perturbation's grit is the mean
 * over its profiles; the headline is the mean over perturbations. Around 0: replicates no closer to each other
 * than to the controls; large: a strong, reproducible phenotype. Needs at least 2 control rows.
 */
final class Grit extends BasicMetric {
    Grit() {
        super("grit", Stage.INPUT, Requirement.REPLICATE_COLUMNS);
    }

    @Override
    public MetricResult compute(MetricInput in) {
        Evaluation.Options o = in.options();
        List<String> replicateBy = o.replicateBy();
        ProfileTable t = in.table();
        boolean[] control = in.controls();
        int[] controls = IntStream.range(0, t.rows()).filter(r -> control[r]).toArray();
        if (controls.length < 2) {
            return MetricResult.skipped(o.control() == null || o.control().isEmpty()
                    ? "grit compares replicates with the control rows, and no control value is named (--control)"
                    : "grit needs at least 2 control rows (" + o.compound() + " = " + o.control() + "); the table has "
                    + controls.length);
        }
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            if (!control[r]) {
                final int row = r;
                groups.computeIfAbsent(replicateBy.stream().map(c -> t.metadata(row, c)).toList(),
                        k -> new ArrayList<>()).add(r);
            }
        }
        Cosine sim = in.similarity();
        List<Group> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
            List<Integer> rows = g.getValue();
            double sum = 0;
            int queries = 0;
            for (int q : rows) {
                double mean = 0;
                for (int c : controls) {
                    mean += sim.similarity(q, c);
                }
                mean /= controls.length;
                double ss = 0;
                for (int c : controls) {
                    ss += (sim.similarity(q, c) - mean) * (sim.similarity(q, c) - mean);
                }
                double sd = Math.sqrt(ss / controls.length);
                if (rows.size() < 2 || sd == 0) {
                    continue; // no replicate to score, or controls all alike to this profile: no z-score
                }
                double z = 0;
                for (int r : rows) {
                    z += r == q ? 0 : (sim.similarity(q, r) - mean) / sd;
                }
                sum += z / (rows.size() - 1);
                queries++;
            }
            if (queries > 0) {
                out.add(new Group(g.getKey(), sum / queries, queries));
            }
        }
        if (out.isEmpty()) {
            return MetricResult.skipped("no perturbation (" + String.join("+", replicateBy)
                    + ") has replicates at this level");
        }
        return new Result(out, replicateBy, controls.length);
    }

    /** The grit of one perturbation: the mean over its profiles (queries). */
    record Group(List<String> key, double grit, int queries) {
    }

    /** Every perturbation's grit and their mean. */
    record Result(List<Group> groups, List<String> groupBy, int controls) implements MetricResult {
        double mean() {
            return groups.stream().mapToDouble(Group::grit).average().orElse(Double.NaN);
        }

        int queries() {
            return groups.stream().mapToInt(Group::queries).sum();
        }

        @Override
        public JsonObject json() {
            JsonObject j = new JsonObject();
            MetricResult.put(j, "grit", mean(), "no perturbation has a grit");
            j.addProperty("queries", queries());
            j.addProperty("replicates", "same " + String.join("+", groupBy));
            j.addProperty("controls", controls);
            JsonArray a = new JsonArray();
            for (Group g : groups) {
                JsonObject go = new JsonObject();
                for (int i = 0; i < groupBy.size(); i++) {
                    go.addProperty(groupBy.get(i), g.key().get(i));
                }
                MetricResult.put(go, "grit", g.grit(), "not a number for this perturbation");
                go.addProperty("queries", g.queries());
                a.add(go);
            }
            j.add("groups", a);
            return j;
        }

        @Override
        public List<MetricRow> rows(String name) {
            return List.of(MetricRow.of(name, mean(), String.valueOf(queries()), "no perturbation has a grit"));
        }
    }
}
