package org.dinoscope.table;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.dinoscope.OutputFiles;

/**
 * Profile tables in Parquet, with parquet-java on local files. The column contract (docs/profiles.md), which the
 * Spark job keeps too:
 * <ul>
 * <li>one column per CSV column, same names, same order (metadata columns, then features), flat (no groups);</li>
 * <li>metadata: {@code optional binary (STRING)}, UTF-8; an empty value is written as null, and a null reads as
 * empty (as an empty CSV cell);</li>
 * <li>features: {@code required float} (32 bits, the exact values of the table; NaN stays NaN);</li>
 * <li>snappy-compressed pages; no key-value metadata (provenance is in the {@code .json} sidecar).</li>
 * </ul>
 * Read more leniently, as other tools write Parquet: features may be FLOAT, DOUBLE, INT32 or INT64 (a null reads as
 * NaN); metadata may be any primitive type and reads as text. A folder reads as one table: every {@code .parquet}
 * file below it (names starting with {@code _} or {@code .} left out), with Hive-style {@code Metadata_X=value}
 * folders (Spark's partitioning) as metadata columns in front.
 */
final class ParquetFiles {
    static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

    /** Names no converter: the readers take values from the column readers directly. */
    private static final GroupConverter NO_CONVERTER = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
            return new PrimitiveConverter() { };
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };

    private ParquetFiles() {
    }

    static ProfileTable read(Path path) throws IOException {
        return Files.isDirectory(path) ? readDataSet(path) : readFile(path, Map.of());
    }

    static void write(ProfileTable table, Path file) throws IOException {
        MessageType schema = schema(table);
        OutputFiles.write(file, tmp -> {
            try (ParquetWriter<Integer> w = new RowWriter(new LocalOutputFile(tmp), table, schema).build()) {
                for (int r = 0; r < table.rows(); r++) {
                    w.write(r);
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ": could not write Parquet (" + e.getMessage() + ")", e);
            }
        });
    }

    /** The contract's schema of a table. */
    static MessageType schema(ProfileTable table) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        HashSet<String> seen = new HashSet<>();
        for (String m : table.metadataColumns()) {
            unique(seen, m);
            b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(m);
        }
        for (String f : table.featureColumns()) {
            unique(seen, f);
            b.required(PrimitiveTypeName.FLOAT).named(f);
        }
        return b.named("profile");
    }

    private static void unique(HashSet<String> seen, String column) {
        if (!seen.add(column)) {
            throw new IllegalArgumentException("column " + column + " appears twice");
        }
    }

    /** Writes rows (by index) of a table as the schema says. */
    private static final class RowWriter extends ParquetWriter.Builder<Integer, RowWriter> {
        private final ProfileTable table;
        private final MessageType schema;

        RowWriter(OutputFile file, ProfileTable table, MessageType schema) {
            super(file);
            this.table = table;
            this.schema = schema;
            withConf(new PlainParquetConfiguration());
            withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
            withCodecFactory(ParquetCodecs.INSTANCE);
            withCompressionCodec(CODEC);
            // embedding values are almost all distinct: dictionaries only for the metadata
            withDictionaryEncoding(false);
            table.metadataColumns().forEach(m -> withDictionaryEncoding(m, true));
        }

        @Override
        protected RowWriter self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new RowSupport(table, schema);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return new RowSupport(table, schema);
        }
    }

    private static final class RowSupport extends WriteSupport<Integer> {
        private final ProfileTable table;
        private final MessageType schema;
        private final String[] names;
        private RecordConsumer out;

        RowSupport(ProfileTable table, MessageType schema) {
            this.table = table;
            this.schema = schema;
            this.names = schema.getFields().stream().map(Type::getName).toArray(String[]::new);
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Integer row) {
            String[] meta = table.metadataView(row);
            float[] values = table.featuresView(row);
            out.startMessage();
            for (int i = 0; i < meta.length; i++) {
                if (meta[i] != null && !meta[i].isEmpty()) {
                    out.startField(names[i], i);
                    out.addBinary(Binary.fromString(meta[i]));
                    out.endField(names[i], i);
                }
            }
            for (int k = 0; k < values.length; k++) {
                int i = meta.length + k;
                out.startField(names[i], i);
                out.addFloat(values[k]);
                out.endField(names[i], i);
            }
            out.endMessage();
        }
    }

    private static ParquetReadOptions options() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE)
                .build();
    }

    /** One Parquet file; {@code partitions} are metadata columns (with their value) put in front. */
    private static ProfileTable readFile(Path file, Map<String, String> partitions) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options())) {
            FileMetaData footer = reader.getFooter().getFileMetaData();
            MessageType schema = footer.getSchema();
            List<String> metaNames = new ArrayList<>(partitions.keySet());
            List<String> featureNames = new ArrayList<>();
            List<ColumnDescriptor> metaColumns = new ArrayList<>();
            List<ColumnDescriptor> featureColumns = new ArrayList<>();
            for (int i = 0; i < schema.getFieldCount(); i++) {
                Type field = schema.getType(i);
                if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                    throw new TableError(file + ": column " + field.getName() + " is nested or repeated (" + field
                            + "); a profile table has flat columns");
                }
                ColumnDescriptor d = schema.getColumnDescription(new String[] {field.getName()});
                if (partitions.containsKey(field.getName())) {
                    throw new TableError(file + ": column " + field.getName() + " is also a folder name ("
                            + field.getName() + "=...) above it");
                }
                if (field.getName().startsWith("Metadata_")) {
                    metaNames.add(field.getName());
                    metaColumns.add(d);
                } else {
                    number(file, d);
                    featureNames.add(field.getName());
                    featureColumns.add(d);
                }
            }
            if (featureColumns.isEmpty()) {
                throw new TableError(file + ": no feature columns (every column starts with Metadata_)");
            }
            long count = reader.getRecordCount();
            if (count == 0) {
                throw new TableError(file + ": the table has columns but no rows");
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new TableError(file + ": " + count + " rows, more than a table in memory can hold");
            }
            int n = (int) count;
            int fixed = partitions.size();
            String[][] meta = new String[n][metaNames.size()];
            float[][] values = new float[n][featureNames.size()];
            String[] partitionValues = partitions.values().toArray(new String[0]);
            for (String[] m : meta) {
                System.arraycopy(partitionValues, 0, m, 0, fixed);
            }
            int base = 0;
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                int rows = Math.toIntExact(pages.getRowCount());
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, NO_CONVERTER, schema, footer.getCreatedBy());
                for (int c = 0; c < metaColumns.size(); c++) {
                    ColumnDescriptor d = metaColumns.get(c);
                    Text text = text(d.getPrimitiveType());
                    ColumnReader r = store.getColumnReader(d);
                    for (int i = 0; i < rows; i++) {
                        meta[base + i][fixed + c] = r.getCurrentDefinitionLevel() == d.getMaxDefinitionLevel()
                                ? text.of(r) : "";
                        r.consume();
                    }
                }
                for (int c = 0; c < featureColumns.size(); c++) {
                    ColumnDescriptor d = featureColumns.get(c);
                    Number number = number(file, d);
                    ColumnReader r = store.getColumnReader(d);
                    for (int i = 0; i < rows; i++) {
                        values[base + i][c] = r.getCurrentDefinitionLevel() == d.getMaxDefinitionLevel()
                                ? number.of(r) : Float.NaN;
                        r.consume();
                    }
                }
                base += rows;
            }
            if (base != n) {
                throw new TableError(file + ": the footer says " + n + " rows, the row groups hold " + base);
            }
            ProfileTable t = new ProfileTable(metaNames, featureNames);
            for (int r = 0; r < n; r++) {
                t.append(meta[r], values[r]);
            }
            return t;
        } catch (TableError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable Parquet file (damaged, cut short or not Parquet: "
                    + e.getMessage() + ")", e);
        }
    }

    /** A table this reader refuses, with a message that names the file already. */
    private static final class TableError extends IOException {
        TableError(String message) {
            super(message);
        }
    }

    /** A folder of Parquet files (as Spark writes one) as one table, Hive-style partition folders as columns. */
    private static ProfileTable readDataSet(Path dir) throws IOException {
        List<Path> parts;
        try (Stream<Path> s = Files.walk(dir)) {
            parts = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> visible(dir.relativize(p))).sorted().toList();
        }
        if (parts.isEmpty()) {
            throw new IOException(dir + ": a folder without .parquet files (a Parquet data set holds part files)");
        }
        ProfileTable all = null;
        for (Path part : parts) {
            ProfileTable t = readFile(part, partitions(dir.relativize(part).getParent()));
            if (all == null) {
                all = new ProfileTable(t.metadataColumns(), t.featureColumns());
            } else if (!all.metadataColumns().equals(t.metadataColumns())
                    || !all.featureColumns().equals(t.featureColumns())) {
                throw new IOException(part + ": its columns differ from those of " + parts.get(0) + " in the same "
                        + "data set");
            }
            for (int r = 0; r < t.rows(); r++) {
                all.append(t.metadataView(r), t.featuresView(r));
            }
        }
        return all;
    }

    private static boolean visible(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith("_") || name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** The {@code name=value} folders of a relative path, in order; values are percent-decoded as Spark encodes them. */
    private static Map<String, String> partitions(Path folders) {
        Map<String, String> out = new LinkedHashMap<>();
        if (folders != null) {
            for (Path f : folders) {
                String s = f.toString();
                int eq = s.indexOf('=');
                if (eq > 0) {
                    String value = unescape(s.substring(eq + 1));
                    out.put(unescape(s.substring(0, eq)), value.equals("__HIVE_DEFAULT_PARTITION__") ? "" : value);
                }
            }
        }
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.put((byte) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }

    /** A metadata value as text. */
    private interface Text {
        String of(ColumnReader r);
    }

    /** A feature value as a float. */
    private interface Number {
        float of(ColumnReader r);
    }

    private static Text text(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            int scale = d.getScale();
            return switch (type.getPrimitiveTypeName()) {
                case INT32 -> r -> BigDecimal.valueOf(r.getInteger(), scale).toPlainString();
                case INT64 -> r -> BigDecimal.valueOf(r.getLong(), scale).toPlainString();
                default -> r -> new BigDecimal(new BigInteger(r.getBinary().getBytes()), scale).toPlainString();
            };
        }
        boolean unsigned = logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
        return switch (type.getPrimitiveTypeName()) {
            case BINARY -> r -> r.getBinary().toStringUsingUTF8();
            case FIXED_LEN_BYTE_ARRAY -> logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation
                    ? r -> uuid(r.getBinary().getBytes()) : r -> r.getBinary().toStringUsingUTF8();
            case BOOLEAN -> r -> Boolean.toString(r.getBoolean());
            case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                    ? r -> LocalDate.ofEpochDay(r.getInteger()).toString()
                    : unsigned ? r -> Integer.toUnsignedString(r.getInteger()) : r -> Integer.toString(r.getInteger());
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                    ? r -> instant(r.getLong(), ts.getUnit()).toString()
                    : unsigned ? r -> Long.toUnsignedString(r.getLong()) : r -> Long.toString(r.getLong());
            case INT96 -> r -> int96(r.getBinary().getBytes()).toString();
            case FLOAT -> r -> Float.toString(r.getFloat());
            case DOUBLE -> r -> Double.toString(r.getDouble());
        };
    }

    private static Number number(Path file, ColumnDescriptor d) throws IOException {
        PrimitiveType type = d.getPrimitiveType();
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        double scale = logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation dec
                ? Math.pow(10, -dec.getScale()) : 1;
        return switch (type.getPrimitiveTypeName()) {
            case FLOAT -> ColumnReader::getFloat;
            case DOUBLE -> r -> (float) r.getDouble();
            case INT32 -> scale == 1 ? r -> r.getInteger() : r -> (float) (r.getInteger() * scale);
            case INT64 -> scale == 1 ? r -> r.getLong() : r -> (float) (r.getLong() * scale);
            default -> throw new TableError(file + ": column " + type.getName() + " holds " + type
                    + " values, not numbers (metadata columns must start with Metadata_; features are FLOAT, "
                    + "DOUBLE, INT32 or INT64)");
        };
    }

    private static String uuid(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new UUID(bb.getLong(), bb.getLong()).toString();
    }

    private static Instant instant(long value, LogicalTypeAnnotation.TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
            case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    }

    /** Impala's and Spark's legacy timestamps: nanoseconds of the day, then the Julian day, little-endian. */
    private static Instant int96(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long nanos = bb.getLong();
        long julianDay = bb.getInt();
        return Instant.ofEpochSecond((julianDay - 2_440_588L) * 86_400L).plusNanos(nanos);
    }
}
