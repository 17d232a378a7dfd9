package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.event.MouseEvent;
import java.util.List;

import javax.swing.JToolTip;

import org.dinoscope.eval.Clustering;
import org.dinoscope.profile.Profiles;
import org.dinoscope.testutil.PlantedProfiles;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Plots;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The profile map's tooltips stay inside the window, headless: placement, text, and a panel drawn off screen. */
class ProfileMapPanelTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void aTooltipGoesWhereItFitsInsideThePanel() {
        Dimension panel = new Dimension(1000, 760);
        Dimension tip = new Dimension(200, 120);
        assertEquals(new Point(112, 112), ProfileMapPanel.inside(new Point(100, 100), tip, panel), "below right");
        assertEquals(new Point(938 - 200, 112), ProfileMapPanel.inside(new Point(950, 100), tip, panel),
                "left of a pointer near the right edge");
        assertEquals(new Point(112, 738 - 120), ProfileMapPanel.inside(new Point(100, 750), tip, panel),
                "above a pointer near the bottom edge");
        assertEquals(new Point(0, 0), ProfileMapPanel.inside(new Point(5, 5), new Dimension(1200, 900), panel),
                "a tooltip larger than the panel starts at its corner");
        assertEquals(new Point(688, 0), ProfileMapPanel.inside(new Point(900, 60), tip, new Dimension(1000, 150)),
                "neither below nor above fits: kept inside, against the top");
    }

    @Test
    void theTooltipListsTheMetadataOneColumnALineEscaped() {
        assertEquals("<html>moa: a&lt;b &amp; c<br>Well: A01</html>",
                ProfileMapPanel.html(List.of("moa: a<b & c", "Well: A01")));
    }

    /** The panel drawn off screen: the tooltip of a point at the right edge is left of it, inside the panel. */
    @Test
    void thePointAtTheRightEdgeHasItsTooltipInsideThePanel() {
        Plots.Options o = new Plots.Options(Plots.Kind.PCA, "Metadata_moa", List.of(), List.of(),
                Profiles.Combine.MEAN, "Metadata_Compound", "DMSO", false, 8, 0.1, 3, Clustering.Method.COMPLETE,
                ChannelAttribution.DEFAULT_PATTERN, 10, null);
        Plots.Plot p = Plots.draw(PlantedProfiles.wells(4, 3, 4), o, n -> { });
        ProfileMapPanel panel = new ProfileMapPanel(p);
        panel.setSize(800, 600);
        panel.doLayout();
        BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        panel.paint(img.createGraphics());
        Rectangle2D area = panel.getChartRenderingInfo().getPlotInfo().getDataArea();
        XYPlot plot = p.chart().getXYPlot();
        int rightmost = 0;
        for (int r = 1; r < p.rows().rows(); r++) {
            if (p.numbers().features(r)[0] > p.numbers().features(rightmost)[0]) {
                rightmost = r;
            }
        }
        float[] xy = p.numbers().features(rightmost);
        int x = (int) Math.round(plot.getDomainAxis().valueToJava2D(xy[0], area, plot.getDomainAxisEdge()));
        int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(xy[1], area, plot.getRangeAxisEdge()));
        MouseEvent at = new MouseEvent(panel, MouseEvent.MOUSE_MOVED, 0, 0, x, y, 0, false);
        String text = panel.getToolTipText(at);
        assertNotNull(text, "a tooltip on the point at " + x + "," + y);
        assertTrue(text.startsWith("<html>Plate: ") && text.contains("<br>moa: "), text);
        JToolTip tip = panel.createToolTip();
        tip.setTipText(text);
        Dimension size = tip.getPreferredSize();
        Point where = panel.getToolTipLocation(at);
        assertTrue(x + 12 + size.width > 800, "this tooltip would run past the edge beside the pointer");
        assertTrue(where.x >= 0 && where.x + size.width <= 800 && where.y >= 0 && where.y + size.height <= 600,
                where + " " + size);
        MouseEvent away = new MouseEvent(panel, MouseEvent.MOUSE_MOVED, 0, 0, 2, 2, 0, false);
        assertNull(panel.getToolTipText(away));
        assertNull(panel.getToolTipLocation(away));
    }
}
