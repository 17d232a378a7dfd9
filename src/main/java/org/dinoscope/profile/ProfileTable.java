package org.dinoscope.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dinoscope.OutputFiles;
import org.dinoscope.plate.DelimitedTable;

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

    /** A table with the given metadata values (one array per row) and feature values. */
    public static ProfileTable of(List<String> metadataColumns, List<String[]> metadata, List<String> featureColumns,
                                  float[][] features) {
        ProfileTable t = new ProfileTable(metadataColumns, featureColumns);
        for (int r = 0; r < features.length; r++) {
            t.addRow(List.of(metadata.get(r)), features[r]);
        }
        return t;
    }

    /**
     * Reads a profile table (CSV or TSV, gzip-compressed when the name ends in .gz): columns whose name
     * starts with {@code Metadata_} are metadata, every other column is a feature. Empty, {@code NaN} and
     * {@code NA} cells read as NaN; any other value that is not a number fails with the file, line and
     * column.
     */
    public static ProfileTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such profile table");
        }
        try (Reader reader = DelimitedTable.reader(file);
             CSVParser p = CSVParser.parse(reader, DelimitedTable.format(file))) {
            List<String> header = p.getHeaderNames();
            List<Integer> metaIdx = new ArrayList<>();
            List<Integer> featIdx = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                (header.get(i).startsWith("Metadata_") ? metaIdx : featIdx).add(i);
            }
            if (featIdx.isEmpty()) {
                throw new IOException(file + ": no feature columns (every column starts with Metadata_)");
            }
            ProfileTable t = new ProfileTable(metaIdx.stream().map(header::get).toList(),
                    featIdx.stream().map(header::get).toList());
            for (CSVRecord rec : p) {
                if (rec.size() != header.size()) {
                    throw new IOException(file + ": line " + p.getCurrentLineNumber() + " has " + rec.size()
                            + " fields, the header has " + header.size());
                }
                String[] meta = new String[metaIdx.size()];
                for (int i = 0; i < meta.length; i++) {
                    meta[i] = rec.get(metaIdx.get(i));
                }
                float[] v = new float[featIdx.size()];
                for (int i = 0; i < v.length; i++) {
                    String cell = rec.get(featIdx.get(i)).trim();
                    if (cell.isEmpty() || cell.equalsIgnoreCase("nan") || cell.equals("NA")) {
                        v[i] = Float.NaN;
                        continue;
                    }
                    try {
                        v[i] = Float.parseFloat(cell);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ": line " + p.getCurrentLineNumber() + ", column "
                                + header.get(featIdx.get(i)) + ": '" + cell + "' is not a number (metadata columns"
                                + " must start with Metadata_)");
                    }
                }
                t.metadata.add(meta);
                t.features.add(v);
            }
            if (t.rows() == 0) {
                throw new IOException(file + ": the table has a header but no rows");
            }
            return t;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IOException(file + ": not a readable table (" + e.getMessage() + ")", e);
        }
    }

    public boolean hasColumn(String column) {
        return metadataColumns.contains(column);
    }

    /** The values of a metadata column; fails naming the column and the columns there are. */
    public List<String> column(String column) {
        int c = metadataColumns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column + " in the table (metadata columns: "
                    + String.join(", ", metadataColumns) + ")");
        }
        List<String> out = new ArrayList<>(rows());
        for (String[] m : metadata) {
            out.add(m[c]);
        }
        return out;
    }

    /** All metadata of a row, in column order. */
    public String[] metadataRow(int row) {
        return metadata.get(row).clone();
    }

    /** The feature values as a rows x features matrix (copies). */
    public float[][] matrix() {
        float[][] m = new float[rows()][];
        for (int r = 0; r < m.length; r++) {
            m[r] = features.get(r).clone();
        }
        return m;
    }

    /** The same rows and metadata with other features. */
    public ProfileTable withFeatures(List<String> featureColumns, float[][] values) {
        return of(metadataColumns, metadata, featureColumns, values);
    }

    /** The table with one more metadata column (or that column replaced). */
    public ProfileTable withColumn(String column, List<String> values) {
        List<String> cols = new ArrayList<>(metadataColumns);
        int at = cols.indexOf(column);
        if (at < 0) {
            cols.add(column);
        }
        List<String[]> meta = new ArrayList<>();
        for (int r = 0; r < rows(); r++) {
            String[] m = Arrays.copyOf(metadata.get(r), cols.size());
            m[at < 0 ? cols.size() - 1 : at] = values.get(r);
            meta.add(m);
        }
        ProfileTable t = new ProfileTable(cols, featureColumns);
        t.metadata.addAll(meta);
        t.features.addAll(features);
        return t;
    }

    /** The rows whose indices are given, in that order. */
    public ProfileTable select(List<Integer> rowsToKeep) {
        ProfileTable t = new ProfileTable(metadataColumns, featureColumns);
        for (int r : rowsToKeep) {
            t.metadata.add(metadata.get(r));
            t.features.add(features.get(r));
        }
        return t;
    }

    /** Writes the table; values print as the shortest decimal that reads back to the same float. */
    public void write(Path file) throws IOException {
        OutputFiles.write(file, tmp -> {
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
        });
    }
}
