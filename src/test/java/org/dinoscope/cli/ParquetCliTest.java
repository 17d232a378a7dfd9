package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.table.ProfileTable;
import org.dinoscope.testutil.PlantedProfiles;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that writes or reads profile tables does the same with Parquet as with CSV. */
class ParquetCliTest {
    @TempDir
    Path dir;

    static void assertSameTable(ProfileTable expected, ProfileTable actual) {
        assertEquals(expected.metadataColumns(), actual.metadataColumns());
        assertEquals(expected.featureColumns(), actual.featureColumns());
        assertEquals(expected.rows(), actual.rows());
        for (int r = 0; r < expected.rows(); r++) {
            assertArrayEquals(expected.metadataRow(r), actual.metadataRow(r), "row " + r);
            assertArrayEquals(expected.features(r), actual.features(r), "row " + r);
        }
    }

    @Test
    void embedWritesFieldsAndWellsAsParquetEqualToCsvWithSidecars() throws IOException {
        for (int w = 1; w <= 2; w++) {
            for (int s = 1; s <= 2; s++) {
                TestImages.tiff16(dir.resolve("plate").resolve(String.format("P1_B%02d_s%d_w1.tif", w, s)), 224, 224,
                        1, 10 * w + s);
            }
        }
        for (String format : List.of("csv", "parquet")) {
            CliTest.Result r = CliTest.run("embed", "--layout", dir.resolve("plate").toString(), "--pattern",
                    "imagexpress", "--channel-map", "1=DNA", "--model", "random", "--format", format, "--out",
                    dir.resolve(format).toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("field profiles: " + dir.resolve(format).resolve("fields." + format)), r.out());
        }
        for (String table : List.of("fields", "wells")) {
            Path parquet = dir.resolve("parquet").resolve(table + ".parquet");
            assertEquals("PAR1", new String(Files.readAllBytes(parquet), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertSameTable(ProfileTable.read(dir.resolve("csv").resolve(table + ".csv")), ProfileTable.read(parquet));
            JsonObject sidecar = JsonParser.parseString(Files.readString(Path.of(parquet + ".json"))).getAsJsonObject();
            assertEquals("random", sidecar.get("preset").getAsString());
        }
        assertEquals(4, ProfileTable.read(dir.resolve("parquet/fields.parquet")).rows());
        assertTrue(Files.exists(dir.resolve("parquet/failures.csv")));
    }

    @Test
    void embedOfAnImageListWritesTheFormatItsOutputNameSays() throws IOException {
        Path a = TestImages.tiff16(dir.resolve("a.tif"), 224, 224, 1, 1);
        CliTest.Result r = CliTest.run("embed", "--image", a.toString(), "--model", "random", "--out",
                dir.resolve("list.parquet").toString());
        assertEquals(0, r.code(), r.err());
        CliTest.run("embed", "--image", a.toString(), "--model", "random", "--out", dir.resolve("list.csv").toString());
        assertSameTable(ProfileTable.read(dir.resolve("list.csv")), ProfileTable.read(dir.resolve("list.parquet")));
        assertTrue(Files.exists(dir.resolve("list.parquet.json")));
        CliTest.Result clash = CliTest.run("embed", "--image", a.toString(), "--model", "random", "--format", "csv",
                "--out", dir.resolve("x.parquet").toString());
        assertEquals(1, clash.code());
        assertTrue(clash.err().contains("--format csv asks for a name ending in .csv"), clash.err());
    }

    @Test
    void profileEvaluateAndPlotReadParquetAsTheyReadCsv() throws IOException {
        Path csv = dir.resolve("wells.csv");
        Path parquet = dir.resolve("wells.parquet");
        ProfileTable wells = PlantedProfiles.wells(6, 3, 9);
        wells.write(csv);
        wells.write(parquet);
        List<String> steps = List.of("--step", "mad_robustize", "--step", "aggregate", "--aggregate-by",
                "Metadata_Compound,Metadata_Concentration");
        List<String> toParquet = new ArrayList<>(List.of("profile", "--in", parquet.toString(), "--out",
                dir.resolve("treatments.parquet").toString()));
        toParquet.addAll(steps);
        List<String> toCsv = new ArrayList<>(List.of("profile", "--in", csv.toString(), "--out",
                dir.resolve("treatments.csv").toString()));
        toCsv.addAll(steps);
        assertEquals(0, CliTest.run(toParquet.toArray(String[]::new)).code());
        assertEquals(0, CliTest.run(toCsv.toArray(String[]::new)).code());
        assertTrue(Files.exists(dir.resolve("treatments.parquet.json")));
        assertSameTable(ProfileTable.read(dir.resolve("treatments.csv")),
                ProfileTable.read(dir.resolve("treatments.parquet")));

        List<JsonObject> reports = new ArrayList<>();
        for (Path in : List.of(csv, parquet)) {
            Path report = dir.resolve(in.getFileName() + ".report.json");
            CliTest.Result r = CliTest.run("evaluate", "--profiles", in.toString(), "--out", report.toString(),
                    "--aggregate-by", "Metadata_Compound,Metadata_Concentration", "--null-size", "200");
            assertEquals(0, r.code(), r.err());
            JsonObject j = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
            j.remove("input");
            j.remove("date");
            reports.add(j);
        }
        assertEquals(reports.get(0).get("nsc"), reports.get(1).get("nsc"));
        assertEquals(reports.get(0).get("map"), reports.get(1).get("map"));

        Path png = dir.resolve("pca.png");
        CliTest.Result plot = CliTest.run("plot", "pca", "--profiles", parquet.toString(), "--out", png.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.size(png) > 1000);
    }
}
