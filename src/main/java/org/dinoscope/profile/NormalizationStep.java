package org.dinoscope.profile;

import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * One step of a {@link ProfilePipeline}: a normalisation, a filter or the aggregation, as pycytominer and the
 * papers apply them. A step that fits statistics fits them on the fit rows (all rows, or the control rows) and
 * applies them to every row; features it cannot scale are dropped and reported through {@code notes}, never
 * turned into infinities or NaN. Computation is in double precision; tables hold float. Adding a step is one new
 * class and one entry in {@link ProfilePipeline#STEPS}.
 */
public interface NormalizationStep {
    /** The step's name in {@code --step}, the notes and the sidecar. */
    String name();

    /** Whether the step fits statistics on the fit rows (then the pipeline requires some). */
    default boolean fitsOnRows() {
        return true;
    }

    /**
     * @param fit      the rows the statistics are fitted on
     * @param controls the control rows
     */
    ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes);
}
