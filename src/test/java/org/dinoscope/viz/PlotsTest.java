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

    /**
     * The cell under a pixel of the rendered heatmap is the cell drawn there: away from cell edges the pixel has
     * the colour of that cell's similarity (an inverted or shifted mapping would name a cell of another colour);
     * the label strips, axes and margins are no cell.
     */
    @Test
    void theCellUnderAPixelOfTheHeatmapIsTheOneDrawnThere() {
        Plots.Plot p = Plots.draw(PlantedProfiles.wells(8, 4, 2), options(Plots.Kind.HEATMAP), n -> { });
        SimilarityHeatmap h = p.heatmap();
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        BufferedImage img = p.chart().createBufferedImage(900, 800, info);
        org.jfree.chart.plot.XYPlot plot = p.chart().getXYPlot();
        org.jfree.chart.renderer.PaintScale scale = ((org.jfree.chart.renderer.xy.XYBlockRenderer) plot.getRenderer(0))
                .getPaintScale();
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        int checked = 0;
        java.util.Set<Integer> rowsSeen = new java.util.HashSet<>();
        for (int y = (int) area.getMinY(); y < area.getMaxY(); y += 3) {
            for (int x = (int) area.getMinX(); x < area.getMaxX(); x += 3) {
                double col = plot.getDomainAxis().java2DToValue(x + 0.5, area, plot.getDomainAxisEdge());
                double row = plot.getRangeAxis().java2DToValue(y + 0.5, area, plot.getRangeAxisEdge());
                int[] cell = h.cellAt(info, x + 0.5, y + 0.5);
                if (col < -0.5 || row < -0.5) {
                    assertEquals(null, cell, "the label strips and the margin are no cell");
                    continue;
                }
                assertNotNull(cell, x + "," + y);
                if (Math.abs(col - Math.round(col)) > 0.3 || Math.abs(row - Math.round(row)) > 0.3) {
                    continue; // near a cell edge
                }
                java.awt.Color drawn = new java.awt.Color(img.getRGB(x, y));
                assertEquals(scale.getPaint(h.similarityAt(cell[0], cell[1])), drawn, "cell " + cell[0] + "," + cell[1]);
                rowsSeen.add(cell[0]);
                checked++;
            }
        }
        assertTrue(checked > 500 && rowsSeen.size() == h.size(), checked + " pixels, rows " + rowsSeen);
        assertEquals(null, h.cellAt(info, 1, 1), "the corner of the image");
    }

    @Test
    void thePointUnderThePointerIsItsTableRow() {
        Plots.Plot p = Plots.draw(PlantedProfiles.wells(4, 3, 4), options(Plots.Kind.PCA), n -> { });
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        p.chart().createBufferedImage(1000, 800, info);
        org.jfree.chart.plot.XYPlot plot = p.chart().getXYPlot();
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        int found = 0;
        for (int r = 0; r < p.rows().rows(); r++) {
            double[] xy = pixel(plot, area, p.numbers().features(r));
            int row = p.scatter().rowAt(info.getEntityCollection().getEntity(xy[0], xy[1]));
            assertTrue(row >= 0, "a point at row " + r + "'s coordinates");
            // points may overlap: the one found is drawn where row r is
            double[] there = pixel(plot, area, p.numbers().features(row));
            assertTrue(Math.hypot(there[0] - xy[0], there[1] - xy[1]) < 8, r + " -> " + row);
            found += row == r ? 1 : 0;
        }
        assertTrue(found >= p.rows().rows() - 2, found + " of " + p.rows().rows());
        assertEquals(-1, p.scatter().rowAt(info.getEntityCollection().getEntity(area.getMinX() - 30, area.getMaxY() + 30)));
        assertEquals(-1, p.scatter().rowAt(null));
    }

    private static double[] pixel(org.jfree.chart.plot.XYPlot plot, java.awt.geom.Rectangle2D area, float[] xy) {
        return new double[] {plot.getDomainAxis().valueToJava2D(xy[0], area, plot.getDomainAxisEdge()),
            plot.getRangeAxis().valueToJava2D(xy[1], area, plot.getRangeAxisEdge())};
    }
}
