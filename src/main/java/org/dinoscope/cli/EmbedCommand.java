package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.ImageListEmbedder;
import org.dinoscope.embed.PlateEmbedder;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.profile.Profiles;
import org.dinoscope.table.TableFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dinoscope embed}: images to one row each, or a plate layout to field and well profiles. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed images (--image: one row per image, --out FILE) or plates (--layout: field and well "
                + "profiles, failures.csv and provenance in --out DIR; resumable: rerun the same command after an "
                + "interruption).",
                "Tables: Metadata_ columns, then features <channel>_<k>. A multi-page TIFF or ImageJ hyperstack is "
                        + "one field with one channel per plane."})
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "FILE", description = "Image file (TIFF or PNG); repeatable.")
    List<Path> images = new ArrayList<>();

    @Mixin
    LayoutOptions layout;

    @Mixin
    ModelOptions model;

    @Option(names = "--channel-names", split = ",", paramLabel = "NAME",
            description = "With --image: names of the channels in file order, e.g. DNA,ER,RNA,AGP,Mito "
                    + "(default: ch1, ch2, ...).")
    List<String> channelNames;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "With --image: output table (.csv, .csv.gz or .parquet: the name says the format). With "
                    + "--layout: output folder.")
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", description = "Crops per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--crop-filter", negatable = true,
            description = "Keep only crops with cells (>= 1%% of DNA pixels above 0.7 x Otsu). Default: the preset's.")
    Boolean cropFilter;

    @Option(names = "--dna-channel", defaultValue = "DNA", description = "Channel the crop filter reads (default: ${DEFAULT-VALUE}).")
    String dnaChannel;

    @Option(names = "--small-field", defaultValue = "error",
            description = "Field smaller than a 224 px crop: error, pad or resize (default: ${DEFAULT-VALUE}).")
    String smallField;

    @Option(names = "--illumination-correction", description = "With --layout: per-plate illumination correction "
            + "(mean of the plate's fields per channel, smoothed, normalised to mean 1, divided out).")
    boolean illumination;

    @Option(names = "--clip-percentile", paramLabel = "P", description = "Clip each channel of a field at its P-th "
            + "percentile before scaling (e.g. 99.9). Default: off.")
    Double clipPercentile;

    @Option(names = "--well-aggregation", defaultValue = "mean", description = "mean or median of a well's fields "
            + "(default: ${DEFAULT-VALUE}).")
    String wellAggregation;

    @Option(names = "--format", paramLabel = "csv|csv.gz|parquet", description = "With --layout: the format of "
            + "fields.<ext> and wells.<ext>: csv, csv.gz or parquet (default: csv). With --image, --out's name says it.")
    String format;

    @Option(names = "--readers", defaultValue = "1", description = "Threads reading images while the network runs, "
            + "with --layout or --image (default: ${DEFAULT-VALUE}).")
    int readers;

    @Override
    public Integer call() throws IOException {
        if (images.isEmpty() == !layout.given()) {
            throw new IllegalArgumentException("give either --image FILE ... or --layout CSV|DIR");
        }
        EmbedOptions options = new EmbedOptions(batchSize, cropFilter,
                EmbedOptions.SmallField.valueOf(smallField.trim().toUpperCase(Locale.ROOT)), dnaChannel);
        return layout.given() ? embedLayout(options) : embedImages(options);
    }

    private int embedLayout(EmbedOptions options) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (channelNames != null) {
            throw new IllegalArgumentException("--channel-names applies to --image; a layout names its channels "
                    + "(use --channel-map for a folder)");
        }
        PlateLayout plates = layout.read(err);
        String ext = TableFormat.extension(format == null ? "csv" : format);
        PlateEmbedder.Options po = new PlateEmbedder.Options(options, illumination,
                clipPercentile == null ? Double.NaN : clipPercentile,
                Profiles.Combine.parse(wellAggregation.trim()), readers, ext);
        err.printf("%s: %d plates, %d wells, %d fields, channels %s%n", plates.source(), plates.plates().size(),
                plates.wells().size(), plates.fields().size(), String.join(",", plates.channels()));
        try (LoadedModel m = model.load()) {
            ConsoleProgress progress = new ConsoleProgress(err, "fields");
            PlateEmbedder.Result r = new PlateEmbedder(m, po).run(plates, out, progress);
            progress.finish();
            if (r.cancelled()) {
                err.println("dinoscope: cancelled; rerun the same command to continue");
                return 130;
            }
            stdout.printf("embedded %d fields (%d resumed from an earlier run), %d failed%n", r.fields() - r.failures().size(),
                    r.resumed(), r.failures().size());
            if (r.changed() > 0) {
                err.printf("dinoscope: %d fields of the earlier run were embedded again: their files or channel "
                        + "mapping changed since%n", r.changed());
            }
            printTiming(stdout, r.timing(), r.embeddedNow(), "fields");
            stdout.println("field profiles: " + r.fieldTable());
            stdout.println("well profiles:  " + r.wellTable());
            if (!r.failures().isEmpty()) {
                err.printf("dinoscope: %d of %d fields failed; see %s%n", r.failures().size(), r.fields(), r.failureTable());
                for (PlateEmbedder.Failure f : r.failures().subList(0, Math.min(5, r.failures().size()))) {
                    err.println("  " + f.field().key() + ": " + f.reason());
                }
                return 1;
            }
            return 0;
        }
    }

    private int embedImages(EmbedOptions options) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (format != null && !out.getFileName().toString().endsWith(TableFormat.extension(format))) {
            throw new IllegalArgumentException("with --image, --out names the table and its format: --format "
                    + format + " asks for a name ending in " + TableFormat.extension(format) + ", not " + out);
        }
        List<ImageFile> files = images.stream().map(ImageFile::new).toList();
        try (LoadedModel m = model.load()) {
            ImageListEmbedder embedder = new ImageListEmbedder(m, options, readers);
            ConsoleProgress progress = new ConsoleProgress(err, "images");
            ImageListEmbedder.Result r = embedder.run(files, List.of("Metadata_FileName", "Metadata_PathName"), progress);
            progress.finish();
            for (ImageListEmbedder.Failure f : r.failures()) {
                err.println("dinoscope: " + f.reason());
            }
            if (r.table() == null) {
                err.println("dinoscope: no image could be embedded; nothing written");
                return 1;
            }
            embedder.write(r, out, files);
            printTiming(stdout, r.timing(), r.embedded(), "images");
            stdout.printf("wrote %d row%s to %s%n", r.embedded(), r.embedded() == 1 ? "" : "s", out);
            if (!r.failures().isEmpty()) {
                err.printf("dinoscope: %d of %d images failed (see above)%n", r.failures().size(), r.images());
                return 1;
            }
            return 0;
        }
    }

    private static void printTiming(PrintWriter stdout, PlateEmbedder.Timing t, int units, String unit) {
        stdout.printf("%.1f s, %.2f %s/s, %.1f crops/s, network busy %.0f%% of the time%n", t.wallSeconds(),
                units / Math.max(t.wallSeconds(), 1e-9), unit, t.crops() / Math.max(t.wallSeconds(), 1e-9),
                100 * t.networkBusy());
    }

    /** An image file of {@code --image}: a multi-page TIFF is one field; channels from --channel-names. */
    private final class ImageFile implements ImageListEmbedder.Image {
        private final Path path;

        ImageFile(Path path) {
            this.path = path;
        }

        @Override
        public String source() {
            return path.toString();
        }

        @Override
        public Field read() throws IOException {
            return FieldReader.read(path);
        }

        @Override
        public List<String> channelNames(Field field) {
            return channelNames != null ? channelNames : Field.defaultChannelNames(field.channels());
        }

        @Override
        public List<String> metadata() {
            Path abs = path.toAbsolutePath();
            return List.of(abs.getFileName().toString(), String.valueOf(abs.getParent()));
        }
    }
}
