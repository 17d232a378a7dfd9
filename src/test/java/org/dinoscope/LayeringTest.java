package org.dinoscope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape of the code (DESIGN.md, "Shape of the code"), read from the source tree: each package imports only
 * packages of a lower layer (so there is no cycle and no import running back up), ImageJ, SciJava and Swing
 * only in {@code fiji}, picocli only in {@code cli}, and no class is named by a fully qualified name in code,
 * where an import rule could not see it.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/org/dinoscope");

    /** The layer of each package; a package may import packages of lower layers only. */
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("", 0),
            Map.entry("model.checkpoint", 1), Map.entry("engine", 1), Map.entry("image", 1), Map.entry("table", 1),
            Map.entry("model", 2), Map.entry("plate", 2),
            Map.entry("profile", 3),
            Map.entry("embed", 4), Map.entry("eval", 4), Map.entry("train", 4), Map.entry("synth", 4),
            Map.entry("viz", 5),
            Map.entry("cli", 6), Map.entry("fiji", 6));

    private static final Pattern PACKAGE = Pattern.compile("^package org\\.dinoscope\\.?([\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

    /** The DINOscope package an import names ("" for the root package), or null for another library. */
    private static String ownPackage(String imported) {
        if (!imported.startsWith("org.dinoscope.")) {
            return null;
        }
        List<String> pkg = new ArrayList<>();
        for (String part : imported.substring("org.dinoscope.".length()).split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.add(part);
        }
        return String.join(".", pkg);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void packagesImportOnlyLowerLayersAndUiLibrariesStayInTheirPackages() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path p : sources()) {
            String text = Files.readString(p);
            Matcher pm = PACKAGE.matcher(text);
            pm.find();
            String pkg = pm.group(1);
            Integer layer = LAYER.get(pkg);
            if (layer == null) {
                wrong.add(p + ": package " + pkg + " has no layer in LayeringTest");
                continue;
            }
            Matcher im = IMPORT.matcher(text);
            while (im.find()) {
                String imported = im.group(1);
                String target = ownPackage(imported);
                if (target != null) {
                    Integer to = LAYER.get(target);
                    if (!target.equals(pkg) && (to == null || to >= layer)) {
                        wrong.add(p.getFileName() + " (" + pkg + ", layer " + layer + ") imports " + imported
                                + " (layer " + to + ")");
                    }
                }
                boolean ui = imported.startsWith("ij.") || imported.startsWith("org.scijava.")
                        || imported.startsWith("net.imagej.") || imported.startsWith("javax.swing.");
                if (ui && !pkg.equals("fiji")) {
                    wrong.add(p.getFileName() + " (" + pkg + ") imports " + imported + ", which belongs in fiji");
                }
                if (imported.startsWith("picocli.") && !pkg.equals("cli")) {
                    wrong.add(p.getFileName() + " (" + pkg + ") imports " + imported + ", which belongs in cli");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void classesAreImportedNotWrittenOutInCode() throws IOException {
        Pattern qualified = Pattern.compile("(?<![\\w.@\"])(?:java|javax|org|com|ai|ij|picocli|smile)\\."
                + "(?:[a-z_]\\w*\\.)*[A-Z]\\w*");
        List<String> wrong = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("import ") || line.startsWith("package ") || line.startsWith("*")
                        || line.startsWith("/*") || line.startsWith("//")) {
                    continue;
                }
                Matcher m = qualified.matcher(line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
                while (m.find()) {
                    wrong.add(p.getFileName() + ":" + (i + 1) + " " + m.group());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
