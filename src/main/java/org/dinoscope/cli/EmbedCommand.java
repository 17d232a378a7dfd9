package org.dinoscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.embed.Provenance;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.profile.ProfileTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dinoscope embed --image ...}: one profile row per image. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed images: one row per image, Metadata_ columns then features <channel>_<k>.",
                "A multi-page TIFF or ImageJ hyperstack is one field with one channel per plane."})
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "Image file (TIFF or PNG); repeatable.")
    List<Path> images = new ArrayList<>();

    @Mixin
    ModelOptions model;

    @Option(names = "--channel-names", split = ",", paramLabel = "NAME",
            description = "Names of the channels in file order, e.g. DNA,ER,RNA,AGP,Mito (default: ch1, ch2, ...).")
    List<String> channelNames;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output table (.csv or .csv.gz).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", description = "Crops per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--crop-filter", negatable = true,
            description = "Keep only crops with cells (>= 1% of DNA pixels above 0.7 x Otsu). Default: the preset's.")
    Boolean cropFilter;

    @Option(names = "--dna-channel", defaultValue = "DNA", description = "Channel the crop filter reads (default: ${DEFAULT-VALUE}).")
    String dnaChannel;

    @Option(names = "--small-field", defaultValue = "error",
            description = "Field smaller than a 224 px crop: error, pad or resize (default: ${DEFAULT-VALUE}).")
    String smallField;

    @Override
    public Integer call() throws IOException {
        EmbedOptions options = new EmbedOptions(batchSize, cropFilter,
                EmbedOptions.SmallField.valueOf(smallField.trim().toUpperCase(java.util.Locale.ROOT)), dnaChannel);
        var err = spec.commandLine().getErr();
        try (LoadedModel m = model.load()) {
            FieldEmbedder embedder = new FieldEmbedder(m, options);
            ProfileTable table = null;
            List<String> names = null;
            int failed = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < images.size(); i++) {
                Path image = images.get(i);
                try {
                    Field field = FieldReader.read(image);
                    List<String> these = channelNames != null ? channelNames : Field.defaultChannelNames(field.channels());
                    if (names != null && !names.equals(these)) {
                        throw new IOException(image + ": has channels " + these + ", the first image had " + names);
                    }
                    FieldEmbedder.Embedding e = embedder.embed(field, these);
                    if (table == null) {
                        names = these;
                        table = new ProfileTable(List.of("Metadata_FileName", "Metadata_PathName", "Metadata_Crops"),
                                embedder.featureNames(names));
                    }
                    Path abs = image.toAbsolutePath();
                    table.addRow(List.of(abs.getFileName().toString(), String.valueOf(abs.getParent()),
                            String.valueOf(e.cropsUsed())), e.vector());
                    err.printf("[%d/%d] %s: %d crop%s (%.1f s)%n", i + 1, images.size(), image, e.cropsUsed(),
                            e.cropsUsed() == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
                } catch (IOException ex) {
                    failed++;
                    err.println("dinoscope: " + ex.getMessage());
                }
            }
            if (table == null) {
                err.println("dinoscope: no image could be embedded; nothing written");
                return 1;
            }
            table.write(out);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("layout", "images");
            input.put("images", images.stream().map(Path::toString).toList());
            input.put("channel_names", names);
            Provenance.write(out, Provenance.describe(m, options, EngineSetup.describe(m.network(0).device()), input));
            spec.commandLine().getOut().printf("wrote %d row%s to %s%n", table.rows(), table.rows() == 1 ? "" : "s", out);
            if (failed > 0) {
                err.printf("dinoscope: %d of %d images failed (see above)%n", failed, images.size());
                return 1;
            }
            return 0;
        }
    }
}
