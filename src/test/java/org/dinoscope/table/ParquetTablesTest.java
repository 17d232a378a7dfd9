package org.dinoscope.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet tables against an independent implementation: DuckDB (C++, its own Parquet reader and writer) reads what
 * we write, with the contract's names, order, physical types and exact values, and what DuckDB writes (other
 * types, codecs, nulls, a partitioned folder) reads back in DINOscope.
 */
class ParquetTablesTest {
    @TempDir
    Path dir;

    /** Values that a text format or a double would blur: NaN, infinities, -0, the smallest subnormal, ... */
    static final float[][] VALUES = {
        {1.5f, -2.25f, 0.1f, Float.NaN},
        {Float.MIN_VALUE, -0.0f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY},
        {3.4028235e38f, 1e-7f, 123456.79f, Float.POSITIVE_INFINITY},
    };

    static ProfileTable table() {
        return ProfileTable.of(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Compound"),
                List.of(new String[] {"P1", "A01", "DMSO"}, new String[] {"P1", "A02", ""},
                        new String[] {"P2 \"quoted\", comma", "B01", "caféine ✓"}),
                List.of("DNA_0", "DNA_1", "RNA_0", "RNA_1"), VALUES);
    }

    static Connection duckdb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    static String sql(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    @Test
    void aTableRoundTripsExactly() throws IOException {
        Path file = dir.resolve("wells.parquet");
        table().write(file);
        ProfileTable back = ProfileTable.read(file);
        assertEquals(table().metadataColumns(), back.metadataColumns());
        assertEquals(table().featureColumns(), back.featureColumns());
        for (int r = 0; r < VALUES.length; r++) {
            assertArrayEquals(table().metadataRow(r), back.metadataRow(r));
            assertArrayEquals(VALUES[r], back.features(r));
            for (int k = 0; k < VALUES[r].length; k++) {
                assertEquals(Float.floatToIntBits(VALUES[r][k]), Float.floatToIntBits(back.features(r)[k]));
            }
        }
        // the same table through CSV reads the same
        table().write(dir.resolve("wells.csv"));
        ProfileTable csv = ProfileTable.read(dir.resolve("wells.csv"));
        for (int r = 0; r < VALUES.length; r++) {
            assertArrayEquals(csv.metadataRow(r), back.metadataRow(r));
            assertArrayEquals(csv.features(r), back.features(r));
        }
    }

    @Test
    void duckDbReadsTheContractsColumnsTypesAndExactValues() throws Exception {
        Path file = dir.resolve("fields.parquet");
        table().write(file);
        try (Connection c = duckdb(); Statement s = c.createStatement()) {
            List<String> schema = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name, type, repetition_type, converted_type, logical_type "
                    + "FROM parquet_schema(" + sql(file) + ") WHERE name <> 'profile'")) {
                while (r.next()) {
                    schema.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
                }
            }
            assertEquals(List.of("Metadata_Plate BYTE_ARRAY OPTIONAL UTF8", "Metadata_Well BYTE_ARRAY OPTIONAL UTF8",
                    "Metadata_Compound BYTE_ARRAY OPTIONAL UTF8", "DNA_0 FLOAT REQUIRED null",
                    "DNA_1 FLOAT REQUIRED null", "RNA_0 FLOAT REQUIRED null", "RNA_1 FLOAT REQUIRED null"), schema);
            try (ResultSet r = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata(" + sql(file) + ")")) {
                assertTrue(r.next());
                assertEquals("SNAPPY", r.getString(1));
                assertFalse(r.next());
            }
            try (ResultSet r = s.executeQuery("SELECT * FROM read_parquet(" + sql(file) + ", file_row_number = true) "
                    + "ORDER BY file_row_number")) {
                assertEquals(8, r.getMetaData().getColumnCount());
                assertEquals("Metadata_Plate", r.getMetaData().getColumnName(1));
                assertEquals("VARCHAR", r.getMetaData().getColumnTypeName(1));
                assertEquals("RNA_1", r.getMetaData().getColumnName(7));
                assertEquals("FLOAT", r.getMetaData().getColumnTypeName(7));
                String[][] meta = {{"P1", "A01", "DMSO"}, {"P1", "A02", null},
                    {"P2 \"quoted\", comma", "B01", "caféine ✓"}};
                for (int row = 0; row < VALUES.length; row++) {
                    assertTrue(r.next());
                    for (int m = 0; m < 3; m++) {
                        assertEquals(meta[row][m], r.getString(m + 1), "row " + row + " column " + (m + 1));
                    }
                    for (int k = 0; k < 4; k++) {
                        assertEquals(Float.floatToIntBits(VALUES[row][k]), Float.floatToIntBits(r.getFloat(4 + k)),
                                "row " + row + " feature " + k);
                    }
                }
                assertFalse(r.next());
            }
        }
    }

    @Test
    void whatDuckDbWritesReadsBackWithEveryCodecAndNumericType() throws Exception {
        for (String codec : List.of("snappy", "zstd", "gzip", "uncompressed")) {
            Path file = dir.resolve("duck-" + codec + ".parquet");
            try (Connection c = duckdb(); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT * FROM (VALUES "
                        + "('P1', 7, true, 0.1::DOUBLE, 3::INTEGER, 9000000000::BIGINT, 0.5::FLOAT), "
                        + "(NULL, NULL, false, NULL, -4::INTEGER, -1::BIGINT, 'NaN'::FLOAT)) "
                        + "AS t(Metadata_Plate, Metadata_Site, Metadata_Control, d, i, l, f)) TO " + sql(file)
                        + " (FORMAT parquet, COMPRESSION " + codec + ")");
            }
            ProfileTable t = ProfileTable.read(file);
            assertEquals(List.of("Metadata_Plate", "Metadata_Site", "Metadata_Control"), t.metadataColumns(), codec);
            assertEquals(List.of("d", "i", "l", "f"), t.featureColumns());
            assertArrayEquals(new String[] {"P1", "7", "true"}, t.metadataRow(0), codec);
            assertArrayEquals(new String[] {"", "", "false"}, t.metadataRow(1), codec);
            assertArrayEquals(new float[] {(float) 0.1, 3, 9e9f, 0.5f}, t.features(0), codec);
            assertArrayEquals(new float[] {Float.NaN, -4, -1, Float.NaN}, t.features(1), codec);
        }
    }

    @Test
    void aPartitionedFolderReadsAsOneTableWithThePartitionColumnInFront() throws Exception {
        Path folder = dir.resolve("wells.parquet");
        try (Connection c = duckdb(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('A01', 'P2', 1.0::FLOAT), ('A01', 'P1', 2.0::FLOAT), "
                    + "('B01', 'P1', 3.0::FLOAT)) AS t(Metadata_Well, Metadata_Plate, DNA_0)) TO " + sql(folder)
                    + " (FORMAT parquet, PARTITION_BY (Metadata_Plate))");
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");
        ProfileTable t = ProfileTable.read(folder);
        assertEquals(List.of("Metadata_Plate", "Metadata_Well"), t.metadataColumns());
        assertEquals(3, t.rows());
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            rows.add(String.join("/", t.metadataRow(r)) + "=" + t.features(r)[0]);
        }
        rows.sort(null);
        assertEquals(List.of("P1/A01=2.0", "P1/B01=3.0", "P2/A01=1.0"), rows);
    }

    @Test
    void theFormatIsToldByContentForReadingAndByNameForWriting() throws IOException {
        Path parquet = dir.resolve("table.dat");
        TableFormat.PARQUET.write(table(), parquet);
        assertEquals(TableFormat.PARQUET, TableFormat.forReading(parquet));
        assertEquals(3, ProfileTable.read(parquet).rows());
        table().write(dir.resolve("t.csv.gz"));
        assertEquals(TableFormat.CSV, TableFormat.forReading(dir.resolve("t.csv.gz")));
        assertEquals(TableFormat.PARQUET, TableFormat.forWriting(Path.of("x.PARQUET")));
        assertEquals(TableFormat.CSV, TableFormat.forWriting(Path.of("x.csv.gz")));
        assertEquals(".parquet", TableFormat.extension("parquet"));
        assertThrows(IllegalArgumentException.class, () -> TableFormat.extension("xlsx"));
    }

    @Test
    void aTruncatedOrCorruptFileFailsNamingTheFile() throws IOException {
        Path good = dir.resolve("good.parquet");
        table().write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ProfileTable.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": not a readable Parquet file"), e.getMessage());
        Path csvNamedParquet = Files.writeString(dir.resolve("text.parquet"), "Metadata_Well,DNA_0\nA01,1\n");
        e = assertThrows(IOException.class, () -> ProfileTable.read(csvNamedParquet));
        assertTrue(e.getMessage().startsWith(csvNamedParquet + ": not a readable Parquet file"), e.getMessage());
        byte[] damaged = bytes.clone();
        for (int i = 4; i < damaged.length / 2; i++) {
            damaged[i] = (byte) 0x5a;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.parquet"), damaged);
        e = assertThrows(IOException.class, () -> ProfileTable.read(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt + ": "), e.getMessage());
    }

    @Test
    void columnsATableCannotHoldFailNamingFileAndColumn() throws Exception {
        Path text = dir.resolve("text-feature.parquet");
        Path nested = dir.resolve("nested.parquet");
        Path brotli = dir.resolve("brotli.parquet");
        Path metadataOnly = dir.resolve("metadata-only.parquet");
        try (Connection c = duckdb(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 'A01' AS Metadata_Well, 'high' AS Dose) TO " + sql(text) + " (FORMAT parquet)");
            s.execute("COPY (SELECT 'A01' AS Metadata_Well, [1.0, 2.0] AS DNA) TO " + sql(nested) + " (FORMAT parquet)");
            s.execute("COPY (SELECT 'A01' AS Metadata_Well, 1.0::FLOAT AS DNA_0) TO " + sql(brotli)
                    + " (FORMAT parquet, COMPRESSION brotli)");
            s.execute("COPY (SELECT 'A01' AS Metadata_Well) TO " + sql(metadataOnly) + " (FORMAT parquet)");
        }
        IOException e = assertThrows(IOException.class, () -> ProfileTable.read(text));
        assertTrue(e.getMessage().startsWith(text + ": column Dose holds"), e.getMessage());
        assertTrue(e.getMessage().contains("not numbers (metadata columns must start with Metadata_"), e.getMessage());
        e = assertThrows(IOException.class, () -> ProfileTable.read(nested));
        assertTrue(e.getMessage().startsWith(nested + ": column DNA is nested or repeated"), e.getMessage());
        e = assertThrows(IOException.class, () -> ProfileTable.read(brotli));
        assertTrue(e.getMessage().startsWith(brotli + ": not a readable Parquet file"), e.getMessage());
        assertTrue(e.getMessage().contains("compressed with BROTLI"), e.getMessage());
        e = assertThrows(IOException.class, () -> ProfileTable.read(metadataOnly));
        assertEquals(metadataOnly + ": no feature columns (every column starts with Metadata_)", e.getMessage());
    }

    @Test
    void aNullOrEmptyMetadataValueIsNullInParquetAndEmptyInTheTable() throws Exception {
        ProfileTable t = ProfileTable.of(List.of("Metadata_A"), List.of(new String[] {""}, new String[] {"x"}),
                List.of("f"), new float[][] {{1}, {2}});
        Path file = dir.resolve("empty.parquet");
        t.write(file);
        try (Connection c = duckdb(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet(" + sql(file) + ") WHERE Metadata_A IS NULL")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt(1));
        }
        assertEquals(List.of("", "x"), ProfileTable.read(file).column("Metadata_A"));
        assertEquals(new String(Files.readAllBytes(file), 0, 4, StandardCharsets.US_ASCII), "PAR1");
    }
}
