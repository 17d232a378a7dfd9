package org.dinoscope.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What the user asked for: a preset, its weights files (none for {@code random}; one shared by all
 * channels, or one per channel for WS-DINO's per-channel models), an optional head count, a seed, and an
 * optional input scaling (null: the one the weights file records, else the preset's).
 */
public record ModelSpec(Preset preset, List<Path> weights, Integer heads, long seed, Scaling scaling) {
    public ModelSpec {
        weights = List.copyOf(weights);
    }

    public ModelSpec(Preset preset, List<Path> weights, Integer heads, long seed) {
        this(preset, weights, heads, seed, null);
    }

    public static ModelSpec of(Preset preset, Path... weights) {
        return new ModelSpec(preset, List.of(weights), null, 0L);
    }

    public ModelSpec withWeights(List<Path> files) {
        return new ModelSpec(preset, files, heads, seed, scaling);
    }
}
