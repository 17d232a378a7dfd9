package org.dinoscope.viz;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.BlockContainer;
import org.jfree.chart.block.BorderArrangement;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleEdge;

/**
 * The colour of every value of the column a plot is coloured by, and the legend that says so: the one place
 * that colours plots, for the CLI's PNGs and Fiji's windows alike.
 * <ul>
 * <li>A column of names (mechanism, compound, well) is <b>categorical</b>: the values are sorted and the k-th gets
 * the k-th colour of {@link #PALETTE}, 32 colours no two of which look alike (CIELAB distance at least 15), then
 * further distinct colours. Colours are assigned from every value of the table, before controls are left out or
 * rows aggregated, so a mechanism keeps its colour whether or not DMSO is shown.</li>
 * <li>A column of at least three different numbers (dose, concentration, plate column or row, site) is
 * <b>ordered</b>: a continuous viridis scale from its smallest to its largest value with a colour bar; on a log10
 * scale when no value is negative and the positive ones span a factor of 100 or more (a dilution series; 0, the
 * untreated controls' dose, is then grey).</li>
 * </ul>
 */
public final class ColourKey {
    /**
     * Matplotlib's tab10, tab20's light shades, seven of tab20b's colours and five more, chosen so that the
     * CIELAB distance between any two is at least 15 (tab10's blue and tab20b's periwinkle are the closest pair).
     */
    private static final Color[] PALETTE = {
        rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728), rgb(0x9467bd), rgb(0x8c564b), rgb(0xe377c2),
        rgb(0x7f7f7f), rgb(0xbcbd22), rgb(0x17becf), rgb(0xaec7e8), rgb(0xffbb78), rgb(0x98df8a), rgb(0xff9896),
        rgb(0xc5b0d5), rgb(0xc49c94), rgb(0xf7b6d2), rgb(0xc7c7c7), rgb(0xdbdb8d), rgb(0x9edae5), rgb(0x393b79),
        rgb(0x637939), rgb(0x8c6d31), rgb(0x7b4173), rgb(0x000000), rgb(0x6b6ecf), rgb(0xb5cf6b), rgb(0xe7ba52),
        rgb(0xff1493), rgb(0x1b9e77), rgb(0x005f5f), rgb(0x00441b)};

    /** viridis at 0, 1/8, ..., 1 (matplotlib), interpolated linearly in between. */
    private static final Color[] VIRIDIS = {
        rgb(0x440154), rgb(0x472d7b), rgb(0x3b528b), rgb(0x2c728e), rgb(0x21908c), rgb(0x27ad81), rgb(0x5dc863),
        rgb(0xaadc32), rgb(0xfde725)};

    private static final Font LEGEND_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);

    private final String column;
    private final List<String> categories; // sorted; empty when continuous
    private final Map<String, Integer> index = new HashMap<>();
    private final PaintScale scale;
    private final boolean log;
    private final boolean zeros;

    private ColourKey(String column, List<String> categories, PaintScale scale, boolean log, boolean zeros) {
        this.column = column;
        this.categories = categories;
        this.scale = scale;
        this.log = log;
        this.zeros = zeros;
        for (String c : categories) {
            index.put(c, index.size());
        }
    }

    private static Color rgb(int hex) {
        return new Color(hex);
    }

    /** The i-th categorical colour: the palette's, then colours of hues a golden angle apart (never repeating). */
    public static Color categorical(int i) {
        if (i < PALETTE.length) {
            return PALETTE[i];
        }
        int k = i - PALETTE.length;
        float hue = (float) ((k * 0.381966) % 1.0);
        float[] saturation = {0.85f, 0.55f, 0.95f};
        float[] brightness = {0.75f, 0.95f, 0.5f};
        int shade = (k / 3) % 3; // hues repeat only after their shade has changed
        return Color.getHSBColor(hue, saturation[(k + shade) % 3], brightness[(k / 9 + shade) % 3]);
    }

    /**
     * The key of a column from every value it holds in the table (controls included): ordered when the values are
     * at least three different numbers, else categorical.
     */
    public static ColourKey of(String column, Collection<String> values) {
        TreeSet<Double> numbers = new TreeSet<>();
        for (String v : values) {
            Double d = number(v);
            if (d == null) {
                return categorical(column, values);
            }
            numbers.add(d);
        }
        if (numbers.size() < 3) {
            return categorical(column, values);
        }
        double lo = numbers.first();
        double hi = numbers.last();
        Double lowestPositive = numbers.higher(0.0);
        boolean log = lo >= 0 && lowestPositive != null && hi / lowestPositive >= 100;
        return new ColourKey(column, List.of(), log ? new Viridis(Math.log10(lowestPositive), Math.log10(hi))
                : new Viridis(lo, hi), log, log && lo == 0);
    }

    /** viridis from {@code lower} to {@code upper}, as ordered columns are coloured; beyond, the end colours. */
    public static PaintScale viridis(double lower, double upper) {
        return new Viridis(lower, upper);
    }

    /** A key that treats every value as a name, whatever it looks like. */
    public static ColourKey categorical(String column, Collection<String> values) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(values));
        return new ColourKey(column, sorted, new Categories(sorted.size()), false, false);
    }

    private static Double number(String v) {
        try {
            double d = Double.parseDouble(v.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The column's name as a legend shows it: without the {@code Metadata_} prefix. */
    public String title() {
        String t = column.startsWith("Metadata_") ? column.substring("Metadata_".length()) : column;
        return log ? t + " (log10" + (zeros ? "; 0 in grey)" : ")") : t;
    }

    public String column() {
        return column;
    }

    /** Whether the column is ordered and coloured by a continuous scale. */
    public boolean continuous() {
        return categories.isEmpty();
    }

    /** Every category in colour order (sorted); empty for an ordered column. */
    public List<String> categories() {
        return categories;
    }

    /**
     * The number a value is drawn with on {@link #scale()}: a category's index, or the value itself (its log10 on
     * a log scale). Fails naming a value that the key was not made from.
     */
    public double code(String value) {
        if (!continuous()) {
            Integer i = index.get(value);
            if (i == null) {
                throw new IllegalArgumentException("'" + value + "' is not a value of " + column + " the colours "
                        + "were assigned from");
            }
            return i;
        }
        Double d = number(value);
        if (d == null) {
            throw new IllegalArgumentException("'" + value + "' in " + column + " is not a number");
        }
        return !log ? d : d > 0 ? Math.log10(d) : Double.NaN; // 0 (untreated) has no log: grey
    }

    /** The colour of a value. */
    public Color colour(String value) {
        return (Color) scale.getPaint(code(value));
    }

    /** Codes to colours, for renderers that colour cells by a code (the heatmap's strips). */
    public PaintScale scale() {
        return scale;
    }

    /** The values in drawing order: categories sorted as named, numbers by size. */
    public List<String> order(Collection<String> values) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        distinct.sort((a, b) -> Double.compare(code(a), code(b)));
        return distinct;
    }

    /**
     * The legend, titled with the column: for categories a box of the categories shown (in key order, each in its
     * own colour), for an ordered column a colour bar over the whole range.
     */
    public Title legend(Collection<String> shown, RectangleEdge position) {
        if (continuous()) {
            return colourBar(scale, title(), position);
        }
        List<String> items = order(shown);
        LegendTitle legend = new LegendTitle(() -> {
            LegendItemCollection c = new LegendItemCollection();
            for (String v : items) {
                c.add(new LegendItem(v, colour(v)));
            }
            return c;
        });
        titled(legend, title());
        legend.setPosition(position);
        return legend;
    }

    /** A colour bar of a scale from its lower to its upper bound, its axis titled and ticked at a round step. */
    public static PaintScaleLegend colourBar(PaintScale scale, String title, RectangleEdge position) {
        NumberAxis axis = new NumberAxis(title);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setAutoRangeIncludesZero(false);
        double span = scale.getUpperBound() - scale.getLowerBound();
        if (span > 0) {
            double step = SimilarityHeatmap.niceStep(span / 8);
            axis.setTickUnit(new NumberTickUnit(step, tickFormat(step)));
        }
        PaintScaleLegend bar = new PaintScaleLegend(scale, axis);
        bar.setPosition(position);
        bar.setMargin(4, 4, 40, 4);
        bar.setStripWidth(14);
        bar.setSubdivisionCount(256);
        return bar;
    }

    /**
     * Tick labels with as many decimals as the step needs (a step of 0.0002 shows 0.0012, not 0.001), in scientific
     * notation for steps below 0.0001.
     */
    static NumberFormat tickFormat(double step) {
        DecimalFormatSymbols en = DecimalFormatSymbols.getInstance(Locale.ROOT);
        if (step < 1e-4) {
            return new DecimalFormat("0.##E0", en);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return new DecimalFormat(decimals == 0 ? "0" : "0." + "#".repeat(decimals), en);
    }

    /** Puts a title above a legend's items (JFreeChart's legends have none of their own). */
    public static LegendTitle titled(LegendTitle legend, String title) {
        BlockContainer wrapper = new BlockContainer(new BorderArrangement());
        TextTitle label = new TextTitle(title, LEGEND_TITLE_FONT);
        label.setPadding(2, 4, 2, 4);
        wrapper.add(label, RectangleEdge.TOP);
        wrapper.add(legend.getItemContainer());
        legend.setWrapper(wrapper);
        legend.setFrame(BlockBorder.NONE);
        return legend;
    }

    /** The title a legend was given by {@link #titled}, or null. */
    public static String titleOf(LegendTitle legend) {
        if (legend.getWrapper() == null) {
            return null;
        }
        for (Object b : legend.getWrapper().getBlocks()) {
            if (b instanceof TextTitle t) {
                return t.getText();
            }
        }
        return null;
    }

    /** Category index to the categorical colours. */
    private record Categories(int size) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return Math.max(1, size - 1);
        }

        @Override
        public Paint getPaint(double v) {
            return categorical((int) Math.round(v));
        }
    }

    /** Where a log scale puts 0, the untreated controls' dose: off the scale. */
    private static final Color OFF_SCALE = new Color(160, 160, 160);

    /**
     * viridis from {@code lower} (dark purple) to {@code upper} (yellow); values beyond take the end colour, NaN (0
     * on a log scale) is grey.
     */
    private record Viridis(double lower, double upper) implements PaintScale {
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
            if (Double.isNaN(v)) {
                return OFF_SCALE;
            }
            double t = upper > lower ? (v - lower) / (upper - lower) : 0;
            t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
            int i = Math.min((int) Math.floor(t), VIRIDIS.length - 2);
            double f = t - i;
            return mix(VIRIDIS[i], VIRIDIS[i + 1], f);
        }
    }

    /** The colour a fraction {@code f} of the way from {@code a} to {@code b}, channel by channel, rounded. */
    static Color mix(Color a, Color b, double f) {
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s colours of %s", continuous() ? "continuous" : "categorical", column);
    }
}
