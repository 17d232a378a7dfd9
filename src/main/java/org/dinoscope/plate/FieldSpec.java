package org.dinoscope.plate;

import java.nio.file.Path;
import java.util.Collections;
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
        channelFiles = Collections.unmodifiableList(new java.util.ArrayList<>(channelFiles));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** plate/well/site: unique within a layout, used by the journal and in messages. */
    public String key() {
        return plate + "/" + well + "/" + site;
    }

    /** Indices of channels with no file. */
    public List<Integer> missingChannels() {
        List<Integer> out = new java.util.ArrayList<>();
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
