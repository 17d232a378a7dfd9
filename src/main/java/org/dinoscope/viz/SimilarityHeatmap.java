package org.dinoscope.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Cosine;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The cosine similarity of every pair of profiles, rows and columns ordered by a hierarchical clustering
 * (complete linkage by default) so that groups show as blocks on the diagonal; a strip along each axis
 * colours the rows by a label, and the axes carry the rows' names (every k-th when there are many).
 */
public final class SimilarityHeatmap {
    /** Above this many rows only every k-th name is written on the axes. */
    private static final int MAX_TICK_LABELS = 120;

    private final int[] order;
    private final double[][] similarity;
    private final JFreeChart chart;

    private SimilarityHeatmap(int[] order, double[][] similarity, JFreeChart chart) {
        this.order = order;
        this.similarity = similarity;
        this.chart = chart;
    }

    /**
     * @param names  the name of each row, written on the axes
     * @param labels the colour label of each row (e.g. the mechanism of action)
     * @param key    the colour of each label, assigned from every value of the table (controls included)
     */
    public static SimilarityHeatmap of(String title, float[][] rows, List<String> names, List<String> labels,
                                       ColourKey key, Clustering.Method linkage) {
        Cosine cos = new Cosine(rows);
        int n = rows.length;
        int[] order = Clustering.leafOrder(Clustering.fit(cos, linkage));
        double[][] sim = new double[n][n];
        double[][] cells = new double[3][n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                sim[a][b] = cos.similarity(order[a], order[b]);
                int c = a * n + b;
                cells[0][c] = b;
                cells[1][c] = a;
                cells[2][c] = sim[a][b];
            }
        }
        DefaultXYZDataset matrix = new DefaultXYZDataset();
        matrix.addSeries("similarity", cells);
        XYBlockRenderer block = new XYBlockRenderer();
        PaintScale scale = Diverging.over(sim);
        block.setPaintScale(scale);

        double[][] strip = new double[3][2 * n];
        for (int a = 0; a < n; a++) {
            double code = key.code(labels.get(order[a]));
            strip[0][a] = -1.5;
            strip[1][a] = a;
            strip[2][a] = code;
            strip[0][n + a] = a;
            strip[1][n + a] = -1.5;
            strip[2][n + a] = code;
        }
        DefaultXYZDataset stripData = new DefaultXYZDataset();
        stripData.addSeries("label", strip);
        XYBlockRenderer stripRenderer = new XYBlockRenderer();
        stripRenderer.setPaintScale(key.scale());

        String[] ticks = new String[n];
        int every = (n + MAX_TICK_LABELS - 1) / MAX_TICK_LABELS;
        for (int a = 0; a < n; a++) {
            ticks[a] = a % every == 0 ? names.get(order[a]) : "";
        }
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, n > 60 ? 8 : 10);
        SymbolAxis x = new SymbolAxis(null, ticks);
        x.setVerticalTickLabels(true);
        x.setTickLabelFont(tickFont);
        x.setGridBandsVisible(false);
        x.setRange(-2, n - 0.5);
        SymbolAxis y = new SymbolAxis(null, ticks);
        y.setTickLabelFont(tickFont);
        y.setGridBandsVisible(false);
        y.setInverted(true);
        y.setRange(-2, n - 0.5);

        XYPlot plot = new XYPlot(matrix, x, y, block);
        plot.setDataset(1, stripData);
        plot.setRenderer(1, stripRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);

        PaintScaleLegend legend = ColourKey.colourBar(scale, "cosine similarity", RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        Title classes = key.legend(labels, RectangleEdge.BOTTOM);
        chart.addSubtitle(classes);
        return new SimilarityHeatmap(order, sim, chart);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** The table row shown at position {@code i} along each axis. */
    public int rowAt(int i) {
        return order[i];
    }

    /** Similarity of the rows shown at positions a and b. */
    public double similarityAt(int a, int b) {
        return similarity[a][b];
    }

    public int size() {
        return order.length;
    }

    /**
     * The matrix cell under a point of the chart as last drawn with {@code info}, in Java2D coordinates (the
     * pixels of an image the chart was rendered into at full size): {row position, column position}, i.e. the
     * arguments of {@link #similarityAt}, or null outside the matrix (margins, label strips, axes, legend).
     */
    public int[] cellAt(ChartRenderingInfo info, double x, double y) {
        Rectangle2D area = info.getPlotInfo().getDataArea();
        if (!area.contains(x, y)) {
            return null;
        }
        XYPlot plot = chart.getXYPlot();
        // each cell is a unit block centred on its position; the y axis is inverted (row 0 at the top)
        long b = Math.round(plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge()));
        long a = Math.round(plot.getRangeAxis().java2DToValue(y, area, plot.getRangeAxisEdge()));
        int n = order.length;
        return a >= 0 && a < n && b >= 0 && b < n ? new int[] {(int) a, (int) b} : null;
    }

    /**
     * Blue through white (0) to red, as the usual correlation maps, over the range of the off-diagonal
     * similarities: symmetric around 0 when some are negative (normalised profiles), from the smallest to
     * the largest when all are positive (raw embeddings, whose similarities are all close to 1), so that the
     * structure is visible either way.
     */
    private record Diverging(double lower, double upper) implements PaintScale {
        static Diverging over(double[][] sim) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < sim.length; a++) {
                for (int b = 0; b < sim.length; b++) {
                    if (a != b) {
                        lo = Math.min(lo, sim[a][b]);
                        hi = Math.max(hi, sim[a][b]);
                    }
                }
            }
            if (!(hi > lo)) {
                return new Diverging(-1, 1);
            }
            if (lo >= 0) {
                return new Diverging(lo, hi);
            }
            double m = Math.max(-lo, Math.abs(hi));
            return new Diverging(-m, m);
        }

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double v) {
            double t;
            if (lower >= 0) {
                t = (v - lower) / (upper - lower); // white to red
            } else {
                t = v / upper; // -1 blue, 0 white, +1 red
            }
            t = Math.max(-1, Math.min(1, t));
            Color end = t < 0 ? new Color(33, 102, 172) : new Color(178, 24, 43);
            return ColourKey.mix(Color.WHITE, end, Math.abs(t));
        }
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code x}. */
    static double niceStep(double x) {
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= x * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
