package org.dinoscope.plate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Instrument channel ids to channel names, written {@code 1=DNA,2=ER,...}; its order is the channel order. */
public final class ChannelMap {
    private ChannelMap() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return m;
        }
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("channel map entry '" + part.trim()
                        + "' is not id=name (e.g. 1=DNA,2=ER)");
            }
            if (m.put(kv[0].trim(), kv[1].trim()) != null) {
                throw new IllegalArgumentException("channel id '" + kv[0].trim() + "' appears twice in the channel map");
            }
        }
        return m;
    }
}
