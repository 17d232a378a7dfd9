package org.dinoscope.plate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One field of a plate as the layout describes it: where it is (plate, well, site), one file per channel
 * in the layout's channel order (null where the layout has no file for that channel), and the metadata
 * carried into the profile tables ({@code Metadata_*} keys, platemap columns included).
 */
public record FieldSpec(String plate, String well, String site, List<Path> channelFiles,
                        Map<String, String> metadata) {
    public FieldSpec {
        channelFiles = Collections.unmodifiableList(new ArrayList<>(channelFiles));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** plate/well/site: unique within a layout, used by the journal and in messages. */
    public String key() {
        return plate + "/" + well + "/" + site;
    }

    /**
     * The stamp of the field's input: per channel, in order, the channel name, the file's absolute path, size and
     * modification time, hashed (SHA-256, 32 hex digits). Another file, another channel mapping or a re-acquired
     * image under the same name gives another stamp; resumable runs compare stamps before reusing work.
     */
    public String stamp(List<String> channels) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < channels.size(); c++) {
            Path p = c < channelFiles.size() ? channelFiles.get(c) : null;
            sb.append(channels.get(c)).append('=');
            if (p == null) {
                sb.append("(none)");
            } else {
                sb.append(p.toAbsolutePath().normalize());
                try {
                    sb.append('|').append(Files.size(p)).append('|')
                            .append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    sb.append("|unreadable");
                }
            }
            sb.append('\n');
        }
        return sha256(sb.toString(), 16);
    }

    /** Hex SHA-256 of a text, its first {@code bytes} bytes. */
    public static String sha256(String text, int bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indices of channels with no file. */
    public List<Integer> missingChannels() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < channelFiles.size(); i++) {
            if (channelFiles.get(i) == null) {
                out.add(i);
            }
        }
        return out;
    }

    public FieldSpec withMetadata(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        extra.forEach(m::putIfAbsent);
        return new FieldSpec(plate, well, site, channelFiles, m);
    }
}
