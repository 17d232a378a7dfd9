package org.dinoscope.cli;

import java.awt.Dimension;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dinoscope.eval.Clustering;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Charts;
import org.dinoscope.viz.PlateFormat;
import org.dinoscope.viz.PlateView;
import org.dinoscope.viz.Plots;
import org.dinoscope.viz.WellValues;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dinoscope plot}: UMAP, PCA, clustered similarity heatmap or channel attribution of a profile table. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a profile table as a PNG:",
                "  umap      UMAP scatter (cosine), coloured by --color-by",
                "  pca       PCA scatter, coloured by --color-by",
                "  heatmap   cosine similarity of every pair, ordered by hierarchical clustering, rows coloured by "
                        + "--color-by and named by --label-by",
                "  channels  per class of --color-by, the share of random-forest importance of each channel",
                "  plate     a plate-layout image of one value per well (--value), one PNG per plate",
                "The numbers behind the plot go to --table (CSV).",
                "Example: dinoscope plot heatmap --profiles wells.csv --color-by Metadata_moa "
                        + "--aggregate-by Metadata_Compound,Metadata_Concentration --drop-controls --out heatmap.png",
                "         dinoscope plot plate --profiles wells.csv --value distance --control DMSO --out plate.png"})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "umap, pca, heatmap, channels or plate.")
    String kind;

    @Option(names = "--profiles", required = true, paramLabel = "TABLE",
            description = "Profile table (CSV, TSV, .gz or Parquet).")
    Path profiles;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Image to write.")
    Path out;

    @Option(names = "--color-by", paramLabel = "COLUMN",
            description = "Column that colours the plot (default: Metadata_moa when present, else the first metadata column).")
    String colorBy;

    @Option(names = "--label-by", split = ",", paramLabel = "COLUMN",
            description = "Heatmap: columns that name the rows (default: the --aggregate-by columns, else row numbers).")
    List<String> labelBy;

    @Option(names = "--aggregate-by", split = ",", paramLabel = "COLUMN", description = "Aggregate first by these columns.")
    List<String> aggregateBy;

    @Option(names = "--aggregate", defaultValue = "mean", description = "mean or median (default: ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(names = "--drop-controls", description = "Leave out the control rows (--control in --control-column).")
    boolean dropControls;

    @Option(names = "--control", defaultValue = "DMSO", description = "Control value (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--control-column", defaultValue = "Metadata_Compound",
            description = "Column of the control value (default: ${DEFAULT-VALUE}).")
    String controlColumn;

    @Option(names = "--neighbors", defaultValue = "15", description = "UMAP neighbourhood size (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--min-dist", defaultValue = "0.1", description = "UMAP minimum distance (default: ${DEFAULT-VALUE}).")
    double minDist;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of UMAP and the random forests (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--linkage", defaultValue = "complete",
            description = "Heatmap clustering: complete, average or single (default: ${DEFAULT-VALUE}).")
    String linkage;

    @Option(names = "--channel-pattern", defaultValue = ChannelAttribution.DEFAULT_PATTERN, paramLabel = "REGEX",
            description = "Channels: group 1 of this expression over a feature name is its channel (default: ${DEFAULT-VALUE}, "
                    + "for DNA_0 ... DNA_383; for CellProfiler features e.g. '_(DNA|ER|RNA|AGP|Mito)(_|$)').")
    String channelPattern;

    @Option(names = "--trees", defaultValue = "300", description = "Trees per random forest (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--title", description = "Chart title (default: says what is drawn).")
    String title;

    @Option(names = "--width", defaultValue = "1000", description = "Image width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "800", description = "Image height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--table", paramLabel = "CSV", description = "Also write the numbers behind the plot (plate: the values of the plates drawn).")
    Path table;

    @Option(names = "--value", defaultValue = "distance", paramLabel = "VALUE",
            description = "Plate: the value per well: distance (cosine distance to the mean of the plate's control "
                    + "wells), feature (--feature), pc (--pc), map (replicate mAP of the well's group), map_p (its "
                    + "corrected p-value) or ap (the well's own average precision) (default: ${DEFAULT-VALUE}).")
    String value;

    @Option(names = "--feature", paramLabel = "NAME", description = "Plate: the feature shown by --value feature.")
    String feature;

    @Option(names = "--pc", defaultValue = "1", paramLabel = "N",
            description = "Plate: the principal component shown by --value pc (default: ${DEFAULT-VALUE}).")
    int component;

    @Option(names = "--plate", paramLabel = "NAME",
            description = "Plate: draw this plate only (default: every plate, one PNG each when there are several).")
    String plate;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "WELLS",
            description = "Plate: 96, 384, 1536 or auto (the smallest that holds the table's wells; default: "
                    + "${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--replicate-by", split = ",", paramLabel = "COLUMN",
            description = "Plate, map values: replicates share these columns (default: --control-column).")
    List<String> replicateBy;

    @Option(names = "--null-size", defaultValue = "10000",
            description = "Plate, map values: random rankings per null distribution (default: ${DEFAULT-VALUE}).")
    int nullSize;

    @Override
    public Integer call() throws Exception {
        ProfileTable t = ProfileTable.read(profiles);
        if (kind.equalsIgnoreCase("plate")) {
            return plate(t);
        }
        String colour = Plots.colorBy(colorBy, t);
        Plots.Options o = new Plots.Options(Plots.Kind.parse(kind), colour, labelBy, aggregateBy,
                Profiles.Combine.parse(aggregate), controlColumn, control, dropControls, neighbours, minDist, seed,
                Clustering.Method.parse(linkage), channelPattern, trees, title);
        Plots.Plot p = Plots.draw(t, o, n -> spec.commandLine().getErr().println(n));
        Dimension size = Plots.imageSize(p, width, height);
        Charts.savePng(p.chart(), out, size.width, size.height);
        if (table != null) {
            p.numbers().write(table);
        }
        spec.commandLine().getOut().printf("%s of %d profiles -> %s%n", o.kind().name().toLowerCase(Locale.ROOT),
                p.rows().rows(), out);
        return 0;
    }

    /** {@code plot plate}: one PNG per plate (or the --plate), the values to --table. */
    private int plate(ProfileTable t) throws Exception {
        WellValues.Options o = new WellValues.Options(WellValues.Kind.parse(value), feature, component, controlColumn,
                control, replicateBy, nullSize, seed);
        WellValues.Result r = WellValues.compute(t, o, n -> spec.commandLine().getErr().println(n));
        List<String> plates = plate != null ? List.of(plate) : r.plates().stream().map(WellValues.Plate::name).toList();
        for (String name : plates) {
            PlateView v = new PlateView(r, name, PlateFormat.parse(format), title);
            Path png = PlateView.output(out, name, plates.size());
            v.savePng(png);
            spec.commandLine().getOut().printf("plate %s: %s of %d wells (%s-well plate) -> %s%n", name, r.unit(),
                    v.plate().wells().size(), v.format(), png);
        }
        if (table != null) {
            r.numbers(plates).write(table);
        }
        return 0;
    }
}
