package org.dinoscope.table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.dinoscope.OutputFiles;
import org.dinoscope.profile.Profiles;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The benchmark of scripts/bench/parquet_libraries.sh: one JVM that does what {@code profile --step aggregate
 * --aggregate-by Metadata_Plate,Metadata_Well} does (read a field table, average the fields of each well, write the
 * well table) with the Parquet of one library, so that the script can time a whole run of each:
 * <pre>
 *   TableLibraryBench make OUT_PREFIX PLATES FIELDS FEATURES   (writes OUT_PREFIX.csv and OUT_PREFIX.parquet)
 *   TableLibraryBench convert IN.csv OUT.parquet
 *   TableLibraryBench parquet-java IN.parquet OUT.parquet
 *   TableLibraryBench duckdb IN.parquet OUT.parquet
 * </pre>
 * It prints the milliseconds of each phase. The duckdb run has DuckDB's JDBC driver on its class path instead of
 * parquet-java's jars (the script builds both class paths).
 */
public final class TableLibraryBench {
    private TableLibraryBench() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args[0].equals("make")) {
            make(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args[0].equals("convert")) {
            ProfileTable.read(Path.of(args[1])).write(Path.of(args[2]));
            return;
        }
        boolean duck = args[0].equals("duckdb");
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        ProfileTable fields = duck ? DuckDb.read(in) : ProfileTable.read(in);
        long read = System.nanoTime();
        ProfileTable wells = Profiles.aggregate(fields, List.of("Metadata_Plate", "Metadata_Well"),
                Profiles.Combine.MEAN, true);
        long aggregated = System.nanoTime();
        if (duck) {
            DuckDb.write(wells, out);
        } else {
            wells.write(out);
        }
        long written = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s: %d x %d -> %d rows; read %.0f ms, aggregate %.0f ms, write %.0f ms%n",
                args[0], fields.rows(), fields.featureColumns().size(), wells.rows(), (read - start) / 1e6,
                (aggregated - read) / 1e6, (written - aggregated) / 1e6);
    }

    /** A field table of PLATES x 384 wells x FIELDS sites with FEATURES Gaussian features, as CSV and Parquet. */
    private static void make(String prefix, int plates, int fieldsPerWell, int features) throws Exception {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < features; k++) {
            names.add(List.of("DNA", "ER", "RNA", "AGP", "Mito").get(k * 5 / features) + "_" + k);
        }
        ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Site",
                "Metadata_Compound"), names);
        SplittableRandom rng = new SplittableRandom(1);
        for (int p = 0; p < plates; p++) {
            for (int w = 0; w < 384; w++) {
                String well = (char) ('A' + w / 24) + String.format(Locale.ROOT, "%02d", w % 24 + 1);
                for (int s = 1; s <= fieldsPerWell; s++) {
                    float[] v = new float[features];
                    for (int k = 0; k < features; k++) {
                        v[k] = (float) (rng.nextDouble() * 2 - 1);
                    }
                    t.addRow(List.of("BR" + (1000 + p), well, String.valueOf(s), w % 24 < 2 ? "DMSO" : "C" + w), v);
                }
            }
        }
        t.write(Path.of(prefix + ".csv"));
        t.write(Path.of(prefix + ".parquet"));
    }

    /** The same table reading and writing with DuckDB's JDBC driver (read_parquet, an appender and COPY ... TO). */
    static final class DuckDb {
        static ProfileTable read(Path file) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                ResultSetMetaData md = r.getMetaData();
                List<String> meta = new ArrayList<>();
                List<String> features = new ArrayList<>();
                List<Integer> metaAt = new ArrayList<>();
                List<Integer> featureAt = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    boolean m = md.getColumnName(i).startsWith("Metadata_");
                    (m ? meta : features).add(md.getColumnName(i));
                    (m ? metaAt : featureAt).add(i);
                }
                ProfileTable t = new ProfileTable(meta, features);
                while (r.next()) {
                    String[] mv = new String[meta.size()];
                    for (int i = 0; i < mv.length; i++) {
                        String v = r.getString(metaAt.get(i));
                        mv[i] = v == null ? "" : v;
                    }
                    float[] fv = new float[features.size()];
                    for (int i = 0; i < fv.length; i++) {
                        fv[i] = r.getFloat(featureAt.get(i));
                    }
                    t.append(mv, fv);
                }
                return t;
            }
        }

        static void write(ProfileTable t, Path file) throws Exception {
            OutputFiles.write(file, tmp -> {
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                    StringBuilder ddl = new StringBuilder("CREATE TABLE t (");
                    for (String m : t.metadataColumns()) {
                        ddl.append('"').append(m).append("\" VARCHAR, ");
                    }
                    for (String f : t.featureColumns()) {
                        ddl.append('"').append(f).append("\" FLOAT NOT NULL, ");
                    }
                    s.execute(ddl.substring(0, ddl.length() - 2) + ")");
                    try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
                        for (int r = 0; r < t.rows(); r++) {
                            a.beginRow();
                            for (String m : t.metadataView(r)) {
                                a.append(m.isEmpty() ? null : m);
                            }
                            for (float v : t.featuresView(r)) {
                                a.append(v);
                            }
                            a.endRow();
                        }
                    }
                    Files.delete(tmp);
                    s.execute("COPY t TO '" + tmp + "' (FORMAT parquet, COMPRESSION snappy)");
                } catch (java.sql.SQLException e) {
                    throw new java.io.IOException(file + ": " + e.getMessage(), e);
                }
            });
        }
    }
}
