package org.dinoscope.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A profile table in the pycytominer/CellProfiler convention: {@code Metadata_*} columns first, then one
 * column per feature, one row per field (well, treatment, ...). Written as CSV, gzip-compressed when the
 * file name ends in {@code .gz}, and atomically: a killed run never leaves a half-written table.
 */
public final class ProfileTable {
    private final List<String> metadataColumns;
    private final List<String> featureColumns;
    private final List<String[]> metadata = new ArrayList<>();
    private final List<float[]> features = new ArrayList<>();

    public ProfileTable(List<String> metadataColumns, List<String> featureColumns) {
        for (String m : metadataColumns) {
            if (!m.startsWith("Metadata_")) {
                throw new IllegalArgumentException("metadata column '" + m + "' must start with Metadata_");
            }
        }
        this.metadataColumns = List.copyOf(metadataColumns);
        this.featureColumns = List.copyOf(featureColumns);
    }

    public void addRow(List<String> meta, float[] values) {
        if (meta.size() != metadataColumns.size() || values.length != featureColumns.size()) {
            throw new IllegalArgumentException("row has " + meta.size() + " metadata and " + values.length
                    + " feature values; the table has " + metadataColumns.size() + " and " + featureColumns.size());
        }
        metadata.add(meta.toArray(new String[0]));
        features.add(values.clone());
    }

    public int rows() {
        return features.size();
    }

    public List<String> metadataColumns() {
        return metadataColumns;
    }

    public List<String> featureColumns() {
        return featureColumns;
    }

    public String metadata(int row, String column) {
        return metadata.get(row)[metadataColumns.indexOf(column)];
    }

    public float[] features(int row) {
        return features.get(row).clone();
    }

    /** Writes the table; values print as the shortest decimal that reads back to the same float. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                 Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                List<String> header = new ArrayList<>(metadataColumns);
                header.addAll(featureColumns);
                csv.printRecord(header);
                List<String> rec = new ArrayList<>(header.size());
                for (int r = 0; r < rows(); r++) {
                    rec.clear();
                    rec.addAll(List.of(metadata.get(r)));
                    for (float v : features.get(r)) {
                        rec.add(Float.toString(v));
                    }
                    csv.printRecord(rec);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
