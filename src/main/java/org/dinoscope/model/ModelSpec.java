package org.dinoscope.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What the user asked for: a preset, its weights files (none for {@code random}; one shared by all
 * channels, or one per channel for WS-DINO's per-channel models), an optional head count and a seed.
 */
public record ModelSpec(Preset preset, List<Path> weights, Integer heads, long seed) {
    public ModelSpec {
        weights = List.copyOf(weights);
    }

    public static ModelSpec of(Preset preset, Path... weights) {
        return new ModelSpec(preset, List.of(weights), null, 0L);
    }
}
