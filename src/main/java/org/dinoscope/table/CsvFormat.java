package org.dinoscope.table;

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
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dinoscope.OutputFiles;

/**
 * Profile tables as delimited text: read as CSV or TSV ({@link DelimitedTable#format}), gzip-compressed when the name
 * ends in .gz; written as CSV, values as the shortest decimal that reads back to the same float.
 */
final class CsvFormat implements TableFormat {
    /**
     * Empty, {@code NaN} and {@code NA} cells read as NaN; any other value that is not a number fails with the file,
     * line and column.
     */
    @Override
    public ProfileTable read(Path file) throws IOException {
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
                t.append(meta, v);
            }
            if (t.rows() == 0) {
                throw new IOException(file + ": the table has a header but no rows");
            }
            return t;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IOException(file + ": not a readable table (" + e.getMessage() + ")", e);
        }
    }

    /** CSV, gzip-compressed when the name ends in .gz. */
    @Override
    public void write(ProfileTable table, Path file) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        OutputFiles.write(file, tmp -> {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
                 Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                List<String> header = new ArrayList<>(table.metadataColumns());
                header.addAll(table.featureColumns());
                csv.printRecord(header);
                List<String> rec = new ArrayList<>(header.size());
                for (int r = 0; r < table.rows(); r++) {
                    rec.clear();
                    rec.addAll(List.of(table.metadataView(r)));
                    for (float v : table.featuresView(r)) {
                        rec.add(Float.toString(v));
                    }
                    csv.printRecord(rec);
                }
            }
        });
    }
}
