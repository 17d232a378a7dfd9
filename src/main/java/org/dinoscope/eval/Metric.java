package org.dinoscope.eval;

import java.util.List;

/**
 * One question asked of a profile table: a unit that {@link Evaluation} runs with the others. A metric names
 * itself, says at which stage it reads the table and what it needs of it, and computes a typed result that writes
 * its own JSON and its own rows of the metrics table, or {@link MetricResult#skipped} with the reason the table
 * does not allow it. Adding a metric is one new class and one entry in {@link Evaluation#METRICS}.
 */
public interface Metric {
    /** Where in the evaluation a metric reads the table. */
    enum Stage {
        /** The input table, controls included (replicate retrieval). */
        INPUT,
        /** After the optional aggregation and without the control rows (neighbours, clustering, batches). */
        EVALUATED
    }

    /** The metric's key in the report and its row name in the metrics table. */
    String name();

    Stage stage();

    /**
     * What the metric needs of the table, checked in order before it runs; the first one not met skips it, and
     * metrics in a row skipped by the same requirement share one note.
     */
    default List<Requirement> needs() {
        return List.of();
    }

    /** The result, or {@link MetricResult#skipped} when this table's columns or values do not allow it. */
    MetricResult compute(MetricInput in);
}
