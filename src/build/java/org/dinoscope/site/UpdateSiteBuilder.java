package org.dinoscope.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dinoscope.site.SiteDb.Dependency;
import org.dinoscope.site.SiteDb.Record;
import org.dinoscope.site.SiteDb.Version;

/**
 * Builds (or updates) a Fiji update site in a folder: the plugin jar under {@code plugins/}, its dependency
 * jars under {@code jars/}, jars of native libraries under {@code jars/<platform>/} (platform names of the
 * updater: linux64, linux-arm64, win64, macos64, macos-arm64), each stored as {@code <path>-<timestamp>}, and
 * {@code db.xml.gz} recording every file's checksum (as the updater computes it), timestamp and size.
 * <p>
 * Building again into the same folder behaves as an upload does: a file whose checksum did not change keeps its
 * version; a changed file gets a new version and its old one becomes a previous version (its stored file stays,
 * so older installations can still be served); a file no longer shipped is marked obsolete. This is build-time
 * code (src/build/java), compiled with the tests and never shipped in the plugin jar; Maven runs it with
 * {@code mvn -B package -Pupdate-site -DskipTests}.
 */
public final class UpdateSiteBuilder {
    /** Maven classifiers of native jars (DJL, JavaCPP) to the updater's platform folders. */
    static final Map<String, String> PLATFORMS = new LinkedHashMap<>();

    static {
        PLATFORMS.put("linux-x86_64", "linux64");
        PLATFORMS.put("linux-aarch64", "linux-arm64");
        PLATFORMS.put("linux-arm64", "linux-arm64");
        PLATFORMS.put("windows-x86_64", "win64");
        PLATFORMS.put("win-x86_64", "win64");
        PLATFORMS.put("windows-arm64", "win-arm64");
        PLATFORMS.put("macosx-x86_64", "macos64");
        PLATFORMS.put("osx-x86_64", "macos64");
        PLATFORMS.put("macosx-arm64", "macos-arm64");
        PLATFORMS.put("osx-aarch64", "macos-arm64");
    }

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /**
     * @param out         the update site folder (created if needed)
     * @param plugin      the plugin jar
     * @param jarDirs     folders whose jars are shipped as dependencies
     * @param fiji        what Fiji ships (pom-scijava's managed artifacts): every jar of one of these artifacts
     *                    is left out, so that the site never shadows Fiji's own copies
     * @param timestamp   the updater's yyyyMMddHHmmss timestamp of new versions
     * @param description the plugin's description
     */
    public record Options(Path out, Path plugin, List<Path> jarDirs, FijiBom fiji, long timestamp,
            String description) {
    }

    /** What a build did: every record written, which files it stored now, and which jars it left to Fiji. */
    public record Result(List<Record> records, List<String> stored, List<String> leftToFiji) {
    }

    private record Entry(String path, Path source, String platform, String description) {
    }

    private UpdateSiteBuilder() {
    }

    public static Result build(Options o) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> leftToFiji = new ArrayList<>();
        entries.add(new Entry("plugins/" + o.plugin().getFileName(), o.plugin(), null, o.description()));
        for (Path dir : o.jarDirs()) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("no folder of dependency jars " + dir);
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    String name = jar.getFileName().toString();
                    if (fijiShips(o.fiji(), jar)) {
                        leftToFiji.add(name);
                        continue;
                    }
                    String platform = platformOf(name);
                    String path = "jars/" + (platform != null ? platform + "/" : "") + name;
                    entries.add(new Entry(path, jar, platform, describe(jar, platform)));
                }
            }
        }
        Map<String, Entry> byKey = new LinkedHashMap<>();
        for (Entry e : entries) {
            Entry clash = byKey.put(Record.unversioned(e.path()), e);
            if (clash != null) {
                throw new IOException("two files would be the same file to the updater: " + clash.source() + " and "
                        + e.source() + " (both " + Record.unversioned(e.path()) + ")");
            }
        }

        Files.createDirectories(o.out());
        Path db = o.out().resolve(SiteDb.FILE_NAME);
        Map<String, Record> old = SiteDb.read(db);
        List<String> stored = new ArrayList<>();
        Map<String, Record> records = new LinkedHashMap<>();
        for (Entry e : entries) {
            String checksum = UpdaterChecksum.of(e.path(), e.source());
            Record before = old.remove(Record.unversioned(e.path()));
            Version v;
            List<Version> previous = new ArrayList<>();
            if (before != null && before.current() != null && before.current().checksum().equals(checksum)
                    && before.current().filename().equals(e.path())) {
                v = before.current();
                previous.addAll(before.previous());
            } else {
                v = new Version(e.path(), checksum, o.timestamp(), Files.size(e.source()), 0);
                if (before != null) {
                    if (before.current() != null) {
                        previous.add(obsolete(before.current(), o.timestamp()));
                    }
                    previous.addAll(before.previous());
                }
            }
            Path target = o.out().resolve(v.storedAs());
            if (!Files.exists(target) || Files.size(target) != v.filesize()) {
                Files.createDirectories(target.getParent());
                Files.copy(e.source(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                stored.add(v.storedAs());
            }
            records.put(e.path(), new Record(e.path(), e.platform() == null ? List.of() : List.of(e.platform()), v,
                    e.description(), List.of(), previous));
        }
        // The plugin depends on every platform-independent jar. Not on native jars: the updater installs a
        // file's dependencies whatever their platform (FileObject.stageForUpdate), so Windows and macOS natives
        // would land on Linux; the natives of the active platforms come with the site as a whole.
        List<Dependency> deps = new ArrayList<>();
        Record plugin = null;
        for (Record r : records.values()) {
            if (plugin == null) {
                plugin = r;
            } else if (r.platforms().isEmpty()) {
                deps.add(new Dependency(r.filename(), r.current().timestamp()));
            }
        }
        records.put(plugin.filename(), new Record(plugin.filename(), plugin.platforms(), plugin.current(),
                plugin.description(), deps, plugin.previous()));
        List<Record> all = new ArrayList<>(records.values());
        for (Record gone : old.values()) {
            List<Version> previous = new ArrayList<>();
            if (gone.current() != null) {
                previous.add(obsolete(gone.current(), o.timestamp()));
            }
            previous.addAll(gone.previous());
            all.add(new Record(gone.filename(), gone.platforms(), null, null, List.of(), previous));
        }
        SiteDb.write(db, all);
        return new Result(all, stored, leftToFiji);
    }

    /**
     * Whether Fiji ships the jar's artifact: its Maven coordinates (from the jar's pom.properties) are managed by
     * pom-scijava, or, for a jar without them (some native and DJL jars), its artifactId (from the file name Maven
     * gives it) is; but not the artifacts of {@link FijiBom#NOT_IN_FIJI}, which the site ships, and then only at
     * pom-scijava's version (anything else is an error).
     */
    static boolean fijiShips(FijiBom fiji, Path jar) throws IOException {
        String[] coordinates = coordinates(jar);
        String name = jar.getFileName().toString();
        String artifactId = FijiBom.artifactIdOf(name);
        if (FijiBom.NOT_IN_FIJI.contains(artifactId)) {
            String managed = fiji.versionOfArtifactId(artifactId);
            if (managed != null && !name.startsWith(artifactId + "-" + managed + ".")
                    && !name.startsWith(artifactId + "-" + managed + "-")) {
                throw new IOException(jar + ": Fiji's " + fiji.pom().getFileName() + " manages " + artifactId + " at "
                        + managed + "; build against that version, or the site would shadow it with another");
            }
            return false;
        }
        if (coordinates != null && fiji.version(coordinates[0], coordinates[1]) != null) {
            return true;
        }
        return fiji.managesArtifactId(FijiBom.artifactIdOf(name));
    }

    private static Version obsolete(Version v, long when) {
        return new Version(v.filename(), v.checksum(), v.timestamp(), v.filesize(), when);
    }

    /** The updater's platform of a jar named with a native classifier, or null. */
    static String platformOf(String jarName) {
        for (Map.Entry<String, String> p : PLATFORMS.entrySet()) {
            if (jarName.endsWith("-" + p.getKey() + ".jar")) {
                return p.getValue();
            }
        }
        return null;
    }

    /** groupId, artifactId and version from the jar's pom.properties, or null when it has none. */
    static String[] coordinates(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = zip.getInputStream(e)) {
                        p.load(in);
                    }
                    return new String[] {p.getProperty("groupId"), p.getProperty("artifactId"),
                            p.getProperty("version")};
                }
            }
        }
        return null;
    }

    /** The record's description with the Maven coordinates from the jar's pom.properties, e.g. "ai.djl:api:0.35.1". */
    private static String describe(Path jar, String platform) throws IOException {
        String[] c = coordinates(jar);
        String coordinates = c == null ? jar.getFileName().toString() : String.join(":", c);
        return platform == null ? "DINOscope dependency " + coordinates
                : "DINOscope dependency " + coordinates + ": native libraries for " + platform;
    }

    public static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    }

    /**
     * {@code --out DIR --plugin JAR --fiji-bom POM [--jars DIR]... [--timestamp yyyyMMddHHmmss]
     * [--description TEXT]}
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        Path plugin = null;
        List<Path> jarDirs = new ArrayList<>();
        Path bom = null;
        String timestamp = now();
        String description = "DINOscope: morphological profiles with self-supervised vision transformers";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--plugin" -> plugin = Path.of(v);
                case "--jars" -> jarDirs.add(Path.of(v));
                case "--fiji-bom" -> bom = Path.of(v);
                case "--timestamp" -> timestamp = v;
                case "--description" -> description = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (out == null || plugin == null || bom == null) {
            throw new IllegalArgumentException("usage: --out DIR --plugin JAR --fiji-bom POM [--jars DIR]... "
                    + "[--timestamp yyyyMMddHHmmss] [--description TEXT]");
        }
        if (!timestamp.matches("\\d{14}")) {
            throw new IllegalArgumentException("--timestamp " + timestamp + " is not yyyyMMddHHmmss");
        }
        Result r = build(new Options(out, plugin, jarDirs, FijiBom.read(bom), Long.parseLong(timestamp), description));
        Map<String, long[]> perPlatform = new TreeMap<>();
        for (Record rec : r.records()) {
            if (rec.current() != null) {
                long[] s = perPlatform.computeIfAbsent(rec.platforms().isEmpty() ? "all platforms" : rec.platforms().get(0),
                        k -> new long[2]);
                s[0]++;
                s[1] += rec.current().filesize();
            }
        }
        System.out.println("update site " + out.toAbsolutePath() + ": " + r.stored().size() + " files stored now");
        perPlatform.forEach((p, s) -> System.out.printf("  %-14s %3d files, %6.1f MB%n", p, s[0], s[1] / 1e6));
        System.out.println("left out, as Fiji ships them (" + bom.getFileName() + "): " + String.join(" ", r.leftToFiji()));
    }
}
