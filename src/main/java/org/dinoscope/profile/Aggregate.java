package org.dinoscope.profile;

import java.util.List;
import java.util.function.Consumer;
import org.dinoscope.table.ProfileTable;

/**
 * {@code aggregate}: one row per group of the aggregate-by columns (mean or median); the metadata columns it
 * leaves out (their values differ within a group) are named in the notes.
 */
public final class Aggregate implements NormalizationStep {
    private final List<String> by;
    private final Profiles.Combine combine;

    public Aggregate(List<String> by, Profiles.Combine combine) {
        this.by = by;
        this.combine = combine;
    }

    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public boolean fitsOnRows() {
        return false;
    }

    @Override
    public ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes) {
        ProfileTable out = Profiles.aggregate(t, by, combine, true);
        List<String> dropped = t.metadataColumns().stream().filter(c -> !out.hasColumn(c)).toList();
        if (!dropped.isEmpty()) {
            notes.accept("aggregate: left out " + String.join(", ", dropped) + " (values differ within some group "
                    + "of " + String.join(", ", by) + ")");
        }
        return out;
    }
}
