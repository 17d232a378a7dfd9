package org.dinoscope.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

import org.dinoscope.Version;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.checkpoint.Checkpoint;

/**
 * The JSON sidecar of a profile table: which tool, model, weights (name and SHA-256), options and
 * inputs made it, and when. Written next to the table as {@code <table>.json}.
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
        opts.put("dna_channel", options.dnaChannel());
        opts.put("heads", model.network(0).architecture().heads());
        m.put("options", opts);
        m.put("engine", engine);
        m.put("input", input);
        return m;
    }

    /** Writes {@code <table>.json} atomically. */
    public static Path write(Path table, Map<String, Object> provenance) throws IOException {
        Path json = table.resolveSibling(table.getFileName() + ".json");
        Path tmp = json.resolveSibling("." + json.getFileName() + ".partial");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(provenance) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return json;
    }
}
