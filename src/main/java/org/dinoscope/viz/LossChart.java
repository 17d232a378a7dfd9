package org.dinoscope.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training loss against the step, the same chart for the PNG a run writes and the live panel Fiji
 * shows (which adds points to {@link #series()} as steps finish).
 */
public final class LossChart {
    private final XYSeries series = new XYSeries("DINO loss", false, true);
    private final JFreeChart chart;

    public LossChart(String title) {
        chart = ChartFactory.createXYLineChart(title, "step", "DINO loss", new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, ColourKey.categorical(0));
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(1.5f));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    }

    public XYSeries series() {
        return series;
    }

    public JFreeChart chart() {
        return chart;
    }

    public void add(int step, double loss) {
        series.add(step, loss);
    }

    /** The curve of a training run as a PNG (800 x 450), e.g. the run folder's loss.png. */
    public static void savePng(Path png, String title, int[] steps, double[] losses) throws IOException {
        LossChart chart = new LossChart(title);
        for (int i = 0; i < steps.length; i++) {
            chart.add(steps[i], losses[i]);
        }
        Charts.savePng(chart.chart(), png, 800, 450);
    }
}
