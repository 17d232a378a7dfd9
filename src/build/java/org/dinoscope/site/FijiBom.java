package org.dinoscope.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The versions that Fiji ships: the dependency management of {@code org.scijava:pom-scijava} (the pom file Maven
 * downloaded into its local repository to import it), with its {@code ${property}} versions resolved from the
 * pom's properties and those of its parents (read from the same local repository). The update site leaves out
 * every artifact managed here but those of {@link #NOT_IN_FIJI}, and tests check that the build uses these
 * versions.
 */
public final class FijiBom {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * Artifacts that pom-scijava manages without Fiji being sure to hold them: pom-scijava manages the whole
     * JavaCPP family (FFmpeg, OpenCV, Tesseract, OpenBLAS ...) for the plugins of other update sites, and Smile's
     * UMAP cannot run without JavaCPP and OpenBLAS. The update site ships these, and only at the version
     * pom-scijava manages, so that a Fiji that already has them gets the same files.
     */
    public static final Set<String> NOT_IN_FIJI = Set.of("javacpp", "openblas");

    private final Path pom;
    /** groupId:artifactId to version. */
    private final Map<String, String> versions;

    private FijiBom(Path pom, Map<String, String> versions) {
        this.pom = pom;
        this.versions = versions;
    }

    public static FijiBom read(Path pom) throws IOException {
        if (!Files.isRegularFile(pom)) {
            throw new IOException("no pom-scijava at " + pom + " (Maven downloads it when it imports its "
                    + "dependency management; run mvn once)");
        }
        Map<String, String> properties = new HashMap<>();
        Element project = parse(pom);
        Map<String, String> own = properties(project);
        // parents first, so that the pom's own properties win
        Path repository = repositoryRoot(pom, project);
        Element parent = child(project, "parent");
        while (parent != null && repository != null) {
            Path parentPom = repository.resolve(text(parent, "groupId").replace('.', '/'))
                    .resolve(text(parent, "artifactId")).resolve(text(parent, "version"))
                    .resolve(text(parent, "artifactId") + "-" + text(parent, "version") + ".pom");
            if (!Files.isRegularFile(parentPom)) {
                break;
            }
            Element p = parse(parentPom);
            properties(p).forEach(properties::putIfAbsent);
            parent = child(p, "parent");
        }
        properties.putAll(own);
        Map<String, String> versions = new LinkedHashMap<>();
        Element management = child(project, "dependencyManagement");
        Element dependencies = management == null ? null : child(management, "dependencies");
        if (dependencies == null) {
            throw new IOException(pom + " manages no dependencies: not a pom-scijava");
        }
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element d && d.getTagName().equals("dependency")) {
                String key = text(d, "groupId") + ":" + text(d, "artifactId");
                String version = resolve(text(d, "version"), properties, pom);
                // an artifact listed twice (main jar and tests jar) has one version
                versions.putIfAbsent(key, version);
            }
        }
        return new FijiBom(pom, Collections.unmodifiableMap(versions));
    }

    /** The managed version of groupId:artifactId, or null when pom-scijava does not manage it. */
    public String version(String groupId, String artifactId) {
        return versions.get(groupId + ":" + artifactId);
    }

    /**
     * The managed version of the first artifact of this name, whatever its group, or null when none is managed.
     */
    public String versionOfArtifactId(String artifactId) {
        return versions.entrySet().stream().filter(e -> e.getKey().substring(e.getKey().indexOf(':') + 1)
                .equals(artifactId)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Whether an artifact of this name is managed, whatever its group. */
    public boolean managesArtifactId(String artifactId) {
        return versions.keySet().stream().anyMatch(k -> k.substring(k.indexOf(':') + 1).equals(artifactId));
    }

    /** Every managed groupId:artifactId with its version. */
    public Map<String, String> versions() {
        return versions;
    }

    public Path pom() {
        return pom;
    }

    /**
     * The artifactId of a jar that Maven named {@code <artifactId>-<version>[-<classifier>].jar}: the name up to
     * the first dash that a digit follows.
     */
    public static String artifactIdOf(String jarName) {
        Matcher m = Pattern.compile("-\\d").matcher(jarName);
        return m.find() ? jarName.substring(0, m.start()) : jarName.replaceAll("\\.jar$", "");
    }

    private static String resolve(String value, Map<String, String> properties, Path pom) throws IOException {
        String v = value;
        for (int depth = 0; v != null && v.contains("${"); depth++) {
            Matcher m = PROPERTY.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String p = properties.get(m.group(1));
                if (p == null || depth > 20) {
                    throw new IOException(pom + ": cannot resolve " + value);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(p));
            }
            m.appendTail(sb);
            v = sb.toString();
        }
        return v;
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> out = new HashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    out.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        String version = text(project, "version");
        if (version != null) {
            out.put("project.version", version);
        }
        return out;
    }

    /** The local repository holding the pom, from its groupId/artifactId/version/ folders; null when elsewhere. */
    private static Path repositoryRoot(Path pom, Element project) {
        String group = text(project, "groupId");
        if (group == null && child(project, "parent") != null) {
            group = text(child(project, "parent"), "groupId");
        }
        Path dir = pom.toAbsolutePath().getParent();
        int up = 2 + (group == null ? 0 : group.split("\\.").length);
        for (int i = 0; i < up && dir != null; i++) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static Element parse(Path pom) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(pom.toFile());
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new IOException(pom + ": not a readable pom (" + e.getMessage() + ")", e);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
