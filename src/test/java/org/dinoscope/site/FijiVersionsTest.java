package org.dinoscope.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The build compiles against, tests with and runs on Fiji's version of everything Fiji ships: every jar of the
 * test class path that Maven took from its local repository ({@code <group path>/<artifactId>/<version>/}) and
 * that pom-scijava 45.0.0 manages has pom-scijava's version. The pom is the one Maven downloaded to import its
 * dependency management (so this works in a fresh clone, right after Maven fetched it).
 */
class FijiVersionsTest {
    static FijiBom fiji() throws Exception {
        return FijiBom.read(Path.of(System.getProperty("dinoscope.pom-scijava")));
    }

    @Test
    void theBomIsPomScijava45WithFijisVersions() throws Exception {
        FijiBom bom = fiji();
        assertTrue(bom.pom().getFileName().toString().equals("pom-scijava-45.0.0.pom"), bom.pom().toString());
        assertTrue(bom.versions().size() > 500, "pom-scijava manages hundreds of artifacts: " + bom.versions().size());
        // as issue 15 lists them for Fiji
        assertEquals("1.5.6", bom.version("org.jfree", "jfreechart"));
        assertEquals("2.10.1", bom.version("com.google.code.gson", "gson"));
        assertEquals("1.14.1", bom.version("org.apache.commons", "commons-csv"));
        assertEquals("4.7.7", bom.version("info.picocli", "picocli"));
        assertEquals("5.14.0", bom.version("net.java.dev.jna", "jna"));
        assertEquals("1.54p", bom.version("net.imagej", "ij"));
    }

    @Test
    void everyJarFijiShipsIsOnTheClassPathAtFijisVersion() throws Exception {
        FijiBom bom = fiji();
        Path repository = bom.pom().getParent().getParent().getParent().getParent().getParent();
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            if (!jar.startsWith(repository) || !entry.endsWith(".jar")) {
                continue;
            }
            Path rel = repository.relativize(jar);
            int n = rel.getNameCount();
            String version = rel.getName(n - 2).toString();
            String artifact = rel.getName(n - 3).toString();
            String group = rel.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            String managed = bom.version(group, artifact);
            if (managed != null) {
                checked.add(group + ":" + artifact);
                if (!managed.equals(version)) {
                    wrong.add(group + ":" + artifact + ":" + version + " (Fiji: " + managed + ")");
                }
            }
        }
        assertEquals(List.of(), wrong);
        for (String a : List.of("org.jfree:jfreechart", "com.google.code.gson:gson", "info.picocli:picocli",
                "net.java.dev.jna:jna", "commons-io:commons-io", "org.scijava:scijava-common", "net.imglib2:imglib2",
                "net.imagej:ij", "org.apache.commons:commons-csv", "org.apache.commons:commons-compress")) {
            assertTrue(checked.contains(a), a + " was checked: " + checked);
        }
    }
}
