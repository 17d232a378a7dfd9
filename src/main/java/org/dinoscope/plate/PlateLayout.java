package org.dinoscope.plate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of one or more plates, in a stable order (plate, well, site), with the channel names shared
 * by all of them. {@code source} says how the layout was found, for messages and provenance; {@code spec}, when
 * known, is what {@link Layouts#open} opened it from.
 */
public record PlateLayout(String source, List<String> channels, List<FieldSpec> fields, LayoutSpec spec) {
    public PlateLayout {
        channels = List.copyOf(channels);
        fields = List.copyOf(fields);
    }

    public PlateLayout(String source, List<String> channels, List<FieldSpec> fields) {
        this(source, channels, fields, null);
    }

    public PlateLayout withSpec(LayoutSpec s) {
        return new PlateLayout(source, channels, fields, s);
    }

    /** The field at plate, well and site, or the well's first field when site is null; null when absent. */
    public FieldSpec find(String plate, String well, String site) {
        for (FieldSpec f : fields) {
            if (f.plate().equals(plate) && f.well().equals(well) && (site == null || f.site().equals(site))) {
                return f;
            }
        }
        return null;
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
