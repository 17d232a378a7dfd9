package org.dinoscope.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes torch.save-style zip archives for tests, with any entries and pickles. */
final class TestZips {
    private TestZips() {
    }

    static Map<String, byte[]> entries() {
        return new LinkedHashMap<>();
    }

    /** Stored (uncompressed) entries, as torch.save writes them. */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zos = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED);
                z.setSize(e.getValue().length);
                z.setCompressedSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                zos.putNextEntry(z);
                zos.write(e.getValue());
                zos.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    /** A torch-style archive {@code archive/data.pkl}, {@code archive/data/<key>}, {@code archive/version}. */
    static Path torch(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> e = entries();
        e.put("archive/data.pkl", pickle);
        for (Map.Entry<String, byte[]> s : storages.entrySet()) {
            e.put("archive/data/" + s.getKey(), s.getValue());
        }
        e.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, zip(e));
        return file;
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] floats(float... v) {
        return floats(ByteOrder.LITTLE_ENDIAN, v);
    }

    /**
     * Rewrites the sizes the local and central headers claim for {@code name}, leaving the data as is: a zip
     * that lies about an entry's size.
     */
    static byte[] claimSize(byte[] zip, String name, int claimed) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        byte[] nb = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < out.length; i++) {
            int sig = b.getInt(i);
            if (sig == 0x04034b50 && matches(out, i + 30, nb) && (b.getShort(i + 26) & 0xffff) == nb.length) {
                b.putInt(i + 18, claimed);
                b.putInt(i + 22, claimed);
            } else if (sig == 0x02014b50 && matches(out, i + 46, nb) && (b.getShort(i + 28) & 0xffff) == nb.length) {
                b.putInt(i + 20, claimed);
                b.putInt(i + 24, claimed);
            }
        }
        return out;
    }

    private static boolean matches(byte[] a, int at, byte[] nb) {
        if (at + nb.length > a.length) {
            return false;
        }
        for (int i = 0; i < nb.length; i++) {
            if (a[at + i] != nb[i]) {
                return false;
            }
        }
        return true;
    }
}
