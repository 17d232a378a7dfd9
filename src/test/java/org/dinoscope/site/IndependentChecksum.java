package org.dinoscope.site;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A second, independent formulation of the ImageJ updater's checksum, for tests: it streams the jar with
 * ZipInputStream (not ZipFile), orders entries by collecting them into a sorted map, and filters .properties
 * line by line (where the builder's filter is a byte state machine). Both are pinned to values the real
 * imagej-updater computed (UpdateSiteBuilderTest).
 */
final class IndependentChecksum {
    private IndependentChecksum() {
    }

    static String of(String path, Path file) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        if (!path.endsWith(".jar")) {
            sha1.update(path.getBytes(StandardCharsets.US_ASCII));
            sha1.update(Files.readAllBytes(file));
            return hex(sha1.digest());
        }
        TreeMap<String, byte[]> entries = new TreeMap<>();
        // local headers read in file order (ZipInputStream), where the builder reads the central directory
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] content = zip.readAllBytes();
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    content = new byte[0];
                } else if (e.getName().endsWith(".properties")) {
                    content = withoutCommentLines(content);
                }
                entries.put(e.getName(), content);
            }
        }
        for (var e : entries.entrySet()) {
            sha1.update(e.getKey().getBytes(StandardCharsets.US_ASCII));
            sha1.update(e.getValue());
        }
        return hex(sha1.digest());
    }

    /**
     * Line by line: a line starting with '#' at a line start becomes an empty line (or nothing, unterminated);
     * a line start is lost after an empty line or after a comment of '#' characters only.
     */
    static byte[] withoutCommentLines(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean atStart = true;
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            boolean terminated = nl >= 0;
            String line = terminated ? text.substring(from, nl) : text.substring(from);
            from = terminated ? nl + 1 : text.length();
            String eol = terminated ? "\n" : "";
            if (atStart && line.startsWith("#")) {
                out.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
                atStart = !line.replaceAll("^#+", "").isEmpty();
            } else if (atStart && line.isEmpty()) {
                out.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
                atStart = false;
            } else {
                out.writeBytes((line + eol).getBytes(StandardCharsets.ISO_8859_1));
                atStart = true;
            }
        }
        return out.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
