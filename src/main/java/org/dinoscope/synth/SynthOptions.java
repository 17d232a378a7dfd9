package org.dinoscope.synth;

import java.util.List;

/**
 * What to generate.
 *
 * @param plates     plates in all; plate i belongs to batch i mod batches
 * @param fields     fields (sites) per well
 * @param size       field width and height in pixels
 * @param doses      doses per compound, µM (strength = c / (c + 1), c = dose x potency)
 * @param dmsoWells  DMSO control wells per plate
 */
public record SynthOptions(long seed, int plates, int batches, int fields, int size, List<Double> doses,
                           int dmsoWells) {
    public SynthOptions {
        if (plates < 1 || batches < 1 || fields < 1 || size < 32 || doses.isEmpty() || dmsoWells < 1) {
            throw new IllegalArgumentException("synthetic plates need at least 1 plate, batch, field, dose and DMSO "
                    + "well, and fields of 32 px or more");
        }
        doses = List.copyOf(doses);
    }

    /** The demo's set: 2 plates in 2 batches, 2 fields a well, 224 px fields, 3 doses, 6 DMSO wells a plate. */
    public static SynthOptions defaults(long seed) {
        return new SynthOptions(seed, 2, 2, 2, 224, List.of(0.3, 1.0, 3.0), 6);
    }
}
