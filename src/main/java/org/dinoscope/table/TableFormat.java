package org.dinoscope.table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a profile table is stored. Two formats, the same columns: delimited text ({@link #CSV}: CSV or TSV, gzip-
 * compressed when the name ends in {@code .gz}) and {@link #PARQUET}. Reading looks at the file (a Parquet file
 * starts with {@code PAR1}; a folder is a Parquet data set); writing follows the name ({@code .parquet}), so that
 * one rule serves every command.
 */
public interface TableFormat {
    TableFormat CSV = new CsvFormat();
    TableFormat PARQUET = new ParquetFormat();

    /** The first four bytes of every Parquet file (and its last four). */
    byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    /** Reads the table in {@code file}. */
    ProfileTable read(Path file) throws IOException;

    /**
     * Writes {@code table} to {@code file} atomically ({@link org.dinoscope.OutputFiles}): readers never see half a
     * table, and the file gets the permissions of any new file (the umask).
     */
    void write(ProfileTable table, Path file) throws IOException;

    /**
     * The format to read {@code file} with: Parquet when it is a folder (a data set of Parquet files, as Spark writes
     * one), when its name ends in {@code .parquet} or when it starts with {@code PAR1}; else delimited text.
     */
    static TableFormat forReading(Path file) throws IOException {
        if (Files.isDirectory(file) || isParquetName(file)) {
            return PARQUET;
        }
        byte[] head = new byte[PARQUET_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, PARQUET_MAGIC)
                    ? PARQUET : CSV;
        }
    }

    /** The format to write {@code file} in: Parquet when its name ends in {@code .parquet}, else CSV. */
    static TableFormat forWriting(Path file) {
        return isParquetName(file) ? PARQUET : CSV;
    }

    /** The file name extension of a format named by a user ({@code csv}, {@code csv.gz}, {@code parquet}). */
    static String extension(String format) {
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> ".csv";
            case "csv.gz", "gz" -> ".csv.gz";
            case "parquet" -> ".parquet";
            default -> throw new IllegalArgumentException("unknown table format '" + format
                    + "'; use csv, csv.gz or parquet");
        };
    }

    private static boolean isParquetName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
