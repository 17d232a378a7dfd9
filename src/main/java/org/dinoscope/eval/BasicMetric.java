package org.dinoscope.eval;

import java.util.List;

/** A {@link Metric} whose name, stage and needs are given once, to its constructor; it only computes. */
abstract class BasicMetric implements Metric {
    private final String name;
    private final Stage stage;
    private final List<Requirement> needs;

    BasicMetric(String name, Stage stage, Requirement... needs) {
        this.name = name;
        this.stage = stage;
        this.needs = List.of(needs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public List<Requirement> needs() {
        return needs;
    }
}
