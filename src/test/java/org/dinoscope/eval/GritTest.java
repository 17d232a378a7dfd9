package org.dinoscope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.dinoscope.table.ProfileTable;
import org.junit.jupiter.api.Test;

/**
 * Grit against scikit-learn (scripts/fixtures/make_grit_fixture.py writes the table and the expected values), and
 * its place in the report, the metrics table and the console through the runner.
 */
class GritTest {
    private static final Path DIR = Path.of("src/test/resources/eval");

    private static Evaluation.Result evaluate(Evaluation.Options o) throws IOException {
        List<String> notes = new ArrayList<>();
        return Evaluation.run(ProfileTable.read(DIR.resolve("grit.csv")), o.withNull(100, 0), notes::add);
    }

    @Test
    void gritOfEachCompoundMatchesScikitLearn() throws IOException {
        Evaluation.Result r = evaluate(Evaluation.Options.defaults());
        JsonObject grit = r.report().getAsJsonObject("grit");
        List<String> expected = Files.readAllLines(DIR.resolve("grit_expected.csv"));
        List<JsonElement> groups = grit.getAsJsonArray("groups").asList();
        assertEquals(expected.size() - 2, groups.size(), grit.toString()); // header and mean; c4 has no replicate
        for (int i = 0; i < groups.size(); i++) {
            String[] x = expected.get(i + 1).split(",");
            JsonObject g = groups.get(i).getAsJsonObject();
            assertEquals(x[0], g.get("Metadata_Compound").getAsString());
            assertEquals(Double.parseDouble(x[1]), g.get("grit").getAsDouble(), 1e-9, x[0]);
            assertEquals(Integer.parseInt(x[2]), g.get("queries").getAsInt(), x[0]);
        }
        String[] mean = expected.get(expected.size() - 1).split(",");
        assertEquals(Double.parseDouble(mean[1]), grit.get("grit").getAsDouble(), 1e-9);
        assertEquals(6, grit.get("controls").getAsInt());
        MetricRow row = r.metrics().stream().filter(m -> m.metric().equals("grit")).findFirst().orElseThrow();
        assertEquals(Double.parseDouble(mean[1]), row.value(), 1e-9);
        assertEquals(mean[2], row.n());
        assertTrue(r.table().lines().anyMatch(l -> l.startsWith("grit ")), r.table());
    }

    @Test
    void withoutControlsGritIsSkippedWithItsReason() throws IOException {
        Evaluation.Result r = evaluate(Evaluation.Options.defaults().withControl("").withMapNegatives("others"));
        assertFalse(r.report().has("grit"));
        assertTrue(r.skipped().get("grit").contains("control rows"), r.skipped().toString());
        assertTrue(r.table().contains("grit") && r.table().contains("skipped"), r.table());
    }
}
