package org.dinoscope.plate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The one way to open a layout, for the CLI and Fiji alike: a load_data CSV or a folder, plus a platemap. */
public final class Layouts {
    private Layouts() {
    }

    /**
     * @param layout     a load_data CSV, or a folder of images named by {@code pattern}
     * @param pattern    preset name or regular expression (folders only)
     * @param channelMap {@code 1=DNA,2=ER,...} or null (folders only)
     * @param platemap   table joined on plate and well, or null
     * @param warn       receives warnings (fields without a platemap row)
     */
    public static PlateLayout open(Path layout, String pattern, String channelMap, Path platemap,
                                   Consumer<String> warn) throws IOException {
        PlateLayout l;
        if (Files.isDirectory(layout)) {
            l = FilePattern.scan(layout, pattern, ChannelMap.parse(channelMap));
        } else if (Files.isRegularFile(layout)) {
            if (channelMap != null && !channelMap.isBlank()) {
                throw new IllegalArgumentException("a channel map applies to a folder layout; a load_data CSV names "
                        + "its channels in its FileName_Orig<Channel> columns");
            }
            l = LoadData.read(layout);
        } else {
            throw new IOException(layout + ": no such load_data CSV or folder");
        }
        if (platemap != null) {
            Platemap.Joined j = Platemap.join(l, platemap);
            if (j.unmatched() > 0) {
                warn.accept(j.unmatched() + " of " + l.fields().size() + " fields have no row in " + platemap);
            }
            List<String> empty = j.wellsWithoutFields();
            if (!empty.isEmpty()) {
                warn.accept(empty.size() + " well" + (empty.size() == 1 ? "" : "s") + " of " + platemap
                        + " have no image files: " + String.join(", ", empty.subList(0, Math.min(10, empty.size())))
                        + (empty.size() > 10 ? ", ..." : ""));
            }
            l = j.layout();
        }
        return l.withSpec(new LayoutSpec(layout, Files.isDirectory(layout) ? pattern : null,
                channelMap == null || channelMap.isBlank() ? null : channelMap, platemap));
    }

    /** Opens a layout again from what it was opened from. */
    public static PlateLayout open(LayoutSpec spec, Consumer<String> warn) throws IOException {
        return open(spec.layout(), spec.pattern(), spec.channelMap(), spec.platemap(), warn);
    }
}
