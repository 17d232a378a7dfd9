package org.dinoscope.eval;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A retrieval mAP (copairs): the mean of the groups' mAPs, the fraction of groups retrieved (corrected p-value
 * below the threshold), and every group with its p-values.
 *
 * @param groupBy   the columns that define a group, in the order of each group's key
 * @param positives what a positive pair is, in words
 * @param negatives what a negative pair is, in words
 */
public record MapResult(AveragePrecision.Summary summary, List<String> groupBy, String positives, String negatives,
                        int nullSize, double threshold) implements MetricResult {

    /**
     * The mAP of the queries of {@code in} under {@code rules}, grouped by {@code groupBy}; null when no query has
     * a positive and a negative pair.
     */
    static MapResult of(MetricInput in, AveragePrecision.Rules rules, boolean[] isQuery, List<String> groupBy,
                        String positives, String negatives) {
        var cols = in.metadata();
        List<AveragePrecision.Score> scores = AveragePrecision.scores(in.similarity(), cols, rules, isQuery);
        if (scores.isEmpty()) {
            return null;
        }
        Evaluation.Options o = in.options();
        AveragePrecision.Summary s = AveragePrecision.meanAveragePrecision(scores, cols, groupBy, o.nullSize(),
                o.seed(), o.threshold());
        return new MapResult(s, groupBy, positives, negatives, o.nullSize(), o.threshold());
    }

    @Override
    public JsonObject json() {
        JsonObject j = new JsonObject();
        MetricResult.put(j, "mean_average_precision", summary.meanOfGroups(), "no group has a query with positives");
        MetricResult.put(j, "fraction_retrieved", summary.fractionRetrieved(), "no group");
        j.addProperty("queries", summary.queries());
        j.addProperty("positives", positives);
        j.addProperty("negatives", negatives);
        j.addProperty("null_size", nullSize);
        j.addProperty("threshold", threshold);
        JsonArray groups = new JsonArray();
        for (AveragePrecision.Group g : summary.groups()) {
            JsonObject go = new JsonObject();
            for (int i = 0; i < groupBy.size(); i++) {
                go.addProperty(groupBy.get(i), g.key().get(i));
            }
            MetricResult.put(go, "mean_average_precision", g.meanAveragePrecision(),
                    "no query of the group has positives");
            go.addProperty("queries", g.queries());
            MetricResult.put(go, "p_value", g.pValue(), "the group's mAP is undefined");
            MetricResult.put(go, "corrected_p_value", g.correctedPValue(), "the group's mAP is undefined");
            groups.add(go);
        }
        j.add("groups", groups);
        return j;
    }

    /** The mAP over its queries, and the fraction of groups retrieved over the groups. */
    @Override
    public List<MetricRow> rows(String name) {
        return List.of(
                MetricRow.of(name, summary.meanOfGroups(), String.valueOf(summary.queries()),
                        "no group has a query with positives"),
                MetricRow.of(name + " retrieved", summary.fractionRetrieved(),
                        String.valueOf(summary.groups().size()), "no group"));
    }
}
