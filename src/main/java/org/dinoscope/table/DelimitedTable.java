package org.dinoscope.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A small text table (load_data CSV, platemap CSV/TSV, optionally gzip-compressed) read with Commons
 * CSV: a header and rows of strings. Tab-separated when the name ends in .tsv / .txt or the header line
 * holds a tab.
 */
public record DelimitedTable(Path file, List<String> header, List<List<String>> rows) {

    public static DelimitedTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such table");
        }
        try (Reader r = reader(file); CSVParser p = CSVParser.parse(r, format(file))) {
            List<String> header = List.copyOf(p.getHeaderNames());
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (rec.size() != header.size()) {
                    throw new IOException(file + ": line " + p.getCurrentLineNumber() + " has " + rec.size()
                            + " fields, the header has " + header.size());
                }
                rows.add(rec.toList());
            }
            return new DelimitedTable(file, header, rows);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IOException(file + ": not a readable table (" + e.getMessage() + ")", e);
        }
    }

    public int column(String name) {
        return header.indexOf(name);
    }

    /** Index of the first of the names present, or -1. */
    public int firstColumn(String... names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The Commons CSV format of a table file: comma or tab separated, first line the header. */
    public static CSVFormat format(Path file) throws IOException {
        boolean tabs = isTabSeparated(file);
        return (tabs ? CSVFormat.TDF : CSVFormat.DEFAULT).builder()
                .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
    }

    private static boolean isTabSeparated(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".tsv") || name.endsWith(".txt")) {
            return true;
        }
        try (Reader r = reader(file)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.indexOf("\t") >= 0 && line.indexOf(",") < 0;
        }
    }

    /** A UTF-8 reader of the file, decompressed when its name ends in .gz. */
    public static Reader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
