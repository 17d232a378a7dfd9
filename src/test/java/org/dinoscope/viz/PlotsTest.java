package org.dinoscope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import javax.imageio.ImageIO;

import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Cosine;
import org.dinoscope.profile.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.testutil.PlantedProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    private static Plots.Options options(Plots.Kind kind) {
        return new Plots.Options(kind, "Metadata_moa", List.of(), List.of(), Profiles.Combine.MEAN, "Metadata_Compound",
                "DMSO", true, 8, 0.1, 3, Clustering.Method.COMPLETE, ChannelAttribution.DEFAULT_PATTERN, 200, null);
    }

    /** Share of rows whose nearest other row (Euclidean, in the layout) has the same label. */
    private static double neighbourPurity(double[][] xy, List<String> labels) {
        int same = 0;
        int n = 0;
        for (int i = 0; i < xy.length; i++) {
            if (xy[i] == null) {
                continue;
            }
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < xy.length; j++) {
                if (j != i && xy[j] != null) {
                    double d = Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
                    if (d < bd) {
                        bd = d;
                        best = j;
                    }
                }
            }
            same += labels.get(best).equals(labels.get(i)) ? 1 : 0;
            n++;
        }
        return same / (double) n;
    }

    @Test
    void umapKeepsPlantedMechanismsApart() {
        ProfileTable t = Plots.prepare(PlantedProfiles.wells(8, 4, 1), options(Plots.Kind.UMAP), n -> { });
        Umap.Layout u = Umap.of(t.matrix(), 8, 0.1, 3);
        assertTrue(u.leftOut().isEmpty(), u.leftOut().toString());
        assertTrue(neighbourPurity(u.xy(), t.column("Metadata_moa")) >= 0.9);
        // and on pure noise the same measure is near chance: the test is not trivially satisfied
        ProfileTable noise = Plots.prepare(PlantedProfiles.wells(8, 0, 1), options(Plots.Kind.UMAP), n -> { });
        assertTrue(neighbourPurity(Umap.of(noise.matrix(), 8, 0.1, 3).xy(), noise.column("Metadata_moa")) < 0.7);
    }

    @Test
    void heatmapOrdersMechanismsIntoContiguousBlocks() {
        ProfileTable t = Plots.prepare(PlantedProfiles.wells(8, 4, 2), options(Plots.Kind.HEATMAP), n -> { });
        List<String> moa = t.column("Metadata_moa");
        SimilarityHeatmap h = SimilarityHeatmap.of("t", t.matrix(), moa, moa, Clustering.Method.COMPLETE);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            String m = moa.get(h.rowAt(i));
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(m)) {
                seen.add(m);
            }
        }
        assertEquals(3, seen.size(), "each mechanism one block along the diagonal: " + seen);
        LinkedHashSet<Integer> order = new LinkedHashSet<>();
        for (int i = 0; i < h.size(); i++) {
            order.add(h.rowAt(i));
        }
        assertEquals(t.rows(), order.size(), "the order is a permutation of the rows");
        Cosine c = new Cosine(t.matrix());
        assertEquals(c.similarity(h.rowAt(3), h.rowAt(7)), h.similarityAt(3, 7), 1e-12);
    }

    @Test
    void channelAttributionFindsTheChannelThatCarriesEachMechanism() {
        ProfileTable t = Plots.prepare(PlantedProfiles.wells(6, 3, 3), options(Plots.Kind.CHANNELS), n -> { });
        List<String> channels = ChannelAttribution.channelsOf(t.featureColumns(), ChannelAttribution.DEFAULT_PATTERN);
        ChannelAttribution.Result r = ChannelAttribution.compute(t.matrix(), t.column("Metadata_moa"), channels, 200, 5,
                n -> { });
        assertEquals(PlantedProfiles.CHANNELS, r.channels());
        for (int m = 0; m < PlantedProfiles.MOAS.size(); m++) {
            double[] share = r.shares().get(PlantedProfiles.MOAS.get(m));
            for (int ch = 0; ch < share.length; ch++) {
                if (ch != m) {
                    assertTrue(share[m] > share[ch] + 0.2, PlantedProfiles.MOAS.get(m) + " " + java.util.Arrays.toString(share));
                }
            }
            assertEquals(1.0, java.util.Arrays.stream(share).sum(), 1e-9);
        }
        assertEquals(List.of("DNA", "other"), ChannelAttribution.channelsOf(List.of("DNA_12", "Cells_Area"),
                ChannelAttribution.DEFAULT_PATTERN));
    }

    @Test
    void everyKindRendersAPngAndItsNumbers() throws IOException {
        ProfileTable wells = PlantedProfiles.wells(4, 3, 4);
        for (Plots.Kind kind : Plots.Kind.values()) {
            List<String> notes = new ArrayList<>();
            Plots.Plot p = Plots.draw(wells, options(kind), notes::add);
            Path png = dir.resolve(kind + ".png");
            Charts.savePng(p.chart(), png, 640, 480);
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, kind.toString());
            assertEquals(640, img.getWidth());
            assertEquals(24, p.rows().rows(), "DMSO rows left out: " + notes);
            switch (kind) {
                case UMAP, PCA -> {
                    assertEquals(24, p.numbers().rows());
                    assertEquals(2, p.numbers().featureColumns().size());
                    assertTrue(p.scatter().row(0, 0) >= 0);
                }
                case HEATMAP -> assertEquals(24, p.numbers().featureColumns().size());
                case CHANNELS -> assertEquals(List.of("DNA", "RNA", "AGP"), p.numbers().featureColumns());
                default -> throw new AssertionError(kind);
            }
        }
    }

    @Test
    void aNamedColumnThatIsMissingFailsNamingIt() {
        Plots.Options o = new Plots.Options(Plots.Kind.PCA, "Metadata_Nope", List.of(), List.of(), Profiles.Combine.MEAN,
                "Metadata_Compound", "DMSO", false, 8, 0.1, 3, Clustering.Method.COMPLETE,
                ChannelAttribution.DEFAULT_PATTERN, 10, null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Plots.draw(PlantedProfiles.wells(4, 3, 4), o, n -> { }));
        assertTrue(e.getMessage().contains("Metadata_Nope") && e.getMessage().contains("Metadata_moa"), e.getMessage());
    }
}
