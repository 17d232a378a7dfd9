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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of finished fields that makes a plate run resumable: one line per field (key, crops, the
 * embedding as base-64 little-endian floats), appended and flushed as each field finishes. A run killed
 * at any point leaves at most a torn last line, which is cut off when the journal is reopened; the first
 * line holds a fingerprint of the settings, so a journal is never continued with other settings.
 */
public final class Journal implements AutoCloseable {
    private static final String MAGIC = "# dinoscope-journal v1 ";
    private final Path file;
    private final int dim;
    private final Map<String, FieldEmbedder.Embedding> done = new LinkedHashMap<>();
    private OutputStream out;

    private Journal(Path file, int dim) {
        this.file = file;
        this.dim = dim;
    }

    /**
     * Opens (or starts) the journal.
     *
     * @param fingerprint settings of the run; an existing journal with another fingerprint is an error
     * @param dim         embedding length
     */
    public static Journal open(Path file, String fingerprint, int dim) throws IOException {
        Journal j = new Journal(file, dim);
        if (Files.exists(file)) {
            j.load(fingerprint);
        } else {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, MAGIC + fingerprint + "\n", StandardCharsets.UTF_8);
        }
        j.out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        return j;
    }

    private void load(String fingerprint) throws IOException {
        cutTornLine();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(MAGIC)) {
            throw new IOException(file + ": not a DINOscope journal; remove it or choose another output folder");
        }
        if (!lines.get(0).substring(MAGIC.length()).equals(fingerprint)) {
            throw new IOException(file + ": this output folder holds a run with other settings (model, weights, "
                    + "options or channels); use another --out folder, or delete the folder to start again");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t");
            if (parts.length != 4) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(parts[3]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (bytes.length != 4 * dim) {
                continue;
            }
            float[] v = new float[dim];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            done.put(parts[0], new FieldEmbedder.Embedding(v, Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
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

    /** Fields finished by this or earlier runs. */
    public Map<String, FieldEmbedder.Embedding> done() {
        return done;
    }

    public void append(String key, FieldEmbedder.Embedding e) throws IOException {
        if (key.contains("\t") || key.contains("\n")) {
            throw new IOException("field key '" + key + "' holds a tab or newline");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(e.vector());
        String line = key + "\t" + e.cropsUsed() + "\t" + e.cropsTotal() + "\t"
                + Base64.getEncoder().encodeToString(b.array()) + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        done.put(key, e);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
