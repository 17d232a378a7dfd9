package org.dinoscope.plate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * What a layout was opened from, so that it can be opened again: the profile tables' sidecars record it, and
 * Fiji's profile map finds the images of a clicked field through it.
 *
 * @param layout     load_data CSV or folder (absolute)
 * @param pattern    file-name pattern preset or regular expression (folders), or null
 * @param channelMap {@code 1=DNA,...} or null
 * @param platemap   platemap table (absolute) or null
 */
public record LayoutSpec(Path layout, String pattern, String channelMap, Path platemap) {
    public LayoutSpec {
        layout = layout.toAbsolutePath().normalize();
        platemap = platemap == null ? null : platemap.toAbsolutePath().normalize();
    }

    /** For a JSON sidecar. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layout", layout.toString());
        m.put("pattern", pattern);
        m.put("channel_map", channelMap);
        m.put("platemap", platemap == null ? null : platemap.toString());
        return m;
    }

    /** From a sidecar's {@code layout_spec} object. */
    public static LayoutSpec fromJson(JsonObject o) {
        return new LayoutSpec(Path.of(o.get("layout").getAsString()), text(o, "pattern"), text(o, "channel_map"),
                text(o, "platemap") == null ? null : Path.of(text(o, "platemap")));
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }
}
