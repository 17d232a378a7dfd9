package org.dinoscope.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dinoscope.site.SiteDb.Record;
import org.dinoscope.testutil.ImageJProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update site built from the packaged plugin jar and its runtime jars (as {@code -Pupdate-site} builds it,
 * less the other platforms' PyTorch natives), checked file by file against db.xml.gz with an independent
 * checksum, installed for linux64 the way the updater installs it, and run: ImageJ 1.54p with the class path
 * Fiji's launcher gives (jars/ and jars/linux64/, plus the jars Fiji itself ships) and the plugin in plugins/
 * embeds an image from a macro.
 */
class UpdateSiteIT {
    @TempDir
    Path work;

    @Test
    void theBuiltSiteMatchesItsDatabaseAndItsInstallationRuns() throws Exception {
        Path lib = Path.of(System.getProperty("dinoscope.lib.dir"));
        FijiBom bom = FijiVersionsTest.fiji();
        Path site = work.resolve("update-site");
        UpdateSiteBuilder.Result built = UpdateSiteBuilder.build(new UpdateSiteBuilder.Options(site,
                Path.of(System.getProperty("dinoscope.plugin.jar")), List.of(lib), bom,
                Long.parseLong(UpdateSiteBuilder.now()), "DINOscope"));
        assertEquals(List.of(), SiteCheck.problems(site));

        List<Record> records = new ArrayList<>(SiteDb.read(site.resolve(SiteDb.FILE_NAME)).values());
        assertTrue(records.stream().anyMatch(r -> r.filename().startsWith("jars/linux64/pytorch-native-cpu-")));
        assertTrue(records.stream().anyMatch(r -> r.filename().startsWith("jars/win64/arpack-ng-")));
        // the site carries only what Fiji lacks: no artifact that pom-scijava manages, by coordinates or by name,
        // but those Fiji's distribution does not include (FijiBom.NOT_IN_FIJI), and those at pom-scijava's version
        List<String> shadowing = new ArrayList<>();
        for (Record r : records) {
            Path stored = site.resolve(r.current().storedAs());
            String name = Path.of(r.filename()).getFileName().toString();
            String[] c = UpdateSiteBuilder.coordinates(stored);
            String artifactId = FijiBom.artifactIdOf(name);
            if (FijiBom.NOT_IN_FIJI.contains(artifactId)) {
                if (!name.startsWith(artifactId + "-" + bom.versionOfArtifactId(artifactId))) {
                    shadowing.add(r.filename() + " (not at " + bom.versionOfArtifactId(artifactId) + ")");
                }
            } else if ((c != null && bom.version(c[0], c[1]) != null) || bom.managesArtifactId(artifactId)) {
                shadowing.add(r.filename());
            }
        }
        assertEquals(List.of(), shadowing, "the site shadows jars that Fiji ships");
        // exactly what docs/install.md lists as added by the site (versions and platform folders aside)
        Set<String> shipped = new TreeSet<>();
        records.forEach(r -> shipped.add(FijiBom.artifactIdOf(Path.of(r.filename()).getFileName().toString())));
        assertEquals(new TreeSet<>(List.of("DINOscope_", "api", "pytorch-engine", "pytorch-jni", "pytorch-native-cpu",
                "smile-core", "smile-base", "arpack-ng", "parso", "javacpp", "openblas", "parquet-hadoop",
                "parquet-column", "parquet-common", "parquet-encoding", "parquet-format-structures", "parquet-jackson",
                "jts-core", "snappy-java", "hadoop-common", "hadoop-mapreduce-client-core")), shipped);
        // zstd-jni (Parquet's zstd pages) is Fiji's own copy
        assertTrue(built.leftToFiji().stream().anyMatch(n -> n.startsWith("zstd-jni-1.5.7-4")), built.leftToFiji().toString());
        assertTrue(built.leftToFiji().stream().anyMatch(n -> n.startsWith("jfreechart-1.5.6")), built.leftToFiji().toString());

        // install as the updater does on linux64: files for all platforms and for linux64, without timestamps
        Path fiji = Files.createDirectories(work.resolve("Fiji"));
        for (Record r : records) {
            if (r.platforms().isEmpty() || r.platforms().contains("linux64")) {
                Path to = fiji.resolve(r.filename());
                Files.createDirectories(to.getParent());
                Files.copy(site.resolve(r.current().storedAs()), to);
                assertEquals(r.current().checksum(), IndependentChecksum.of(r.filename(), to));
            }
        }
        Assumptions.assumeTrue(ImageJProcess.xvfbInstalled(), "xvfb-run not installed");
        List<Path> classPath = new ArrayList<>(List.of(Path.of(System.getProperty("dinoscope.ij.jar"))));
        for (String dir : List.of("jars", "jars/linux64")) {
            try (Stream<Path> s = Files.list(fiji.resolve(dir))) {
                classPath.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
            }
        }
        // the jars Fiji itself ships, at Fiji's versions
        classPath.addAll(built.leftToFiji().stream().map(lib::resolve).toList());
        Path out = work.resolve("profiles.csv");
        ImageJProcess.run(fiji, classPath, "newImage(\"field\", \"16-bit random\", 256, 256, 1);\n"
                + "run(\"Embed Image\", \"model=random batch_size=4 out=[" + out + "]\");", work.resolve("imagej.log"));
        String log = Files.readString(work.resolve("imagej.log"));
        assertTrue(Files.exists(out), log);
        List<String> rows = Files.readAllLines(out);
        assertEquals(2, rows.size(), log);
        assertTrue(rows.get(0).startsWith("Metadata_Image,Metadata_Crops,ch1_0,"), rows.get(0));
        assertTrue(rows.get(1).startsWith("field,1,"), rows.get(1));
        assertEquals(2 + 384, rows.get(1).split(",").length);
    }
}
