package org.dinoscope.eval;

/**
 * One line of the metrics table: a metric, its value (NaN when undefined, with the reason in {@code undefined},
 * else null), and the queries or groups behind it ("" if none).
 */
public record MetricRow(String metric, double value, String n, String undefined) {
    /** A row whose value may be undefined (not finite), then with the reason. */
    public static MetricRow of(String metric, double value, String n, String whyUndefined) {
        boolean defined = Double.isFinite(value);
        return new MetricRow(metric, defined ? value : Double.NaN, n, defined ? null : whyUndefined);
    }
}
