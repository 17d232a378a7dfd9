package org.dinoscope.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.scijava.util.FileUtils;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An update site's {@code db.xml.gz}: one {@code <plugin>} record per file (keyed, as the updater keys them, by
 * the file name without its version), with its platforms, its current version (checksum, timestamp, size,
 * description, dependencies) and the versions it replaced. The element and attribute names and their order
 * follow the DTD the ImageJ updater writes and reads (net.imagej.updater.XMLFileWriter/XMLFileReader).
 */
public final class SiteDb {
    public static final String FILE_NAME = "db.xml.gz";

    /** One version of a file; {@code filename} is the (versioned) name it had then. */
    public record Version(String filename, String checksum, long timestamp, long filesize, long timestampObsolete) {
        /** Where the update site stores it: {@code <filename>-<timestamp>}. */
        public String storedAs() {
            return filename + "-" + timestamp;
        }
    }

    public record Dependency(String filename, long timestamp) {
    }

    /** One {@code <plugin>} record. {@code current} is null for a file the site no longer ships. */
    public record Record(String filename, List<String> platforms, Version current, String description,
            List<Dependency> dependencies, List<Version> previous) {
        public String unversioned() {
            return unversioned(filename);
        }

        public static String unversioned(String filename) {
            return FileUtils.stripFilenameVersion(filename);
        }
    }

    private static final String DTD = """
            <!DOCTYPE pluginRecords [
            <!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>
            <!ELEMENT update-site EMPTY>
            <!ELEMENT disabled-update-site EMPTY>
            <!ELEMENT plugin (platform*, category*, version?, previous-version*)>
            <!ELEMENT version (description?, dependency*, link*, author*)>
            <!ELEMENT previous-version EMPTY>
            <!ELEMENT description (#PCDATA)>
            <!ELEMENT dependency EMPTY>
            <!ELEMENT link (#PCDATA)>
            <!ELEMENT author (#PCDATA)>
            <!ELEMENT platform (#PCDATA)>
            <!ELEMENT category (#PCDATA)>
            <!ATTLIST update-site name CDATA #REQUIRED url CDATA #REQUIRED timestamp CDATA #REQUIRED>
            <!ATTLIST disabled-update-site name CDATA #REQUIRED url CDATA #REQUIRED timestamp CDATA #REQUIRED>
            <!ATTLIST plugin update-site CDATA #IMPLIED filename CDATA #REQUIRED executable CDATA #IMPLIED>
            <!ATTLIST dependency filename CDATA #REQUIRED timestamp CDATA #IMPLIED overrides CDATA #IMPLIED>
            <!ATTLIST version timestamp CDATA #REQUIRED checksum CDATA #REQUIRED filesize CDATA #REQUIRED>
            <!ATTLIST previous-version filename CDATA #IMPLIED timestamp CDATA #REQUIRED timestamp-obsolete CDATA #IMPLIED checksum CDATA #REQUIRED>]>
            """;

    private SiteDb() {
    }

    /** The records of an existing {@code db.xml.gz}, by unversioned file name; empty when there is none. */
    public static Map<String, Record> read(Path dbXmlGz) throws IOException {
        Map<String, Record> out = new LinkedHashMap<>();
        if (!Files.exists(dbXmlGz)) {
            return out;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setValidating(false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            NodeList plugins = f.newDocumentBuilder().parse(in).getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Record r = record((Element) plugins.item(i));
                out.put(r.unversioned(), r);
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(dbXmlGz + " is not an update site database: " + e.getMessage(), e);
        }
        return out;
    }

    private static Record record(Element plugin) {
        String filename = plugin.getAttribute("filename");
        List<String> platforms = new ArrayList<>();
        List<Version> previous = new ArrayList<>();
        List<Dependency> deps = new ArrayList<>();
        Version current = null;
        String description = null;
        for (Node n = plugin.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "platform" -> platforms.add(e.getTextContent().trim());
                case "version" -> {
                    current = new Version(filename, e.getAttribute("checksum"), longOf(e, "timestamp"),
                            longOf(e, "filesize"), 0);
                    NodeList d = e.getElementsByTagName("description");
                    description = d.getLength() > 0 ? d.item(0).getTextContent() : null;
                    NodeList dl = e.getElementsByTagName("dependency");
                    for (int k = 0; k < dl.getLength(); k++) {
                        Element de = (Element) dl.item(k);
                        deps.add(new Dependency(de.getAttribute("filename"), longOf(de, "timestamp")));
                    }
                }
                case "previous-version" -> previous.add(new Version(
                        e.hasAttribute("filename") ? e.getAttribute("filename") : filename, e.getAttribute("checksum"),
                        longOf(e, "timestamp"), -1, longOf(e, "timestamp-obsolete")));
                default -> {
                    // categories, links, authors: DINOscope's builder writes none
                }
            }
        }
        return new Record(filename, platforms, current, description, deps, previous);
    }

    private static long longOf(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    /** Writes {@code db.xml.gz} with the records in the given order. */
    public static void write(Path dbXmlGz, Collection<Record> records) throws IOException {
        Path tmp = dbXmlGz.resolveSibling(dbXmlGz.getFileName() + ".tmp");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp));
             Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write(DTD);
            w.write("<pluginRecords>\n");
            for (Record r : records) {
                w.write("    <plugin filename=\"" + esc(r.filename()) + "\">\n");
                for (String p : r.platforms()) {
                    w.write("        <platform>" + esc(p) + "</platform>\n");
                }
                Version v = r.current();
                if (v != null) {
                    w.write("        <version checksum=\"" + v.checksum() + "\" timestamp=\"" + v.timestamp()
                            + "\" filesize=\"" + v.filesize() + "\">\n");
                    if (r.description() != null) {
                        w.write("            <description>" + esc(r.description()) + "</description>\n");
                    }
                    for (Dependency d : r.dependencies()) {
                        w.write("            <dependency filename=\"" + esc(d.filename()) + "\" timestamp=\""
                                + d.timestamp() + "\"/>\n");
                    }
                    w.write("        </version>\n");
                }
                for (Version p : r.previous()) {
                    w.write("        <previous-version timestamp=\"" + p.timestamp() + "\" timestamp-obsolete=\""
                            + p.timestampObsolete() + "\" checksum=\"" + p.checksum() + "\" filename=\""
                            + esc(p.filename()) + "\"/>\n");
                }
                w.write("    </plugin>\n");
            }
            w.write("</pluginRecords>\n");
        }
        Files.move(tmp, dbXmlGz, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
