package org.dinoscope.site;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Checks an update site folder against its db.xml.gz the way the updater would use it, independently of the
 * builder: the XML is valid against its DTD; every current version is stored as {@code <filename>-<timestamp>}
 * with the recorded size and checksum ({@link IndependentChecksum}); every previous version is stored with its
 * checksum; every file in the folder is one of those; platform-specific files sit in their platform's folder;
 * every dependency names a file of the site at its current timestamp.
 */
final class SiteCheck {
    private SiteCheck() {
    }

    /** The parsed, DTD-validated db.xml.gz. */
    static Document db(Path site) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setValidating(true);
        DocumentBuilder b = f.newDocumentBuilder();
        List<String> errors = new ArrayList<>();
        b.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
            Document d = b.parse(in);
            if (!errors.isEmpty()) {
                throw new AssertionError("db.xml.gz does not follow its DTD: " + errors);
            }
            return d;
        }
    }

    /** Every problem found; empty when the site is sound. */
    static List<String> problems(Path site) throws Exception {
        List<String> problems = new ArrayList<>();
        Document d = db(site);
        Set<String> listed = new HashSet<>();
        listed.add("db.xml.gz");
        Map<String, Long> currentTimestamps = new HashMap<>();
        NodeList plugins = d.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            String filename = p.getAttribute("filename");
            NodeList platforms = p.getElementsByTagName("platform");
            for (int k = 0; k < platforms.getLength(); k++) {
                String platform = platforms.item(k).getTextContent();
                if (!filename.startsWith("jars/" + platform + "/")) {
                    problems.add(filename + " is for " + platform + " but not in jars/" + platform + "/");
                }
            }
            NodeList versions = p.getElementsByTagName("version");
            if (versions.getLength() == 1) {
                Element v = (Element) versions.item(0);
                String stored = filename + "-" + v.getAttribute("timestamp");
                listed.add(stored);
                currentTimestamps.put(filename, Long.parseLong(v.getAttribute("timestamp")));
                Path file = site.resolve(stored);
                if (!Files.isRegularFile(file)) {
                    problems.add("missing " + stored);
                    continue;
                }
                if (Files.size(file) != Long.parseLong(v.getAttribute("filesize"))) {
                    problems.add(stored + ": size " + Files.size(file) + ", db says " + v.getAttribute("filesize"));
                }
                String sum = IndependentChecksum.of(filename, file);
                if (!sum.equals(v.getAttribute("checksum"))) {
                    problems.add(stored + ": checksum " + sum + ", db says " + v.getAttribute("checksum"));
                }
            }
            NodeList previous = p.getElementsByTagName("previous-version");
            for (int k = 0; k < previous.getLength(); k++) {
                Element v = (Element) previous.item(k);
                String name = v.hasAttribute("filename") ? v.getAttribute("filename") : filename;
                String stored = name + "-" + v.getAttribute("timestamp");
                listed.add(stored);
                Path file = site.resolve(stored);
                if (!Files.isRegularFile(file)) {
                    problems.add("missing previous version " + stored);
                } else if (!IndependentChecksum.of(name, file).equals(v.getAttribute("checksum"))) {
                    problems.add(stored + ": checksum differs from its previous-version record");
                }
            }
        }
        NodeList deps = d.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            Long ts = currentTimestamps.get(dep.getAttribute("filename"));
            if (ts == null || ts != Long.parseLong(dep.getAttribute("timestamp"))) {
                problems.add("dependency on " + dep.getAttribute("filename") + "@" + dep.getAttribute("timestamp")
                        + ", which the site does not ship at that timestamp");
            }
        }
        try (Stream<Path> files = Files.walk(site)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = site.relativize(f).toString().replace('\\', '/');
                if (!listed.contains(rel)) {
                    problems.add("not in db.xml.gz: " + rel);
                }
            }
        }
        return problems;
    }
}
