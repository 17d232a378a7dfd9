package org.dinoscope.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import smile.base.cart.SplitRule;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/**
 * Which channels carry the signal of each class (uniDINO, Morelli et al. 2025, Fig. 2d): for every class a
 * one-vs-rest random forest (Smile; Gini importance) is trained on the profiles, and the importances of its features are summed per channel and normalised to sum 1. The channel
 * of a feature is group 1 of a pattern over its name ({@code DNA_17} is channel {@code DNA} under the
 * default pattern, the table contract's {@code <channel>_<k>}); features that do not match are "other".
 */
public final class ChannelAttribution {
    /** Our feature names: the channel, an underscore, the feature index. */
    public static final String DEFAULT_PATTERN = "^(.+)_\\d+$";

    /** Per class: the share of importance of each channel, and the forest's out-of-bag accuracy. */
    public record Result(List<String> channels, Map<String, double[]> shares, Map<String, Double> oobAccuracy) {
    }

    private ChannelAttribution() {
    }

    /** The channel of each feature name (group 1 of {@code pattern}, or "other"). */
    public static List<String> channelsOf(List<String> features, String pattern) {
        Pattern p = Pattern.compile(pattern);
        List<String> out = new ArrayList<>();
        for (String f : features) {
            Matcher m = p.matcher(f);
            out.add(m.find() && m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "other");
        }
        return out;
    }

    /**
     * @param rows   profiles
     * @param labels class of each row
     * @param trees  trees per forest
     */
    public static Result compute(float[][] rows, List<String> labels, List<String> featureChannels, int trees,
                                 long seed, Consumer<String> progress) {
        List<String> channels = new ArrayList<>(featureChannels.stream().distinct().filter(c -> !c.equals("other")).toList());
        if (featureChannels.contains("other")) {
            channels.add("other"); // unmatched features last
        }
        List<String> classes = labels.stream().distinct().sorted().toList();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("channel attribution needs at least 2 classes, found " + classes);
        }
        int n = rows.length;
        int d = rows[0].length;
        String[] names = new String[d];
        for (int k = 0; k < d; k++) {
            names[k] = "f" + k; // Smile's formula parser wants plain identifiers
        }
        DataFrame x = DataFrame.of(rows, names);
        Map<String, double[]> shares = new LinkedHashMap<>();
        Map<String, Double> oob = new LinkedHashMap<>();
        int c = 0;
        for (String cls : classes) {
            progress.accept("random forest " + (++c) + "/" + classes.size() + ": " + cls + " vs rest");
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels.get(i).equals(cls) ? 1 : 0;
            }
            DataFrame data = x.merge(IntVector.of("y", y));
            long base = seed * 1_000_003L + c;
            RandomForest rf = RandomForest.fit(Formula.lhs("y"), data, trees, (int) Math.max(1, Math.floor(Math.sqrt(d))),
                    SplitRule.GINI, 20, Math.max(8, n / 5), 1, 1.0, null,
                    LongStream.range(0, trees).map(t -> base * 7919 + t));
            double[] imp = rf.importance();
            double[] share = new double[channels.size()];
            double total = 0;
            for (int k = 0; k < d; k++) {
                share[channels.indexOf(featureChannels.get(k))] += imp[k];
                total += imp[k];
            }
            for (int ch = 0; ch < share.length; ch++) {
                share[ch] = total > 0 ? share[ch] / total : 0;
            }
            shares.put(cls, share);
            oob.put(cls, rf.metrics().accuracy);
        }
        return new Result(channels, shares, oob);
    }

    /** Stacked bars: one bar per class, the channels' shares stacked. */
    public static JFreeChart chart(String title, Result r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, double[]> e : r.shares().entrySet()) {
            for (int ch = 0; ch < r.channels().size(); ch++) {
                data.addValue(e.getValue()[ch], r.channels().get(ch), e.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, "share of random-forest importance", data,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.getRangeAxis().setRange(0, 1);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        ColourKey key = ColourKey.categorical("channel", r.channels());
        for (int ch = 0; ch < r.channels().size(); ch++) {
            renderer.setSeriesPaint(ch, key.colour(r.channels().get(ch)));
        }
        ColourKey.titled(chart.getLegend(), key.title());
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
