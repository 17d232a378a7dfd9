package org.dinoscope.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.OutputFiles;

/** The JSON file next to every table DINOscope writes ({@code <table>.json}): who made it, from what, how. */
public final class Sidecar {
    private Sidecar() {
    }

    /** Writes {@code <table>.json} atomically. */
    public static Path write(Path table, Map<String, Object> provenance) throws IOException {
        Path json = table.resolveSibling(table.getFileName() + ".json");
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(provenance) + "\n";
        return OutputFiles.write(json, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
    }

    /** The sidecar of a table, or null when it has none. */
    public static JsonObject read(Path table) throws IOException {
        Path json = table.resolveSibling(table.getFileName() + ".json");
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            return JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a readable provenance sidecar (" + e.getMessage() + ")", e);
        }
    }
}
