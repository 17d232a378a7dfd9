package org.dinoscope.model.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.dinoscope.OutputFiles;

/**
 * Whole safetensors files for the trainer: every tensor by its stored name (no layout resolution) plus the
 * string metadata, and writing in the format's layout (8-byte little-endian header length, JSON header
 * padded with spaces to 8 bytes, raw little-endian F32 data), atomically.
 */
public final class SafetensorsFile {
    private SafetensorsFile() {
    }

    /** All tensors of a safetensors file under their stored names, widened to float32. */
    public static Map<String, Tensor> readTensors(Path file) throws CheckpointException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : SafetensorsReader.read(file, size).entrySet()) {
            out.put(e.getKey(), ((LazyTensor) e.getValue()).load(e.getKey()));
        }
        return out;
    }

    /** The {@code __metadata__} strings of a safetensors file (empty when it has none). */
    public static Map<String, String> metadata(Path file) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8);
            ch.read(len, 0);
            len.flip();
            long n = len.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > SafetensorsReader.MAX_HEADER_BYTES || n > ch.size() - 8) {
                throw new CheckpointException(file + ": not a safetensors file (header length " + n + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            while (hb.hasRemaining() && ch.read(hb, 8 + hb.position()) > 0) {
                // read the whole header
            }
            JsonObject header = JsonParser.parseString(new String(hb.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            Map<String, String> out = new LinkedHashMap<>();
            if (header.has("__metadata__")) {
                header.getAsJsonObject("__metadata__").entrySet()
                        .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException) {
                throw (CheckpointException) e;
            }
            throw new CheckpointException(file + ": cannot read the safetensors header (" + e.getMessage() + ")", e);
        }
    }

    /** Writes float32 tensors and metadata; the file appears complete or not at all. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            long bytes = 4L * e.getValue().data().length;
            offsets.add(offset);
            offsets.add(offset + bytes);
            o.add("data_offsets", offsets);
            header.add(e.getKey(), o);
            offset += bytes;
        }
        byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        OutputFiles.write(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(len.array());
                out.write(text);
                for (int i = text.length; i < padded; i++) {
                    out.write(' ');
                }
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    for (float v : t.data()) {
                        if (!buf.hasRemaining()) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
        });
    }
}
