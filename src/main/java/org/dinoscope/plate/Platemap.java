package org.dinoscope.plate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dinoscope.table.DelimitedTable;

/**
 * Joins a platemap (CSV or TSV) onto a layout by plate and well, or by well alone when the platemap has
 * no plate column (a JUMP platemap describes every plate that uses it). Its other columns become
 * {@code Metadata_<column>} unless they already start with {@code Metadata_}.
 */
public final class Platemap {
    static final String[] WELL_COLUMNS = {"Metadata_Well", "well_position", "Well", "well"};
    static final String[] PLATE_COLUMNS = {"Metadata_Plate", "Plate", "plate", "Assay_Plate_Barcode"};

    private Platemap() {
    }

    /**
     * The joined layout, how many fields found no platemap row, and the platemap's wells (plate/well, or well)
     * that no field has: wells the plate map expects and the images lack.
     */
    public record Joined(PlateLayout layout, int unmatched, List<String> wellsWithoutFields) {
    }

    public static Joined join(PlateLayout layout, Path platemap) throws IOException {
        DelimitedTable t = DelimitedTable.read(platemap);
        int well = t.firstColumn(WELL_COLUMNS);
        if (well < 0) {
            throw new IOException(platemap + ": no well column (one of " + String.join(", ", WELL_COLUMNS) + ")");
        }
        int plate = t.firstColumn(PLATE_COLUMNS);
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            String w = Wells.normalise(row.get(well));
            if (w == null) {
                throw new IOException(platemap + ": row " + (r + 2) + ": '" + row.get(well) + "' is not a well name");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            for (int c = 0; c < t.header().size(); c++) {
                if (c == well || c == plate) {
                    continue;
                }
                String h = t.header().get(c);
                meta.put(h.startsWith("Metadata_") ? h : "Metadata_" + h, row.get(c));
            }
            String key = (plate >= 0 ? row.get(plate) + "/" : "") + w;
            if (rows.put(key, meta) != null) {
                throw new IOException(platemap + ": row " + (r + 2) + ": " + key + " appears twice");
            }
        }
        List<FieldSpec> fields = new ArrayList<>();
        int unmatched = 0;
        Set<String> withFields = new HashSet<>();
        for (FieldSpec f : layout.fields()) {
            String key = (plate >= 0 ? f.plate() + "/" : "") + f.well();
            withFields.add(key);
            Map<String, String> meta = rows.get(key);
            if (meta == null) {
                unmatched++;
                fields.add(f);
            } else {
                fields.add(f.withMetadata(meta));
            }
        }
        if (unmatched == layout.fields().size()) {
            throw new IOException(platemap + ": no field of the layout matches a row (joined on "
                    + (plate >= 0 ? "plate and well" : "well") + ")");
        }
        List<String> empty = rows.keySet().stream().filter(k -> !withFields.contains(k)).sorted().toList();
        return new Joined(new PlateLayout(layout.source() + ", platemap " + platemap, layout.channels(), fields),
                unmatched, empty);
    }
}
