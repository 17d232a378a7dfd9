package org.dinoscope.plate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of one or more plates, in a stable order (plate, well, site), with the channel names shared
 * by all of them. {@code source} says how the layout was found, for messages and provenance.
 */
public record PlateLayout(String source, List<String> channels, List<FieldSpec> fields) {
    public PlateLayout {
        channels = List.copyOf(channels);
        fields = List.copyOf(fields);
    }

    public Set<String> plates() {
        Set<String> s = new LinkedHashSet<>();
        fields.forEach(f -> s.add(f.plate()));
        return s;
    }

    public Set<String> wells() {
        Set<String> s = new LinkedHashSet<>();
        fields.forEach(f -> s.add(f.plate() + "/" + f.well()));
        return s;
    }

    public List<FieldSpec> incomplete() {
        List<FieldSpec> out = new ArrayList<>();
        for (FieldSpec f : fields) {
            if (!f.missingChannels().isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Metadata column names over all fields, in first-seen order. */
    public List<String> metadataColumns() {
        Set<String> s = new LinkedHashSet<>(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Site"));
        fields.forEach(f -> s.addAll(f.metadata().keySet()));
        return new ArrayList<>(s);
    }
}
