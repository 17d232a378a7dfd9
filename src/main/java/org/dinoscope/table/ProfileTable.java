package org.dinoscope.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A profile table in the pycytominer/CellProfiler convention: {@code Metadata_*} columns first, then one
 * column per feature, one row per field (well, treatment, ...). Read and written through {@link TableFormat}
 * (CSV, TSV, gzip-compressed, or Parquet), atomically: a killed run never leaves a half-written table.
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
        append(meta.toArray(new String[0]), values.clone());
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
     * Reads a profile table in any format DINOscope knows ({@link TableFormat#forReading}): CSV or TSV (gzip-compressed
     * when the name ends in .gz), or Parquet (a file, or a folder of Parquet files). Columns whose name starts with
     * {@code Metadata_} are metadata, every other column is a feature.
     */
    public static ProfileTable read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such profile table");
        }
        return TableFormat.forReading(file).read(file);
    }

    /** The metadata of a row as stored (no copy), for the writers. */
    String[] metadataView(int row) {
        return metadata.get(row);
    }

    /** The features of a row as stored (no copy), for the writers. */
    float[] featuresView(int row) {
        return features.get(row);
    }

    /** Adds a row that a reader built (no copies; the sizes are checked). */
    void append(String[] meta, float[] values) {
        if (meta.length != metadataColumns.size() || values.length != featureColumns.size()) {
            throw new IllegalArgumentException("row has " + meta.length + " metadata and " + values.length
                    + " feature values; the table has " + metadataColumns.size() + " and " + featureColumns.size());
        }
        metadata.add(meta);
        features.add(values);
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

    /**
     * Writes the table, atomically, in the format its name says ({@link TableFormat#forWriting}): Parquet when it
     * ends in {@code .parquet}, else CSV (gzip-compressed when it ends in {@code .gz}).
     */
    public void write(Path file) throws IOException {
        TableFormat.forWriting(file).write(this, file);
    }
}
