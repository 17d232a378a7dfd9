package org.dinoscope.plate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dinoscope.table.DelimitedTable;

/**
 * A CellProfiler/JUMP {@code load_data} CSV: one row per field, {@code FileName_Orig<Channel>} and
 * {@code PathName_Orig<Channel>} per channel, {@code Metadata_Plate}, {@code Metadata_Well},
 * {@code Metadata_Site}; other {@code Metadata_} columns are carried through. Relative paths are relative
 * to the CSV's folder.
 */
public final class LoadData {
    private static final String FILE = "FileName_Orig";
    private static final String PATH = "PathName_Orig";

    private LoadData() {
    }

    public static PlateLayout read(Path csv) throws IOException {
        DelimitedTable t = DelimitedTable.read(csv);
        List<String> channels = new ArrayList<>();
        for (String h : t.header()) {
            if (h.startsWith(FILE)) {
                String ch = h.substring(FILE.length());
                if (t.column(PATH + ch) < 0) {
                    throw new IOException(csv + ": column " + h + " has no matching column " + PATH + ch);
                }
                channels.add(ch);
            }
        }
        if (channels.isEmpty()) {
            throw new IOException(csv + ": no FileName_Orig<Channel> column; this is not a load_data CSV");
        }
        int plate = require(t, csv, "Metadata_Plate");
        int well = require(t, csv, "Metadata_Well");
        int site = t.firstColumn("Metadata_Site", "Metadata_Field");
        if (site < 0) {
            throw new IOException(csv + ": required column Metadata_Site is missing");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<FieldSpec> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            String w = Wells.normalise(row.get(well));
            if (w == null) {
                throw new IOException(csv + ": row " + (r + 2) + ": '" + row.get(well) + "' is not a well name");
            }
            List<Path> files = new ArrayList<>();
            for (String ch : channels) {
                String name = row.get(t.column(FILE + ch)).trim();
                String dir = row.get(t.column(PATH + ch)).trim();
                files.add(name.isEmpty() ? null : base.resolve(dir).resolve(name).normalize());
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("Metadata_Plate", row.get(plate));
            meta.put("Metadata_Well", w);
            meta.put("Metadata_Site", row.get(site));
            for (int c = 0; c < t.header().size(); c++) {
                String h = t.header().get(c);
                if (h.startsWith("Metadata_")) {
                    meta.putIfAbsent(h, row.get(c));
                }
            }
            FieldSpec f = new FieldSpec(row.get(plate), w, row.get(site), files, meta);
            if (!seen.add(f.key())) {
                throw new IOException(csv + ": row " + (r + 2) + ": field " + f.key() + " appears twice");
            }
            fields.add(f);
        }
        if (fields.isEmpty()) {
            throw new IOException(csv + ": the load_data CSV has a header but no rows; nothing to embed");
        }
        return new PlateLayout("load_data " + csv, channels, fields);
    }

    private static int require(DelimitedTable t, Path csv, String column) throws IOException {
        int i = t.column(column);
        if (i < 0) {
            throw new IOException(csv + ": required column " + column + " is missing");
        }
        return i;
    }
}
