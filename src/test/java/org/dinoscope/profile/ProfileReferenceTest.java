package org.dinoscope.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.dinoscope.table.ProfileTable;

/**
 * Every normalisation step against the numpy/scikit-learn reference written by
 * scripts/reference/make_profile_fixtures.py on small seeded tables (src/test/resources/profiles). Values
 * are compared within 1e-5 relative to the column's scale (tables hold float32; the reference computes in
 * float64 from the same float32 inputs, so agreement is at float32 rounding).
 */
class ProfileReferenceTest {
    private static final Path DIR = Path.of("src/test/resources/profiles");
    private static final double TOL = 1e-5;

    static ProfileTable input(String name) throws IOException {
        return ProfileTable.read(DIR.resolve(name));
    }

    static boolean[] dmso(ProfileTable t) {
        boolean[] m = new boolean[t.rows()];
        for (int r = 0; r < m.length; r++) {
            m[r] = t.metadata(r, "Metadata_Compound").equals("DMSO");
        }
        return m;
    }

    /** Same metadata, same feature names in the same order, values within TOL of the column's scale. */
    static void assertSameTable(String expectedFile, ProfileTable actual) throws IOException {
        ProfileTable expected = ProfileTable.read(DIR.resolve(expectedFile));
        assertEquals(expected.metadataColumns(), actual.metadataColumns(), expectedFile);
        assertEquals(expected.featureColumns(), actual.featureColumns(), expectedFile);
        assertEquals(expected.rows(), actual.rows(), expectedFile);
        for (int r = 0; r < expected.rows(); r++) {
            assertEquals(List.of(expected.metadataRow(r)), List.of(actual.metadataRow(r)), expectedFile + " row " + r);
        }
        for (int k = 0; k < expected.featureColumns().size(); k++) {
            double scale = 0;
            for (int r = 0; r < expected.rows(); r++) {
                scale = Math.max(scale, Math.abs(expected.features(r)[k]));
            }
            for (int r = 0; r < expected.rows(); r++) {
                assertEquals(expected.features(r)[k], actual.features(r)[k], TOL * Math.max(1, scale),
                        expectedFile + ": " + expected.featureColumns().get(k) + " row " + r);
            }
        }
    }

    @Test
    void madRobustizePerPlateOnControlsAndOnAllRows() throws IOException {
        ProfileTable t = input("norm_input.csv");
        List<String> notes = new ArrayList<>();
        assertSameTable("mad_robustize_controls.csv",
                new MadRobustize("Metadata_Plate", 1e-18).apply(t, dmso(t), dmso(t), notes::add));
        // 'const' and 'lowvar' have zero MAD in the fit rows: dropped and reported, never divided by epsilon
        assertTrue(notes.get(0).contains("dropped 2 feature(s)") && notes.get(0).contains("const"), notes.toString());
        assertSameTable("mad_robustize_all.csv",
                new MadRobustize("Metadata_Plate", 1e-18).apply(t, Columns.all(t.rows()), dmso(t), notes::add));
    }

    @Test
    void standardizePerPlateOnControls() throws IOException {
        ProfileTable t = input("norm_input.csv");
        assertSameTable("standardize_controls.csv", new Standardize("Metadata_Plate").apply(t, dmso(t), dmso(t), n -> { }));
    }

    @Test
    void spherizeAllFourWhiteningsOnTheControls() throws IOException {
        ProfileTable t = input("sphere_input.csv");
        for (String m : List.of("zca", "pca", "zca-cor", "pca-cor")) {
            assertSameTable("spherize_" + m + ".csv",
                    new Spherize(Whitening.parse(m), 1e-6).apply(t, dmso(t), dmso(t), n -> { }));
        }
    }

    @Test
    void spherizeWithFewerFitRowsThanFeatures() throws IOException {
        ProfileTable t = input("sphere_input.csv");
        boolean[] few = new boolean[t.rows()];
        int taken = 0;
        for (int r = 0; r < t.rows() && taken < 4; r++) {
            if (t.metadata(r, "Metadata_Plate").equals("P1") && t.metadata(r, "Metadata_Compound").equals("DMSO")) {
                few[r] = true;
                taken++;
            }
        }
        List<String> notes = new ArrayList<>();
        ProfileTable pca = new Spherize(Whitening.PCA, 1e-6).apply(t, few, dmso(t), notes::add);
        assertEquals(List.of("PC1", "PC2", "PC3"), pca.featureColumns(), "4 centred rows span 3 dimensions");
        assertSameTable("spherize_pca_lowrank.csv", pca);
        assertTrue(notes.get(0).contains("span 3 of 5"), notes.toString());
        assertSameTable("spherize_zca_lowrank.csv", new Spherize(Whitening.ZCA, 1e-6).apply(t, few, dmso(t), n -> { }));
    }

    @Test
    void tvnWithAndWithoutBatchAlignment() throws IOException {
        ProfileTable t = input("sphere_input.csv");
        assertSameTable("tvn.csv", new Tvn(null, 1e-6).apply(t, dmso(t), dmso(t), n -> { }));
        assertSameTable("tvn_batch.csv", new Tvn("Metadata_Batch", 1e-6).apply(t, dmso(t), dmso(t), n -> { }));
    }

    @Test
    void varianceFilterDropsConstantAndLowVarianceFeatures() throws IOException {
        ProfileTable t = input("norm_input.csv");
        List<String> notes = new ArrayList<>();
        assertSameTable("variance_filter.csv", new VarianceFilter(1e-5).apply(t, dmso(t), dmso(t), notes::add));
        assertTrue(notes.get(0).startsWith("variance_filter: dropped 2 feature(s)"), notes.toString());
    }

    @Test
    void aggregateByTreatmentMeanAndMedianKeepingConstantMetadata() throws IOException {
        ProfileTable t = input("norm_input.csv");
        List<String> by = List.of("Metadata_Compound", "Metadata_Concentration");
        assertSameTable("aggregate_mean.csv", Profiles.aggregate(t, by, Profiles.Combine.MEAN, true));
        assertSameTable("aggregate_median.csv", Profiles.aggregate(t, by, Profiles.Combine.MEDIAN, true));
    }

    @Test
    void pipelineRunsStepsInOrderAsTheCommandDoes() throws IOException {
        ProfileTable t = input("norm_input.csv");
        ProfilePipeline p = ProfilePipeline.defaults().withSteps(List.of("variance_filter", "aggregate"))
                .withAggregation(List.of("Metadata_Compound", "Metadata_Concentration"), Profiles.Combine.MEAN);
        List<String> notes = new ArrayList<>();
        ProfileTable out = p.run(t, notes::add);
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), out.featureColumns());
        // the metadata that aggregation leaves out is named, not dropped without a word
        assertTrue(notes.contains("aggregate: left out Metadata_Plate, Metadata_Well, Metadata_Batch (values differ "
                + "within some group of Metadata_Compound, Metadata_Concentration)"), notes.toString());
        ProfileTable mean = ProfileTable.read(DIR.resolve("aggregate_mean.csv"));
        for (int r = 0; r < out.rows(); r++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(mean.features(r)[k], out.features(r)[k], 1e-5);
            }
        }
    }
}
