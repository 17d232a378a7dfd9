package org.dinoscope.eval;

import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** What a {@link Metric} computed: its entry of the JSON report and its rows of the metrics table. */
public interface MetricResult {
    /** The metric's entry of the report (for a skipped metric, its reason in the report's {@code skipped}). */
    JsonElement json();

    /** The metric's rows of the metrics table (console, CSV, Fiji), named after {@code name}. */
    List<MetricRow> rows(String name);

    /** A metric this table does not allow, with the reason. */
    static MetricResult skipped(String why) {
        return new Skipped(why);
    }

    /** The result of a metric that could not be computed. */
    record Skipped(String why) implements MetricResult {
        @Override
        public JsonElement json() {
            return new JsonPrimitive(why);
        }

        @Override
        public List<MetricRow> rows(String name) {
            return List.of();
        }
    }

    /**
     * Puts a value in a report entry. JSON has no NaN (jq, JavaScript and strict parsers refuse it): an undefined
     * value is {@code null}, and {@code <name>_undefined} says why.
     */
    static void put(JsonObject j, String name, double value, String whyUndefined) {
        if (Double.isFinite(value)) {
            j.addProperty(name, value);
        } else {
            j.add(name, JsonNull.INSTANCE);
            j.addProperty(name + "_undefined", whyUndefined);
        }
    }
}
