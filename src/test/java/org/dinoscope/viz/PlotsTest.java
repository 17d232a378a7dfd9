package org.dinoscope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.dinoscope.table.ProfileTable;
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
        SimilarityHeatmap h = SimilarityHeatmap.of("t", t.matrix(), moa, moa, ColourKey.of("Metadata_moa", moa),
                Clustering.Method.COMPLETE);
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

    private static Plots.Options options(Plots.Kind kind, String colorBy, boolean dropControls) {
        return new Plots.Options(kind, colorBy, List.of(), List.of(), Profiles.Combine.MEAN, "Metadata_Compound",
                "DMSO", dropControls, 8, 0.1, 3, Clustering.Method.COMPLETE, ChannelAttribution.DEFAULT_PATTERN, 50,
                null);
    }

    /** The legend of a chart that {@link ColourKey#titled} titled, or null. */
    private static org.jfree.chart.title.LegendTitle legend(org.jfree.chart.JFreeChart chart) {
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof org.jfree.chart.title.LegendTitle l) {
                return l;
            }
        }
        return chart.getLegend();
    }

    /** Label to the colour the scatter drew it in. */
    private static java.util.Map<String, java.awt.Paint> seriesColours(Plots.Plot p) {
        org.jfree.chart.plot.XYPlot plot = p.chart().getXYPlot();
        java.util.Map<String, java.awt.Paint> out = new java.util.LinkedHashMap<>();
        for (int s = 0; s < plot.getDataset().getSeriesCount(); s++) {
            out.put((String) plot.getDataset().getSeriesKey(s), plot.getRenderer().getSeriesPaint(s));
        }
        return out;
    }

    @Test
    void aMechanismKeepsItsColourWhetherOrNotTheControlsAreShown() {
        ProfileTable wells = PlantedProfiles.wells(4, 3, 4);
        var shown = seriesColours(Plots.draw(wells, options(Plots.Kind.PCA, "Metadata_moa", false), n -> { }));
        var dropped = seriesColours(Plots.draw(wells, options(Plots.Kind.PCA, "Metadata_moa", true), n -> { }));
        assertTrue(shown.containsKey("DMSO") && !dropped.containsKey("DMSO"), shown + " / " + dropped);
        assertEquals(3, dropped.size());
        for (String moa : dropped.keySet()) {
            assertEquals(shown.get(moa), dropped.get(moa), moa);
        }
        // the heatmap's strips and legend use the same colours
        Plots.Plot heat = Plots.draw(wells, options(Plots.Kind.HEATMAP, "Metadata_moa", true), n -> { });
        org.jfree.chart.LegendItemCollection items = legend(heat.chart()).getSources()[0].getLegendItems();
        assertEquals(3, items.getItemCount(), "the legend lists the mechanisms shown");
        for (int i = 0; i < items.getItemCount(); i++) {
            assertEquals(shown.get(items.get(i).getLabel()), items.get(i).getFillPaint(), items.get(i).getLabel());
        }
    }

    @Test
    void everyLegendSaysWhichColumnItColoursBy() {
        ProfileTable wells = PlantedProfiles.wells(4, 3, 4);
        for (Plots.Kind kind : List.of(Plots.Kind.PCA, Plots.Kind.UMAP, Plots.Kind.HEATMAP)) {
            Plots.Plot p = Plots.draw(wells, options(kind, "Metadata_moa", true), n -> { });
            assertEquals("moa", ColourKey.titleOf(legend(p.chart())), kind.toString());
        }
        Plots.Plot channels = Plots.draw(wells, options(Plots.Kind.CHANNELS, "Metadata_moa", true), n -> { });
        assertEquals("channel", ColourKey.titleOf(legend(channels.chart())));
    }

    /** A row of 24 wells coloured by well: 24 legend entries in 24 different colours. */
    @Test
    void aTwentyFourWellLegendHasTwentyFourColours() {
        ProfileTable planted = PlantedProfiles.wells(4, 3, 4);
        List<String> wellNames = ColourKeyTest.wells("O", 24);
        ProfileTable row = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Compound"),
                planted.featureColumns());
        for (int r = 0; r < 24; r++) {
            row.addRow(List.of("P1", wellNames.get(r), "c" + r), planted.matrix()[r]);
        }
        Plots.Plot p = Plots.draw(row, options(Plots.Kind.PCA, "Metadata_Well", false), n -> { });
        org.jfree.chart.LegendItemCollection items = legend(p.chart()).getSources()[0].getLegendItems();
        assertEquals(24, items.getItemCount());
        java.util.Set<java.awt.Paint> colours = new java.util.HashSet<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            colours.add(items.get(i).getFillPaint());
        }
        assertEquals(24, colours.size(), "every well its own colour");
        assertEquals("Well", ColourKey.titleOf(legend(p.chart())));
    }

    /** Concentration is ordered: a colour bar titled with the column instead of a box of categories. */
    @Test
    void anOrderedColumnIsDrawnWithAColourBar() {
        Plots.Plot p = Plots.draw(PlantedProfiles.wells(4, 3, 4), options(Plots.Kind.PCA, "Metadata_Concentration",
                false), n -> { });
        org.jfree.chart.title.PaintScaleLegend bar = null;
        for (int i = 0; i < p.chart().getSubtitleCount(); i++) {
            assertFalse(p.chart().getSubtitle(i) instanceof org.jfree.chart.title.LegendTitle, "no category legend");
            if (p.chart().getSubtitle(i) instanceof org.jfree.chart.title.PaintScaleLegend b) {
                bar = b;
            }
        }
        assertNotNull(bar);
        assertEquals("Concentration", bar.getAxis().getLabel());
        assertEquals(0, bar.getScale().getLowerBound());
        assertEquals(3, bar.getScale().getUpperBound());
        var colours = seriesColours(p);
        assertEquals(List.of("0", "1", "3"), List.copyOf(colours.keySet()), "series in dose order");
        assertEquals(bar.getScale().getPaint(1), colours.get("1"));
    }

    /**
     * Four wells far from the rest (each other's nearest neighbours) form a second component of the UMAP neighbour
     * graph; they are not drawn, and the message names them by plate and well.
     */
    @Test
    void aProfileUmapCannotPlaceIsNamedByPlateAndWell() {
        ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_moa"),
                List.of("f0", "f1", "f2", "f3", "f4", "f5"));
        for (int r = 0; r < 24; r++) {
            // two arcs in planes at right angles: each profile's neighbours are the next ones along its own arc
            boolean far = r >= 20;
            double angle = Math.toRadians(2 * (far ? r - 20 : r));
            float[] v = new float[6];
            v[far ? 4 : 0] = (float) Math.cos(angle);
            v[far ? 5 : 1] = (float) Math.sin(angle);
            t.addRow(List.of(r < 12 ? "P1" : "P2", String.format("B%02d", r + 1), far ? "odd" : "main"), v);
        }
        Plots.Options o = new Plots.Options(Plots.Kind.UMAP, "Metadata_moa", List.of(), List.of(),
                Profiles.Combine.MEAN, "Metadata_Compound", "DMSO", false, 3, 0.1, 3, Clustering.Method.COMPLETE,
                ChannelAttribution.DEFAULT_PATTERN, 10, null);
        List<String> notes = new ArrayList<>();
        Plots.Plot p = Plots.draw(t, o, notes::add);
        String note = notes.stream().filter(n -> n.startsWith("UMAP:")).findFirst()
                .orElseThrow(() -> new AssertionError(notes));
        assertTrue(note.endsWith("not drawn: Plate P2 Well B21; Plate P2 Well B22; Plate P2 Well B23; "
                + "Plate P2 Well B24"), note);
        assertTrue(note.startsWith("UMAP: 4 profile(s)"), note);
        assertEquals(20, p.chart().getXYPlot().getDataset().getItemCount(0), "the others are drawn");
    }

    @Test
    void rowsAreNamedByTheAggregateByColumnsOrTheirMetadata() {
        ProfileTable wells = PlantedProfiles.wells(4, 3, 4);
        assertEquals("Plate P1 Well A02", Plots.identify(wells, List.of(1), List.of()));
        assertEquals("Compound dnaish-a Concentration 3", Plots.identify(wells, List.of(1),
                List.of("Metadata_Compound", "Metadata_Concentration")));
        List<Integer> many = new ArrayList<>();
        for (int r = 0; r < 25; r++) {
            many.add(r);
        }
        assertTrue(Plots.identify(wells, many, List.of()).endsWith("; and 5 more"));
        ProfileTable anonymous = new ProfileTable(List.of(), List.of("f"));
        anonymous.addRow(List.of(), new float[] {1});
        assertEquals("profile 1 of 1", Plots.identify(anonymous, List.of(0), List.of()));
    }

    private static double[] pixel(org.jfree.chart.plot.XYPlot plot, java.awt.geom.Rectangle2D area, float[] xy) {
        return new double[] {plot.getDomainAxis().valueToJava2D(xy[0], area, plot.getDomainAxisEdge()),
            plot.getRangeAxis().valueToJava2D(xy[1], area, plot.getRangeAxisEdge())};
    }
}
