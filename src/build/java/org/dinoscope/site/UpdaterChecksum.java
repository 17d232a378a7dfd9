package org.dinoscope.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checksum the ImageJ updater (net.imagej.updater.util.UpdaterUtil.getDigest, imagej-updater 2.0.3)
 * records for a file and verifies after each download, so that Fiji sees our files as up to date.
 * <ul>
 * <li>A jar: SHA-1 over its entries sorted by name; for each entry its name (ASCII) then its bytes, except
 * that {@code META-INF/MANIFEST.MF} contributes only its name (the updater keeps only lines that, upper-cased,
 * start with "Main-Class:", which none does) and {@code .properties} entries lose their comment lines (the
 * build date Maven writes there), with the updater's exact rules: see {@link #skipHashedLines(byte[])}.</li>
 * <li>Any other file: SHA-1 of its path in the Fiji folder (ASCII) followed by its bytes.</li>
 * </ul>
 */
public final class UpdaterChecksum {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private UpdaterChecksum() {
    }

    /** @param path the file's path in the Fiji folder, e.g. {@code jars/gson-2.11.0.jar} */
    public static String of(String path, Path file) throws IOException {
        MessageDigest sha1 = sha1();
        if (path.endsWith(".jar")) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
                entries.sort(Comparator.comparing(ZipEntry::getName));
                for (ZipEntry e : entries) {
                    sha1.update(e.getName().getBytes(StandardCharsets.US_ASCII));
                    if (e.getName().equals(MANIFEST)) {
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        if (e.getName().endsWith(".properties")) {
                            sha1.update(skipHashedLines(in.readAllBytes()));
                        } else {
                            digest(in, sha1);
                        }
                    }
                }
            }
        } else {
            sha1.update(path.getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = Files.newInputStream(file)) {
                digest(in, sha1);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * The bytes the updater's SkipHashedLines stream passes on. At the start of the stream, and after a newline
     * read outside a comment, a '#' starts a comment: it and everything up to its newline are dropped, the
     * newline kept. Two quirks of that stream are reproduced because they change checksums: a line that is
     * empty, or a comment made of '#' alone, leaves the stream "not at a line start", so the next line is kept
     * whole even when it starts with '#'.
     */
    static byte[] skipHashedLines(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        boolean lineStart = true;
        int i = 0;
        while (i < in.length) {
            byte b = in[i++];
            if (!lineStart) {
                out.write(b);
                lineStart = b == '\n';
            } else if (b != '#') {
                out.write(b);
                lineStart = false;
            } else {
                // a comment: further '#' directly after it open nested comments that end at the same newline
                while (i < in.length && in[i] == '#') {
                    i++;
                }
                if (i == in.length) {
                    break;
                }
                boolean onlyHashes = in[i] == '\n';
                while (i < in.length && in[i] != '\n') {
                    i++;
                }
                if (i == in.length) {
                    break;
                }
                out.write(in[i++]);
                lineStart = !onlyHashes;
            }
        }
        return out.toByteArray();
    }

    private static void digest(InputStream in, MessageDigest sha1) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha1.update(buffer, 0, n);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("no SHA-1 in this Java", e));
        }
    }
}
