package org.dinoscope.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * A metric that is one number: its value under {@code field} (null with the reason when undefined), then the
 * details that say how it was computed ({@code details}: numbers or strings, in order); one row of the metrics
 * table, without a count.
 */
record ScalarResult(String field, double value, String whyUndefined, Map<String, Object> details)
        implements MetricResult {

    /** A value with its details given as name, value, name, value, .... */
    static ScalarResult of(String field, double value, String whyUndefined, Object... details) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            d.put((String) details[i], details[i + 1]);
        }
        return new ScalarResult(field, value, whyUndefined, d);
    }

    @Override
    public JsonObject json() {
        JsonObject j = new JsonObject();
        MetricResult.put(j, field, value, whyUndefined);
        details.forEach((k, v) -> {
            if (v instanceof Number n) {
                j.addProperty(k, n);
            } else {
                j.addProperty(k, String.valueOf(v));
            }
        });
        return j;
    }

    @Override
    public List<MetricRow> rows(String name) {
        return List.of(MetricRow.of(name, value, "", whyUndefined));
    }
}
