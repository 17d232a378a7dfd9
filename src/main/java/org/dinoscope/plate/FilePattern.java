package org.dinoscope.plate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * A folder of images named by the microscope: a regular expression with named groups {@code plate},
 * {@code well} (or {@code row} and {@code col}), {@code site} and {@code channel}, or one of the presets.
 * Without a {@code plate} group the plate is the name of the image's folder.
 */
public final class FilePattern {
    /** File-name patterns of common instruments. */
    public enum Preset {
        /** Opera Phenix / Operetta: r01c01f01p01-ch1sk1fk1fl1.tiff (plate = folder name). */
        PHENIX("phenix", "r(?<row>\\d{2})c(?<col>\\d{2})f(?<site>\\d{2})p\\d{2}-ch(?<channel>\\d+)sk\\d+fk\\d+fl\\d+\\.tiff?"),
        /** ImageXpress: <plate>_<well>_s<site>_w<channel>[<GUID>].tif. */
        IMAGEXPRESS("imagexpress",
                "(?<plate>.+)_(?<well>[A-Za-z]{1,2}\\d{2})_s(?<site>\\d+)_w(?<channel>\\d+)(?:[0-9A-Fa-f-]{36})?\\.tiff?"),
        /** CellProfiler examples: <prefix>_<well>f<site>d<channel>.tif. */
        CELLPROFILER("cellprofiler", "(?<plate>.+)_(?<well>[A-Za-z]{1,2}\\d{2})f(?<site>\\d{2})d(?<channel>\\d)\\.tiff?");

        private final String id;
        private final String regex;

        Preset(String id, String regex) {
            this.id = id;
            this.regex = regex;
        }

        public String id() {
            return id;
        }

        public String regex() {
            return regex;
        }
    }

    private FilePattern() {
    }

    /** A preset's regular expression, or the text itself when it is not a preset name. */
    public static Pattern compile(String presetOrRegex) {
        for (Preset p : Preset.values()) {
            if (p.id.equalsIgnoreCase(presetOrRegex.trim())) {
                return Pattern.compile(p.regex, Pattern.CASE_INSENSITIVE);
            }
        }
        Pattern p;
        try {
            p = Pattern.compile(presetOrRegex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--pattern '" + presetOrRegex + "' is neither a preset (" + presetIds()
                    + ") nor a valid regular expression: " + e.getDescription() + " near index " + e.getIndex(), e);
        }
        String s = p.pattern();
        boolean wellGroups = s.contains("(?<well>") || (s.contains("(?<row>") && s.contains("(?<col>"));
        if (!wellGroups || !s.contains("(?<site>") || !s.contains("(?<channel>")) {
            throw new IllegalArgumentException("file-name pattern '" + presetOrRegex + "' must be a preset ("
                    + presetIds() + ") or a regular expression with named groups well (or row and col), site and "
                    + "channel (plate optional)");
        }
        return p;
    }

    public static String presetIds() {
        return String.join(", ", Stream.of(Preset.values()).map(Preset::id).toList());
    }

    /**
     * Finds every matching image under {@code folder} and groups it into fields.
     *
     * @param channelMap channel id to name; its order is the channel order. Empty: every id found, sorted,
     *                   named ch&lt;id&gt;. Ids not in a non-empty map are ignored.
     */
    public static PlateLayout scan(Path folder, String presetOrRegex, Map<String, String> channelMap) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        Pattern pattern = compile(presetOrRegex);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        // field key -> channel id -> file
        Map<List<String>, Map<String, Path>> byField = new LinkedHashMap<>();
        TreeSet<String> ids = new TreeSet<>(FilePattern::compareIds);
        for (Path f : files) {
            Matcher m = pattern.matcher(f.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            String plate = group(m, "plate");
            if (plate == null) {
                Path parent = f.getParent();
                plate = parent.equals(folder) ? folder.getFileName().toString() : parent.getFileName().toString();
            }
            String well = group(m, "well") != null ? Wells.normalise(group(m, "well"))
                    : Wells.fromRowColumn(Integer.parseInt(group(m, "row")), Integer.parseInt(group(m, "col")));
            String site = stripZeros(group(m, "site"));
            String channel = stripZeros(group(m, "channel"));
            if (!channelMap.isEmpty() && !channelMap.containsKey(channel)) {
                continue;
            }
            ids.add(channel);
            Path previous = byField.computeIfAbsent(List.of(plate, well, site), k -> new LinkedHashMap<>()).put(channel, f);
            if (previous != null) {
                throw new IOException(folder + ": two files for plate " + plate + ", well " + well + ", site " + site
                        + ", channel " + channel + ": " + previous.getFileName() + " and " + f.getFileName());
            }
        }
        if (byField.isEmpty()) {
            throw new IOException(folder + ": no file matches the pattern '" + presetOrRegex + "' (" + pattern.pattern()
                    + "); " + files.size() + " files looked at");
        }
        List<String> channelIds = channelMap.isEmpty() ? new ArrayList<>(ids) : new ArrayList<>(channelMap.keySet());
        List<String> names = channelIds.stream().map(id -> channelMap.isEmpty() ? "ch" + id : channelMap.get(id)).toList();
        List<FieldSpec> fields = new ArrayList<>();
        byField.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, Map<String, Path>> e) -> e.getKey().get(0))
                        .thenComparing(e -> e.getKey().get(1))
                        .thenComparing(e -> e.getKey().get(2), FilePattern::compareIds))
                .forEach(e -> {
                    List<Path> paths = new ArrayList<>();
                    for (String id : channelIds) {
                        paths.add(e.getValue().get(id));
                    }
                    List<String> k = e.getKey();
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("Metadata_Plate", k.get(0));
                    meta.put("Metadata_Well", k.get(1));
                    meta.put("Metadata_Site", k.get(2));
                    fields.add(new FieldSpec(k.get(0), k.get(1), k.get(2), paths, meta));
                });
        return new PlateLayout("folder " + folder + ", pattern " + presetOrRegex, names, fields);
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException e) {
            return null; // the pattern has no such group
        }
    }

    private static String stripZeros(String s) {
        String t = s.replaceFirst("^0+(?=\\d)", "");
        return t.toLowerCase(Locale.ROOT);
    }

    /** Numeric ids in numeric order, others in text order. */
    static int compareIds(String a, String b) {
        boolean na = a.matches("\\d+");
        boolean nb = b.matches("\\d+");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na ? -1 : nb ? 1 : a.compareTo(b);
    }
}
