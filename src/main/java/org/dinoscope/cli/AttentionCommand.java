package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldAttention;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.embed.Provenance;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.image.TiffWriter;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.Preset;
import org.dinoscope.profile.Sidecar;
import org.dinoscope.viz.AttentionFigure;
import org.dinoscope.viz.Charts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dinoscope attention}: the last block's attention maps of images, as float stacks and overlay PNGs. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"Attention maps of images: the last block's CLS-to-patch attention over the whole field (cut "
                + "to a multiple of the patch size, one forward pass with interpolated position embeddings; 224 px "
                + "crops only when a field exceeds --max-patches or memory).",
                "Writes per image DIR/<name>.attention.tif (float32, one slice per head, then their mean, in "
                        + "multiples of uniform attention: 1 = every patch alike), DIR/<name>.attention.png (the "
                        + "overlay with its colour bar) and DIR/<name>.attention.tif.json (provenance)."})
public final class AttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "Image file (TIFF or PNG); repeatable.")
    List<Path> images = new ArrayList<>();

    @Mixin
    ModelOptions model;

    @Option(names = "--channel-names", split = ",", paramLabel = "NAME",
            description = "Names of the channels in file order, e.g. DNA,ER,RNA,AGP,Mito (default: ch1, ch2, ...).")
    List<String> channelNames;

    @Option(names = "--channel", defaultValue = "1", paramLabel = "N|all",
            description = "Channel whose attention is drawn, 1 = first, or 'all': one pair of files per channel "
                    + "(<name>.<channel>.attention.*). Multi-channel presets see all channels at once; the channel "
                    + "is then the grey background of the PNG (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--threshold", paramLabel = "T", description = "Keep the patches holding this fraction of each "
            + "head's attention mass, the others 0 (DINO's figures: 0.6). Default: off.")
    Double threshold;

    @Option(names = "--upsample", defaultValue = "nearest",
            description = "Patches to pixels: nearest (blocks, as DINO) or bilinear (smooth) (default: ${DEFAULT-VALUE}).")
    String upsample;

    @Option(names = "--display-max", defaultValue = "5", paramLabel = "X", description = "Top of the PNG's colour "
            + "scale in multiples of uniform attention; higher values take the top colour (default: ${DEFAULT-VALUE}).")
    double displayMax;

    @Option(names = "--opacity", defaultValue = "0.5", description = "Of the overlay on the grey field, 0 to 1 "
            + "(default: ${DEFAULT-VALUE}).")
    double opacity;

    @Option(names = "--max-patches", defaultValue = "" + FieldEmbedder.MAX_ATTENTION_PATCHES, paramLabel = "N",
            description = "Larger fields are cut into 224 px crops, one pass each (default: ${DEFAULT-VALUE}).")
    int maxPatches;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    private FieldAttention.Upsample mode;

    @Override
    public Integer call() throws IOException {
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be in (0, 1], got " + threshold);
        }
        if (!(displayMax > 0)) {
            throw new IllegalArgumentException("--display-max must be above 0, got " + displayMax);
        }
        mode = FieldAttention.Upsample.parse(upsample);
        PrintWriter err = spec.commandLine().getErr();
        EmbedOptions options = EmbedOptions.defaults();
        int failed = 0;
        try (LoadedModel m = model.load()) {
            FieldEmbedder embedder = new FieldEmbedder(m, options);
            String engine = EngineSetup.describe(m.network(0).device());
            long t0 = System.nanoTime();
            for (int i = 0; i < images.size(); i++) {
                Path image = images.get(i);
                try {
                    Field field = FieldReader.read(image);
                    List<String> names = channelNames != null ? channelNames
                            : Field.defaultChannelNames(field.channels());
                    boolean all = channel.trim().equalsIgnoreCase("all");
                    List<Integer> channels = all ? channelsOf(m.preset(), field) : List.of(parseChannel(image, field));
                    for (int c : channels) {
                        FieldAttention att = embedder.attention(field, names, c, maxPatches);
                        String base = stem(image) + (all ? "." + names.get(c) : "") + ".attention";
                        write(att, field, c, base, m, options, engine, image, names);
                        err.printf("[%d/%d] %s, %s: %d heads over %dx%d patches%s (%.1f s)%n", i + 1, images.size(),
                                image, names.get(c), att.heads(), att.gridW(), att.gridH(),
                                att.tiled() ? ", tiled: too large for one pass" : "", (System.nanoTime() - t0) / 1e9);
                    }
                } catch (IOException ex) {
                    failed++;
                    err.println("dinoscope: " + ex.getMessage());
                }
            }
        }
        if (failed > 0) {
            err.printf("dinoscope: %d of %d images failed (see above)%n", failed, images.size());
            return 1;
        }
        spec.commandLine().getOut().printf("wrote the attention maps of %d image%s to %s%n", images.size(),
                images.size() == 1 ? "" : "s", out);
        return 0;
    }

    private void write(FieldAttention att, Field field, int c, String base, LoadedModel m, EmbedOptions options,
                       String engine, Path image, List<String> names) throws IOException {
        List<float[]> slices = new ArrayList<>();
        for (int h = 0; h < att.heads(); h++) {
            slices.add(att.shown(h, fraction(), mode));
        }
        float[] mean = att.shown(-1, fraction(), mode);
        slices.add(mean);
        Path tif = out.resolve(base + ".tif");
        TiffWriter.writeFloatStack(tif, slices, att.width(), att.height());
        float[] grey = Arrays.copyOfRange(field.data(), field.offset(c), field.offset(c) + field.width() * field.height());
        Charts.savePng(AttentionFigure.figure(grey, mean, att.width(), att.height(), displayMax,
                AttentionFigure.fire(), opacity), out.resolve(base + ".png"));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("channel", names.get(c));
        a.put("slices", att.heads() + " heads, then their mean");
        a.put("unit", "multiple of uniform attention (attention x patches of the forward pass; 1 = uniform)");
        a.put("patch", att.patch());
        a.put("grid", List.of(att.gridW(), att.gridH()));
        a.put("tiled", att.tiled());
        a.put("max_patches", maxPatches);
        a.put("threshold", threshold);
        a.put("upsample", mode.name().toLowerCase(Locale.ROOT));
        a.put("display_max", displayMax);
        a.put("lut", "fire");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("image", image.toAbsolutePath().toString());
        input.put("channel_names", names);
        input.put("attention", a);
        Sidecar.write(tif, Provenance.describe(m, options, engine, input));
    }

    /** The mass threshold, 0 when off. */
    private double fraction() {
        return threshold != null ? threshold : 0;
    }

    /** 0-based channel from --channel, checked against the field. */
    private int parseChannel(Path image, Field field) throws IOException {
        int c;
        try {
            c = Integer.parseInt(channel.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--channel takes a number (1 = first) or 'all', got '" + channel + "'");
        }
        if (c < 1 || c > field.channels()) {
            throw new IOException(image + ": no channel " + c + " (the image has " + field.channels() + ")");
        }
        return c - 1;
    }

    /** Every channel of a per-channel preset; multi-channel presets see them together, so one map. */
    private static List<Integer> channelsOf(Preset preset, Field field) {
        int n = preset.inputMode() == Preset.InputMode.MULTI_CHANNEL ? 1 : field.channels();
        return IntStream.range(0, n).boxed().toList();
    }

    /** The file name without its extension (a.tif -> a, b.ome.tiff -> b.ome). */
    private static String stem(Path image) {
        String n = image.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
