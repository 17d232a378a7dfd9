package org.dinoscope.viz;

import java.awt.Dimension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.dinoscope.eval.Clustering;
import org.dinoscope.profile.FiniteValues;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.jfree.chart.JFreeChart;

/**
 * The plots of a profile table, one way for the CLI ({@code dinoscope plot}) and Fiji: the table is
 * optionally aggregated and stripped of its control rows, then drawn as a UMAP or PCA scatter coloured by a
 * column, a clustered similarity heatmap, or per-class channel attribution. Each plot also gives the numbers
 * behind it as a table (coordinates, the ordered similarity matrix, importance shares).
 */
public final class Plots {
    /** What can be drawn. */
    public enum Kind {
        UMAP, PCA, HEATMAP, CHANNELS;

        public static Kind parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown plot '" + s + "' (umap, pca, heatmap, channels)");
            }
        }
    }

    /**
     * @param colorBy        column that colours points, heatmap strips and defines the channel-attribution classes
     * @param labelBy        columns whose values name the heatmap's rows (empty: the aggregate-by columns, else the row number)
     * @param aggregateBy    aggregate first by these columns (empty: no aggregation)
     * @param controlColumn  column of the control value
     * @param control        rows with this value are left out when {@code dropControls}
     */
    public record Options(Kind kind, String colorBy, List<String> labelBy, List<String> aggregateBy,
                          Profiles.Combine combine, String controlColumn, String control, boolean dropControls,
                          int neighbours, double minDist, long seed, Clustering.Method linkage, String channelPattern,
                          int trees, String title) {
    }

    /** A drawn plot: the chart, the rows it shows, and the numbers behind it. */
    public record Plot(JFreeChart chart, ProfileTable rows, ProfileTable numbers, ScatterPlot scatter,
                       SimilarityHeatmap heatmap) {
    }

    private Plots() {
    }

    /**
     * The column a plot is coloured by: the one given, else Metadata_moa when the table has it, else its first
     * metadata column; fails when the table has none.
     */
    public static String colorBy(String given, ProfileTable t) {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        if (t.metadataColumns().isEmpty()) {
            throw new IllegalArgumentException("no metadata column to colour by");
        }
        return t.hasColumn("Metadata_moa") ? "Metadata_moa" : t.metadataColumns().get(0);
    }

    /**
     * The size of the image a plot is drawn into: the given one, except that a heatmap is square and grows to
     * leave room for one row of names per profile, plus its colour scale on the right.
     */
    public static Dimension imageSize(Plot p, int width, int height) {
        if (p.heatmap() == null) {
            return new Dimension(width, height);
        }
        int side = Math.max(Math.max(width, height), Math.min(4000, 300 + 11 * p.rows().rows()));
        return new Dimension(side + 150, side);
    }

    /** The table a plot shows: finite values required, aggregated and without controls as asked. */
    public static ProfileTable prepare(ProfileTable t, Options o, Consumer<String> notes) {
        FiniteValues.requireFinite(t, "plot");
        if (o.aggregateBy() != null && !o.aggregateBy().isEmpty()) {
            t = Profiles.aggregate(t, o.aggregateBy(), o.combine(), true);
            notes.accept("aggregated to " + t.rows() + " profiles by " + String.join(", ", o.aggregateBy()));
        }
        if (o.dropControls() && o.control() != null && !o.control().isEmpty() && t.hasColumn(o.controlColumn())) {
            List<Integer> keep = new ArrayList<>();
            List<String> c = t.column(o.controlColumn());
            for (int r = 0; r < t.rows(); r++) {
                if (!c.get(r).equals(o.control())) {
                    keep.add(r);
                }
            }
            notes.accept("left out " + (t.rows() - keep.size()) + " control row(s) (" + o.controlColumn() + " = "
                    + o.control() + ")");
            t = t.select(keep);
        }
        if (t.rows() < 2) {
            throw new IllegalArgumentException("nothing to plot: " + t.rows() + " profile(s) left");
        }
        return t;
    }

    /**
     * Most rows a similarity heatmap draws: at 3000 the clustering holds 4.5 million pairs and a row is about one
     * pixel of the largest image; beyond, the map takes minutes and shows nothing a reader can find.
     */
    public static final int MAX_HEATMAP_ROWS = 3000;

    public static Plot draw(ProfileTable input, Options o, Consumer<String> notes) {
        ProfileTable t = prepare(input, o, notes);
        List<String> colour = t.column(o.colorBy()); // fails naming the column and the ones there are
        ColourKey key = colourKey(input, t, o.colorBy());
        String title = o.title() != null && !o.title().isBlank() ? o.title() : null;
        return switch (o.kind()) {
            case UMAP -> {
                Umap.Layout u = Umap.of(t.matrix(), o.neighbours(), o.minDist(), o.seed());
                if (!u.leftOut().isEmpty()) {
                    notes.accept("UMAP: " + u.leftOut().size() + " profile(s) outside the largest connected component of "
                            + "the neighbour graph are not drawn: " + identify(t, u.leftOut(), o.aggregateBy()));
                }
                yield scatter(t, u.xy(), "UMAP 1", "UMAP 2", title != null ? title
                        : "UMAP of " + t.rows() + " profiles (cosine, " + o.neighbours() + " neighbours)", colour, key);
            }
            case PCA -> {
                double[][] xy = Pca.project(t.matrix(), 2);
                yield scatter(t, xy, "PC 1", "PC 2", title != null ? title : "PCA of " + t.rows() + " profiles",
                        colour, key);
            }
            case HEATMAP -> {
                if (t.rows() > MAX_HEATMAP_ROWS) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "a heatmap of %d profiles: the "
                            + "clustered similarity map is limited to %d rows (clustering, the image and the numbers "
                            + "grow with the square of the rows); aggregate first (--aggregate-by, Fiji: aggregate_by, "
                            + "e.g. Metadata_Compound,Metadata_Concentration) or drop the controls", t.rows(),
                            MAX_HEATMAP_ROWS));
                }
                List<String> names = names(t, o);
                SimilarityHeatmap h = SimilarityHeatmap.of(title != null ? title : "Cosine similarity, "
                        + o.linkage().name().toLowerCase(Locale.ROOT) + " linkage (colour: " + o.colorBy() + ")",
                        t.matrix(), names, colour, key, o.linkage());
                List<String> ordered = new ArrayList<>();
                for (int i = 0; i < h.size(); i++) {
                    ordered.add(names.get(h.rowAt(i)));
                }
                ProfileTable numbers = new ProfileTable(List.of("Metadata_Name", "Metadata_" + strip(o.colorBy())),
                        ordered.stream().map(s -> s.replace(',', ' ')).toList());
                for (int a = 0; a < h.size(); a++) {
                    float[] row = new float[h.size()];
                    for (int b = 0; b < h.size(); b++) {
                        row[b] = (float) h.similarityAt(a, b);
                    }
                    numbers.addRow(List.of(ordered.get(a), colour.get(h.rowAt(a))), row);
                }
                yield new Plot(h.chart(), t, numbers, null, h);
            }
            case CHANNELS -> {
                List<String> channels = ChannelAttribution.channelsOf(t.featureColumns(), o.channelPattern());
                ChannelAttribution.Result r = ChannelAttribution.compute(t.matrix(), colour, channels, o.trees(),
                        o.seed(), notes);
                JFreeChart chart = ChannelAttribution.chart(title != null ? title
                        : "Channel attribution per " + strip(o.colorBy()) + " (one-vs-rest random forests)", r);
                ProfileTable numbers = new ProfileTable(List.of("Metadata_" + strip(o.colorBy()),
                        "Metadata_OOB_Accuracy"), r.channels());
                for (String cls : r.shares().keySet()) {
                    numbers.addRow(List.of(cls, String.format(Locale.ROOT, "%.4f", r.oobAccuracy().get(cls))),
                            toFloat(r.shares().get(cls)));
                }
                yield new Plot(chart, t, numbers, null, null);
            }
        };
    }

    /**
     * The colours of the column a plot is coloured by, assigned from every value it holds in the input table, before
     * controls are left out or rows aggregated: a category keeps its colour whether or not the controls are shown.
     */
    static ColourKey colourKey(ProfileTable input, ProfileTable shown, String column) {
        Set<String> values = new LinkedHashSet<>(shown.column(column));
        if (input.hasColumn(column)) {
            values.addAll(input.column(column));
        }
        return ColourKey.of(column, values);
    }

    /** Most rows a message names one by one. */
    private static final int MAX_NAMED = 20;

    /**
     * Rows of a plotted table by name, for messages: the aggregate-by values of an aggregated table, else plate,
     * well and site (those the table has), else all its metadata, else the row number; the first 20 of them.
     */
    public static String identify(ProfileTable t, List<Integer> rows, List<String> aggregateBy) {
        List<String> by = aggregateBy != null && !aggregateBy.isEmpty() ? aggregateBy
                : Stream.of("Metadata_Plate", "Metadata_Well", "Metadata_Site")
                        .filter(t::hasColumn).toList();
        List<String> named = new ArrayList<>();
        for (int r : rows.subList(0, Math.min(rows.size(), MAX_NAMED))) {
            if (by.isEmpty()) {
                named.add(t.metadataColumns().isEmpty() ? "profile " + (r + 1) + " of " + t.rows() : describe(t, r));
            } else {
                named.add(String.join(" ", by.stream().map(c -> strip(c) + " " + t.metadata(r, c)).toList()));
            }
        }
        String more = rows.size() > MAX_NAMED ? "; and " + (rows.size() - MAX_NAMED) + " more" : "";
        return String.join("; ", named) + more;
    }

    private static Plot scatter(ProfileTable t, double[][] xy, String xLabel, String yLabel, String title,
                                List<String> colour, ColourKey key) {
        ScatterPlot s = ScatterPlot.of(title, xLabel, yLabel, xy, colour, key, r -> describe(t, r));
        ProfileTable numbers = new ProfileTable(t.metadataColumns(), List.of(xLabel.replace(' ', '_'),
                yLabel.replace(' ', '_')));
        for (int r = 0; r < t.rows(); r++) {
            numbers.addRow(List.of(t.metadataRow(r)), xy[r] == null ? new float[] {Float.NaN, Float.NaN}
                    : new float[] {(float) xy[r][0], (float) xy[r][1]});
        }
        return new Plot(s.chart(), t, numbers, s, null);
    }

    /** What a tooltip says of a row: its metadata, column by column, without the Metadata_ prefix. */
    public static String describe(ProfileTable t, int row) {
        return String.join(", ", describeLines(t, row));
    }

    /** {@link #describe} one column a line ("moa: tubulin"), for tooltips that must stay narrow. */
    public static List<String> describeLines(ProfileTable t, int row) {
        return t.metadataColumns().stream().map(c -> strip(c) + ": " + t.metadata(row, c)).toList();
    }

    /** Row names: the --label-by columns, else the aggregate-by columns, else plate and well, else numbers. */
    private static List<String> names(ProfileTable t, Options o) {
        List<String> by = o.labelBy() != null && !o.labelBy().isEmpty() ? o.labelBy()
                : o.aggregateBy() != null && !o.aggregateBy().isEmpty() ? o.aggregateBy()
                : t.hasColumn("Metadata_Well") ? (t.hasColumn("Metadata_Plate")
                        && new HashSet<>(t.column("Metadata_Plate")).size() > 1
                        ? List.of("Metadata_Plate", "Metadata_Well") : List.of("Metadata_Well"))
                : List.of();
        List<String> names = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            final int row = r;
            names.add(by.isEmpty() ? String.valueOf(r + 1)
                    : String.join(" ", by.stream().map(c -> t.metadata(row, c)).toList()));
        }
        return names;
    }

    private static String strip(String column) {
        return column.startsWith("Metadata_") ? column.substring("Metadata_".length()) : column;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
