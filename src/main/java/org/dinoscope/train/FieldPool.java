package org.dinoscope.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dinoscope.image.CellRule;
import org.dinoscope.image.Field;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;
import org.dinoscope.plate.FieldLoader;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;

/**
 * The fields a run draws its samples from: complete fields of the layout, read on first use and kept in memory
 * within a quarter of the heap (least recently used first out), intensities scaled as the run's input scaling
 * prescribes (per field and channel, as {@code embed} scales them).
 * A field without cells (DESIGN.md's Otsu rule on the DNA channel) or one that cannot be read is never used;
 * the check is a pure function of the field, so the draws of a step are the same in a resumed run. With a weak
 * label, samples are drawn class-balanced: a label uniformly, then two of its fields (WS-DINO). Fields whose
 * metadata match an exclusion ({@code COLUMN=VALUE}, e.g. the DMSO wells) are left out, as WS-DINO trained on
 * treated wells only.
 */
final class FieldPool {
    private static final int MAX_DRAWS = 1000;

    private final PlateLayout layout;
    private final Scaling scaling;
    private final int dna;
    private final List<FieldSpec> fields = new ArrayList<>();
    private final List<List<Integer>> byLabel = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /**
     * Images kept in memory by their files (a layout may list one file several times, to draw it more often),
     * least recently used first out, within a quarter of the heap.
     */
    private final Map<List<Path>, Img> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final long cacheBudget = Runtime.getRuntime().maxMemory() / 4;
    private long cacheBytes;
    private final Map<Integer, String> unusable = new TreeMap<>();
    private final int excludedCount;

    /** Scaled intensities [channel][y * w + x] of a field. */
    record Img(float[][] data, int width, int height) {
        long bytes() {
            return 4L * data.length * width * height;
        }
    }

    /** A drawn sample: the field for the global crops and the one for the local crops. */
    record Sample(int globalField, int localField) {
    }

    FieldPool(PlateLayout layout, Scaling scaling, String weakLabel) {
        this(layout, scaling, weakLabel, null);
    }

    /**
     * @param exclude null, or comma-separated {@code COLUMN=VALUE} conditions; a field matching any of them
     *                is not used
     */
    FieldPool(PlateLayout layout, Scaling scaling, String weakLabel, String exclude) {
        this.layout = layout;
        this.scaling = scaling;
        this.dna = Preset.channelIndex(layout.channels(), "DNA");
        Map<String, Set<String>> excluded = exclusions(exclude, layout);
        Map<String, List<Integer>> groups = new TreeMap<>();
        int left = 0;
        for (FieldSpec f : layout.fields()) {
            if (!f.missingChannels().isEmpty()) {
                continue;
            }
            if (excluded.entrySet().stream().anyMatch(e -> e.getValue().contains(f.metadata().get(e.getKey())))) {
                left++;
                continue;
            }
            String label = null;
            if (weakLabel != null) {
                label = f.metadata().get(weakLabel);
                if (label == null || label.isBlank()) {
                    continue;
                }
            }
            fields.add(f);
            if (label != null) {
                groups.computeIfAbsent(label, k -> new ArrayList<>()).add(fields.size() - 1);
            }
        }
        if (weakLabel != null) {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("weak label column '" + weakLabel + "' has no values in "
                        + layout.source() + " (columns: " + String.join(", ", layout.metadataColumns()) + ")");
            }
            groups.forEach((k, v) -> {
                labels.add(k);
                byLabel.add(v);
            });
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(layout.source() + " has no complete field to train on"
                    + (left > 0 ? " (" + left + " left out by exclude " + exclude + ")" : ""));
        }
        this.excludedCount = left;
    }

    /** Parses {@code COLUMN=VALUE[,COLUMN=VALUE...]}; each column must be one of the layout's metadata. */
    static Map<String, Set<String>> exclusions(String exclude, PlateLayout layout) {
        Map<String, Set<String>> out = new TreeMap<>();
        if (exclude == null || exclude.isBlank()) {
            return out;
        }
        for (String part : exclude.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("exclude '" + part.trim() + "': expected COLUMN=VALUE, e.g. "
                        + "Metadata_Compound=DMSO");
            }
            String column = part.substring(0, eq).trim();
            if (!layout.metadataColumns().contains(column)) {
                throw new IllegalArgumentException("exclude: column '" + column + "' is not in the metadata of "
                        + layout.source() + " (columns: " + String.join(", ", layout.metadataColumns()) + ")");
            }
            out.computeIfAbsent(column, k -> new TreeSet<>()).add(part.substring(eq + 1).trim());
        }
        return out;
    }

    /** Complete fields left out by the exclusions. */
    int excludedCount() {
        return excludedCount;
    }

    int size() {
        return fields.size();
    }

    int labelCount() {
        return labels.size();
    }

    int channels() {
        return layout.channels().size();
    }

    /** Fields found unusable so far, with the reason. */
    Map<Integer, String> unusable() {
        return unusable;
    }

    FieldSpec spec(int i) {
        return fields.get(i);
    }

    Sample draw(SplittableRandom rng) throws IOException {
        for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
            int a;
            int b;
            if (byLabel.isEmpty()) {
                a = rng.nextInt(fields.size());
                b = a;
            } else {
                List<Integer> group = byLabel.get(rng.nextInt(byLabel.size()));
                a = group.get(rng.nextInt(group.size()));
                b = group.size() == 1 ? a : group.get(rng.nextInt(group.size()));
            }
            if (usable(a) && usable(b)) {
                return new Sample(a, b);
            }
        }
        throw new IOException("no usable field in " + MAX_DRAWS + " draws from " + layout.source() + ": "
                + unusable.size() + " of " + fields.size() + " fields have no cells or cannot be read; first: "
                + unusable.values().stream().limit(3).toList());
    }

    private boolean usable(int i) {
        if (unusable.containsKey(i)) {
            return false;
        }
        return image(i) != null;
    }

    /** Field i, or null when it is unusable. */
    Img image(int i) {
        FieldSpec spec = fields.get(i);
        Img img = cache.get(spec.channelFiles());
        if (img != null || unusable.containsKey(i)) {
            return img;
        }
        Field f;
        try {
            f = FieldLoader.load(spec, layout.channels());
        } catch (IOException | RuntimeException e) {
            unusable.put(i, spec.key() + ": " + e.getMessage());
            return null;
        }
        if (dna >= 0 && !CellRule.hasCells(f, dna, CellRule.threshold(f, dna), 0, 0, f.width(), f.height())) {
            unusable.put(i, spec.key() + ": no cells in the DNA channel (Otsu rule)");
            return null;
        }
        float[][] planes = new float[f.channels()][];
        float[] data = f.data();
        for (int c = 0; c < f.channels(); c++) {
            float[] ch = new float[f.width() * f.height()];
            int off = f.offset(c);
            Scaling.ChannelScale scale = scaling.of(data, off, ch.length, f.pixelType().max());
            for (int p = 0; p < ch.length; p++) {
                ch[p] = scale.apply(data[off + p]);
            }
            planes[c] = ch;
        }
        img = new Img(planes, f.width(), f.height());
        cache.put(spec.channelFiles(), img);
        cacheBytes += img.bytes();
        var eldest = cache.entrySet().iterator();
        while (cacheBytes > cacheBudget && cache.size() > 1) {
            cacheBytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
        return img;
    }
}
