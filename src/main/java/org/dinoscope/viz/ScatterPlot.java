package org.dinoscope.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A 2-D scatter of profiles coloured by a label, with a titled legend (or a colour bar for an ordered column) and
 * a tooltip per point (JFreeChart). The
 * chart remembers which table row each point is, so an interactive host (the Fiji profile map) can say
 * what was hovered or clicked.
 */
public final class ScatterPlot {
    private final JFreeChart chart;
    private final List<List<Integer>> rowsBySeries;

    private ScatterPlot(JFreeChart chart, List<List<Integer>> rowsBySeries) {
        this.chart = chart;
        this.rowsBySeries = rowsBySeries;
    }

    /**
     * @param xy       coordinates per row; a row whose coordinates are null is not drawn
     * @param labels   the colour label of each row; series follow the key's order
     * @param key      the colour of each label, assigned from every value of the table (controls included)
     * @param describe the tooltip of a row (null for none)
     */
    public static ScatterPlot of(String title, String xLabel, String yLabel, double[][] xy, List<String> labels,
                                 ColourKey key, IntFunction<String> describe) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (String label : key.order(labels)) {
            series.put(label, new XYSeries(label, false, true));
            rows.put(label, new ArrayList<>());
        }
        for (int i = 0; i < xy.length; i++) {
            if (xy[i] == null) {
                continue;
            }
            series.get(labels.get(i)).add(xy[i][0], xy[i][1]);
            rows.get(labels.get(i)).add(i);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        List<List<Integer>> rowsBySeries = new ArrayList<>(rows.values());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, key.colour((String) data.getSeriesKey(s)));
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesOutlineStroke(s, new BasicStroke(0.5f));
        }
        if (describe != null) {
            renderer.setDefaultToolTipGenerator((dataset, s, item) -> describe.apply(rowsBySeries.get(s).get(item)));
        }
        NumberAxis x = new NumberAxis(xLabel);
        NumberAxis y = new NumberAxis(yLabel);
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(key.legend(series.keySet(), RectangleEdge.RIGHT));
        chart.setBackgroundPaint(Color.WHITE);
        return new ScatterPlot(chart, rowsBySeries);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** The table row drawn as item {@code item} of series {@code series}. */
    public int row(int series, int item) {
        return rowsBySeries.get(series).get(item);
    }

    /**
     * The table row of a point the chart drew, given the entity under the mouse (ChartPanel's hover or click,
     * or a ChartRenderingInfo's entity collection); -1 when the entity is not a point of this plot.
     */
    public int rowAt(ChartEntity entity) {
        if (entity instanceof XYItemEntity item && item.getDataset() == chart.getXYPlot().getDataset()) {
            return row(item.getSeriesIndex(), item.getItem());
        }
        return -1;
    }

    public void save(Path png, int width, int height) throws IOException {
        Charts.savePng(chart, png, width, height);
    }
}
