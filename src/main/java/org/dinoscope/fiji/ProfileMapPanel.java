package org.dinoscope.fiji;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.event.MouseEvent;
import java.util.List;

import javax.swing.JToolTip;

import org.dinoscope.viz.Plots;
import org.jfree.chart.ChartPanel;

/**
 * The profile map's chart panel: a point's tooltip lists its metadata one column a line (a single line of every
 * column ran past the window), and is placed beside the pointer on whichever side keeps it inside the panel, so
 * the window never clips it.
 */
final class ProfileMapPanel extends ChartPanel {
    /** Pixels between the pointer and the tooltip. */
    private static final int GAP = 12;

    private final Plots.Plot plot;

    ProfileMapPanel(Plots.Plot plot) {
        super(plot.chart(), 1000, 760, 300, 200, 2400, 1600, true, true, true, true, true, true);
        this.plot = plot;
    }

    /** The metadata of the point under the pointer, one column a line; null away from points. */
    @Override
    public String getToolTipText(MouseEvent e) {
        if (getChartRenderingInfo() == null || getChartRenderingInfo().getEntityCollection() == null) {
            return null;
        }
        int row = plot.scatter().rowAt(getEntityForPoint(e.getX(), e.getY()));
        return row < 0 ? null : html(Plots.describeLines(plot.rows(), row));
    }

    @Override
    public Point getToolTipLocation(MouseEvent e) {
        String text = getToolTipText(e);
        if (text == null) {
            return null;
        }
        JToolTip tip = createToolTip();
        tip.setTipText(text);
        return inside(e.getPoint(), tip.getPreferredSize(), getSize());
    }

    /**
     * Where a tooltip of size {@code tip} goes for a pointer at {@code pointer} in a panel of size {@code panel}:
     * below and right of the pointer, else left of it and above it where it would run past the right or bottom
     * edge, and never beyond the top-left corner (a tooltip larger than the panel starts at its corner).
     */
    static Point inside(Point pointer, Dimension tip, Dimension panel) {
        int x = pointer.x + GAP;
        if (x + tip.width > panel.width) {
            x = pointer.x - GAP - tip.width;
        }
        int y = pointer.y + GAP;
        if (y + tip.height > panel.height) {
            y = pointer.y - GAP - tip.height;
        }
        x = Math.max(0, Math.min(x, panel.width - tip.width));
        y = Math.max(0, Math.min(y, panel.height - tip.height));
        return new Point(x, y);
    }

    /** Lines as Swing's HTML tooltip text, the values escaped. */
    static String html(List<String> lines) {
        StringBuilder sb = new StringBuilder("<html>");
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i > 0 ? "<br>" : "").append(lines.get(i).replace("&", "&amp;").replace("<", "&lt;")
                    .replace(">", "&gt;"));
        }
        return sb.append("</html>").toString();
    }
}
