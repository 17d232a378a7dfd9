package org.dinoscope.model.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors files: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the end of the header), then the
 * raw little-endian data. {@code __metadata__} is ignored. The format holds data only, so there is nothing to
 * execute; the checks are about sizes: the header length and every offset are checked against the file size
 * before anything is allocated or read.
 */
final class SafetensorsReader {
    /** The limit the reference implementation puts on the header. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private SafetensorsReader() {
    }

    /** Whether the first bytes look like a safetensors header: a plausible length followed by '{'. */
    static boolean looksLikeSafetensors(byte[] head, int n) {
        return n >= 9 && head[8] == '{';
    }

    /** The tensors of the file, in header order, not yet read. */
    static Map<String, Object> read(Path path, long fileSize) throws CheckpointException {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = readAt(ch, 0, 8, file, "header length");
            long headerLen = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLen < 2 || headerLen > fileSize - 8 || headerLen > MAX_HEADER_BYTES) {
                throw new CheckpointException(file + ": safetensors header claims "
                        + Long.toUnsignedString(headerLen) + " bytes, but the file holds " + (fileSize - 8)
                        + " bytes after the length field" + (headerLen > MAX_HEADER_BYTES
                        ? " (and headers are limited to " + MAX_HEADER_BYTES + " bytes)" : "")
                        + "; the file is truncated or not a safetensors file");
            }
            ByteBuffer hb = readAt(ch, 8, (int) headerLen, file, "header");
            String json = new String(hb.array(), StandardCharsets.UTF_8);
            JsonObject header;
            try {
                JsonElement el = JsonParser.parseString(json);
                if (!el.isJsonObject()) {
                    throw new CheckpointException(file + ": safetensors header is not a JSON object");
                }
                header = el.getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new CheckpointException(file + ": safetensors header is not valid JSON (" + e.getMessage()
                        + ")", e);
            }
            long dataStart = 8 + headerLen;
            long dataSize = fileSize - dataStart;
            Map<String, Object> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> en : header.entrySet()) {
                if (en.getKey().equals("__metadata__")) {
                    continue;
                }
                tensors.put(en.getKey(), entry(path, en.getKey(), en.getValue(), dataStart, dataSize));
            }
            refuseOverlaps(file, tensors);
            return tensors;
        } catch (IOException e) {
            if (e instanceof CheckpointException) {
                throw (CheckpointException) e;
            }
            throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Two tensors sharing bytes are a crafted or damaged file; the reference safetensors library refuses them
     * too (it wants every tensor in a range of its own).
     */
    private static void refuseOverlaps(String file, Map<String, Object> tensors) throws CheckpointException {
        List<Map.Entry<String, Object>> byStart = new ArrayList<>(tensors.entrySet());
        byStart.removeIf(e -> ((Lazy) e.getValue()).bytes == 0);
        byStart.sort(Comparator.comparingLong(e -> ((Lazy) e.getValue()).position));
        for (int i = 1; i < byStart.size(); i++) {
            Lazy prev = (Lazy) byStart.get(i - 1).getValue();
            Lazy cur = (Lazy) byStart.get(i).getValue();
            if (cur.position < prev.position + prev.bytes) {
                throw new CheckpointException(file + ": safetensors tensors '" + byStart.get(i - 1).getKey() + "' and '"
                        + byStart.get(i).getKey() + "' overlap in the data section (crafted or damaged file)");
            }
        }
    }

    private static LazyTensor entry(Path path, String name, JsonElement el, long dataStart, long dataSize)
            throws CheckpointException {
        String what = path + ": safetensors tensor '" + name + "'";
        if (!el.isJsonObject()) {
            throw new CheckpointException(what + " is not described by a JSON object");
        }
        JsonObject o = el.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new CheckpointException(what + " has no dtype");
        }
        StorageDtype dtype;
        switch (dt.getAsString()) {
            case "F32": dtype = StorageDtype.F32; break;
            case "F16": dtype = StorageDtype.F16; break;
            case "BF16": dtype = StorageDtype.BF16; break;
            case "F64": dtype = StorageDtype.F64; break;
            default:
                throw new CheckpointException(what + " has dtype " + dt.getAsString()
                        + ", which this reader does not support (F32, F16, BF16, F64)");
        }
        long[] shape = longs(o.get("shape"), what, "shape", TorchTensor.MAX_RANK);
        long[] offsets = longs(o.get("data_offsets"), what, "data_offsets", 2);
        if (offsets.length != 2) {
            throw new CheckpointException(what + ": data_offsets must hold [begin, end]");
        }
        long numel;
        long bytes;
        try {
            numel = Tensor.numel(shape);
            bytes = Math.multiplyExact(numel, (long) dtype.size());
        } catch (ArithmeticException e) {
            throw new CheckpointException(what + " has shape " + Values.shape(shape) + ", which overflows");
        }
        if (offsets[1] < offsets[0] || offsets[1] > dataSize) {
            throw new CheckpointException(what + " claims bytes " + offsets[0] + " to " + offsets[1]
                    + " of a data section of " + dataSize + " bytes (truncated or crafted file)");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new CheckpointException(what + " of shape " + Values.shape(shape) + " and dtype " + dtype
                    + " needs " + bytes + " bytes but its offsets span " + (offsets[1] - offsets[0]));
        }
        if (numel > TorchTensor.MAX_ELEMENTS || bytes > TorchTensor.MAX_ELEMENTS) {
            throw new CheckpointException(what + " has " + numel + " elements, more than this reader can hold");
        }
        return new Lazy(path, shape, dtype, dataStart + offsets[0], (int) bytes);
    }

    private static long[] longs(JsonElement el, String what, String field, int maxLen) throws CheckpointException {
        if (el == null || !el.isJsonArray() || el.getAsJsonArray().size() > maxLen) {
            throw new CheckpointException(what + ": '" + field + "' is missing or not an array of at most "
                    + maxLen + " integers");
        }
        JsonArray a = el.getAsJsonArray();
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            try {
                BigDecimal d = a.get(i).getAsBigDecimal();
                v[i] = d.longValueExact();
            } catch (RuntimeException e) {
                throw new CheckpointException(what + ": '" + field + "' holds " + a.get(i)
                        + ", not an integer");
            }
            if (v[i] < 0) {
                throw new CheckpointException(what + ": '" + field + "' holds the negative value " + v[i]);
            }
        }
        return v;
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length, String file, String what)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
                throw new CheckpointException(file + ": safetensors " + what + " is truncated");
            }
        }
        b.flip();
        return b;
    }

    /** A safetensors tensor whose bytes are read on {@link #load}. */
    private static final class Lazy implements LazyTensor {
        private final Path path;
        private final long[] shape;
        private final StorageDtype dtype;
        private final long position;
        private final int bytes;

        Lazy(Path path, long[] shape, StorageDtype dtype, long position, int bytes) {
            this.path = path;
            this.shape = shape;
            this.dtype = dtype;
            this.position = position;
            this.bytes = bytes;
        }

        @Override
        public Tensor load(String name) throws CheckpointException {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer b = readAt(ch, position, bytes, path.toString(), "tensor '" + name + "'")
                        .order(ByteOrder.LITTLE_ENDIAN);
                int n = bytes / dtype.size();
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = dtype.get(b, i);
                }
                return new Tensor(shape, out, dtype.label());
            } catch (IOException e) {
                if (e instanceof CheckpointException) {
                    throw (CheckpointException) e;
                }
                throw new CheckpointException(path + ": cannot read tensor '" + name + "' (" + e.getMessage()
                        + ")", e);
            }
        }

        @Override
        public String describe() {
            return "tensor " + Values.shape(shape) + " " + dtype.label();
        }
    }
}
