package org.dinoscope.embed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The record of finished fields that makes a plate run resumable: one line per field (key, stamp of its input
 * files, crops, the embedding as base-64 little-endian floats), appended and flushed as each field finishes. A
 * run killed at any point leaves at most a torn last line, which is cut off when the journal is reopened.
 *
 * <p>The first line holds the run's settings (preset, weights SHA-256, options, channels) as JSON: a journal is
 * never continued with other settings, and the refusal names the settings that differ. Each field line holds
 * the stamp of the files it was embedded from (paths, sizes, modification times, in channel order), so a field
 * whose files or channel mapping changed is embedded again rather than taken from the journal; when a field
 * appears twice, the later line wins.
 */
public final class Journal implements AutoCloseable {
    private static final String MAGIC = "# dinoscope-journal v2 ";
    private static final String OLD_MAGIC = "# dinoscope-journal v1 ";
    private final Path file;
    private final int dim;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private OutputStream out;

    /** A journaled field: the stamp of its input files when it was embedded, and its embedding. */
    private record Entry(String stamp, FieldEmbedder.Embedding embedding) {
    }

    private Journal(Path file, int dim) {
        this.file = file;
        this.dim = dim;
    }

    /**
     * Opens (or starts) the journal.
     *
     * @param settings what makes the numbers of a run (JSON-serialisable); a journal with others is an error
     * @param dim      embedding length
     */
    public static Journal open(Path file, Map<String, Object> settings, int dim) throws IOException {
        Journal j = new Journal(file, dim);
        JsonObject wanted = new Gson().toJsonTree(settings).getAsJsonObject();
        if (Files.exists(file)) {
            j.load(wanted);
        } else {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, MAGIC + wanted + "\n", StandardCharsets.UTF_8);
        }
        j.out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        return j;
    }

    private void load(JsonObject wanted) throws IOException {
        cutTornLine();
        // bytes, decoded leniently: a damaged journal is reported by what it lacks, not by a decoder error
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        if (!lines.isEmpty() && lines.get(0).startsWith(OLD_MAGIC)) {
            throw new IOException(file + ": a journal of an older DINOscope (without file stamps) cannot be continued; "
                    + "delete it (or the folder) to start again, or choose another --out folder");
        }
        JsonObject stored = lines.isEmpty() || !lines.get(0).startsWith(MAGIC) ? null
                : parse(lines.get(0).substring(MAGIC.length()));
        if (stored == null) {
            throw new IOException(file + ": not a DINOscope journal (first line unreadable); delete it or choose "
                    + "another --out folder");
        }
        List<String> differ = differences(stored, wanted);
        if (!differ.isEmpty()) {
            throw new IOException(file + ": this output folder holds a run with other settings (differs in: "
                    + String.join(", ", differ) + "); use another --out folder, or delete the folder to start again");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t");
            if (parts.length != 5) {
                continue;
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(parts[4]);
                if (bytes.length != 4 * dim) {
                    continue;
                }
                float[] v = new float[dim];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                entries.put(parts[0], new Entry(parts[1], new FieldEmbedder.Embedding(v, Integer.parseInt(parts[2]),
                        Integer.parseInt(parts[3]))));
            } catch (IllegalArgumentException e) { // bad base-64 or number: a damaged line, embedded again
                continue;
            }
        }
    }

    private static JsonObject parse(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    /** Names of the settings whose values differ, sorted. */
    private static List<String> differences(JsonObject a, JsonObject b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** A kill during a write can leave a last line without its newline: cut it so appends start clean. */
    private void cutTornLine() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            long pos = len;
            while (pos > 0) {
                raf.seek(pos - 1);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            if (pos < len) {
                raf.setLength(pos);
            }
        }
    }

    /**
     * The journaled embeddings that still hold: those of fields whose current stamp (by key) is the one they
     * were embedded with.
     */
    public Map<String, FieldEmbedder.Embedding> valid(Map<String, String> stamps) {
        Map<String, FieldEmbedder.Embedding> out = new LinkedHashMap<>();
        entries.forEach((key, e) -> {
            if (e.stamp().equals(stamps.get(key))) {
                out.put(key, e.embedding());
            }
        });
        return out;
    }

    /** Keys of journaled fields of this layout whose files changed since they were embedded. */
    public List<String> stale(Map<String, String> stamps) {
        List<String> out = new ArrayList<>();
        entries.forEach((key, e) -> {
            if (stamps.containsKey(key) && !e.stamp().equals(stamps.get(key))) {
                out.add(key);
            }
        });
        return out;
    }

    public void append(String key, String stamp, FieldEmbedder.Embedding e) throws IOException {
        if (key.contains("\t") || key.contains("\n")) {
            throw new IOException("field key '" + key + "' holds a tab or newline");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(e.vector());
        String line = key + "\t" + stamp + "\t" + e.cropsUsed() + "\t" + e.cropsTotal() + "\t"
                + Base64.getEncoder().encodeToString(b.array()) + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        entries.put(key, new Entry(stamp, e));
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
