package org.dinoscope.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;
import org.dinoscope.model.checkpoint.Checkpoint;
import org.dinoscope.plate.LayoutSpec;
import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.profile.Sidecar;

/**
 * The JSON sidecar of a profile table: which tool, model, weights (name and SHA-256), options and
 * inputs made it, and when. Written next to the table as {@code <table>.json} ({@link Sidecar}).
 */
public final class Provenance {
    private Provenance() {
    }

    public static Map<String, Object> describe(LoadedModel model, EmbedOptions options, String engine,
                                               Map<String, Object> input) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "DINOscope");
        m.put("version", Version.get());
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).toString());
        m.put("preset", model.preset().id());
        List<Map<String, Object>> weights = new ArrayList<>();
        for (Checkpoint ck : model.checkpoints()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("file", ck.file().getFileName().toString());
            w.put("path", ck.file().toAbsolutePath().toString());
            w.put("sha256", ck.sha256());
            w.put("format", ck.format());
            w.put("layout", ck.layout());
            weights.add(w);
        }
        m.put("weights", weights);
        if (model.checkpoints().isEmpty()) {
            m.put("seed", model.spec().seed());
        }
        m.put("architecture", model.network(0).architecture().describe());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("crop_size", EmbedOptions.CROP_SIZE);
        opts.put("batch_size", options.batchSize());
        opts.put("crop_filter", options.cropFilter() != null ? options.cropFilter()
                : model.preset().cropFilterByDefault());
        opts.put("small_field", options.smallField().name().toLowerCase());
        opts.put("scaling", model.scaling().id());
        opts.put("dna_channel", options.dnaChannel());
        opts.put("heads", model.network(0).architecture().heads());
        m.put("options", opts);
        m.put("engine", engine);
        m.put("engine_details", EngineSetup.details(model.network(0).device()));
        m.put("input", input);
        return m;
    }

    /**
     * The sidecar of a table with one row per image ({@code dinoscope embed --image}, Fiji's Embed Image): the
     * images (their files, or the titles of unsaved images) and the channel names.
     */
    public static Map<String, Object> ofImages(LoadedModel model, EmbedOptions options, List<String> images,
                                               List<String> channelNames) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("layout", "images");
        input.put("images", images);
        input.put("channel_names", channelNames);
        return describe(model, options, EngineSetup.describe(model.network(0).device()), input);
    }

    /**
     * The sidecar of the embedding a table comes from: the table's own when an embedding wrote it, else, for a
     * table that {@code profile} (Fiji: Normalize Profiles) made, that of its input, followed back; null when
     * the chain ends without one (e.g. a CellProfiler table has no sidecar).
     */
    public static JsonObject embedding(Path table) throws IOException {
        Path t = table;
        for (int step = 0; step < 32; step++) { // a chain of profile runs; 32 guards against a loop
            JsonObject p = Sidecar.read(t);
            if (p == null) {
                return null;
            }
            if (p.has("preset")) {
                return p;
            }
            JsonElement input = p.get("input");
            if (input == null || !input.isJsonPrimitive()) {
                return null;
            }
            t = Path.of(input.getAsString());
        }
        return null;
    }

    /**
     * The layout a plate table was embedded from, opened again from its embedding's sidecar
     * ({@code input.layout_spec}; see {@link #embedding}).
     */
    public static PlateLayout layoutOf(Path table, Consumer<String> warn) throws IOException {
        JsonObject p = embedding(table);
        if (p == null || !p.has("input") || !p.get("input").isJsonObject()
                || !p.getAsJsonObject("input").has("layout_spec")) {
            throw new IOException(table + ": its sidecar " + table.getFileName() + ".json does not say which plate "
                    + "layout made it (tables from dinoscope embed --layout record it)");
        }
        return Layouts.open(LayoutSpec.fromJson(p.getAsJsonObject("input").getAsJsonObject("layout_spec")), warn);
    }

    /**
     * The model that embedded a table, as its sidecar records it ({@link #describe}): the preset, the weights
     * files by path, the heads, and the seed of a model without weights.
     */
    public static ModelSpec modelOf(Path table) throws IOException {
        JsonObject p = embedding(table);
        if (p == null) {
            throw new IOException(table + ": no sidecar (" + table.getFileName() + ".json) records the model that "
                    + "embedded it");
        }
        List<Path> weights = new ArrayList<>();
        if (p.has("weights")) {
            for (JsonElement w : p.getAsJsonArray("weights")) {
                JsonObject o = w.getAsJsonObject();
                if (!o.has("path")) {
                    throw new IOException(table + ": the sidecar names the weights file " + o.get("file")
                            + " but not its path");
                }
                weights.add(Path.of(o.get("path").getAsString()));
            }
        }
        JsonObject options = p.has("options") ? p.getAsJsonObject("options") : new JsonObject();
        Integer heads = options.has("heads") ? options.get("heads").getAsInt() : null;
        long seed = p.has("seed") ? p.get("seed").getAsLong() : 0L;
        Scaling scaling = options.has("scaling") ? Scaling.byId(options.get("scaling").getAsString()) : null;
        return new ModelSpec(Preset.byId(p.get("preset").getAsString()), weights, heads, seed, scaling);
    }
}
