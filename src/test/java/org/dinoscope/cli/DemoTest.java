package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end: sample plates, embedding with the default model, profiles and report. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoWritesProfilesAReportAndAPlotAndFindsMechanisms() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--data",
                dir.resolve("plates").toString(), "--out", dir.resolve("demo").toString());
        assertEquals(0, code, err.toString());
        assertEquals(265, Files.readAllLines(dir.resolve("demo/profiles/fields.csv")).size());
        assertEquals(133, Files.readAllLines(dir.resolve("demo/profiles/wells.csv")).size());
        String report = Files.readString(dir.resolve("demo/report.md"));
        assertTrue(report.contains("Model: **demo (demo-") && report.contains("| NSC |"), report);
        assertTrue(Files.size(dir.resolve("demo/pca.png")) > 10_000);
        assertTrue(Files.size(dir.resolve("demo/similarity.png")) > 10_000);
        assertTrue(report.contains("mean average precision (copairs) over 60 treatments"), report);
        // 10 mechanisms: chance is 0.1; the embedded model must find most mechanisms on these plates
        String line = out.toString().lines().filter(l -> l.startsWith("NSC ")).findFirst().orElseThrow();
        double nsc = Double.parseDouble(line.split(" ")[1]);
        assertTrue(nsc > 0.4, line);

        // a second run reuses the plates and the journal: nothing is painted or embedded again
        StringWriter again = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(again, true), new PrintWriter(new StringWriter(), true), "demo",
                "--data", dir.resolve("plates").toString(), "--out", dir.resolve("demo").toString()));
        assertTrue(again.toString().contains("(reused)"), again.toString());
        assertTrue(again.toString().contains(line), again.toString());
    }
}
