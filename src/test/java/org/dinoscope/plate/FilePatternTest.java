package org.dinoscope.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePatternTest {
    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
    }

    @Test
    void imageXpressGroupsChannelsIntoFieldsAndFlagsMissingOnes() throws IOException {
        touch("P1/P1_B03_s1_w1.tif", "P1/P1_B03_s1_w2.tif", "P1/P1_B03_s2_w1.tif", "P1/P1_B03_s2_w2.tif",
                "P1/P1_A12_s1_w1.tif", "P1/P1_A12_s1_w2.tif", "P1/P1_A12_s2_w1.tif", "P1/notes.txt");
        PlateLayout l = FilePattern.scan(dir, "imagexpress", ChannelMap.parse("1=DNA,2=RNA"));
        assertEquals(List.of("DNA", "RNA"), l.channels());
        assertEquals(List.of("P1/A12/1", "P1/A12/2", "P1/B03/1", "P1/B03/2"),
                l.fields().stream().map(FieldSpec::key).toList());
        assertEquals(1, l.incomplete().size());
        assertEquals("P1/A12/2", l.incomplete().get(0).key());
        assertNull(l.incomplete().get(0).channelFiles().get(1));
        assertEquals("B03", l.fields().get(2).metadata().get("Metadata_Well"));
    }

    @Test
    void phenixTakesThePlateFromTheFolderAndTheWellFromRowAndColumn() throws IOException {
        touch("plateX/r02c11f01p01-ch1sk1fk1fl1.tiff", "plateX/r02c11f01p01-ch2sk1fk1fl1.tiff");
        PlateLayout l = FilePattern.scan(dir, "phenix", Map.of());
        assertEquals(List.of("ch1", "ch2"), l.channels());
        FieldSpec f = l.fields().get(0);
        assertEquals("plateX", f.plate());
        assertEquals("B11", f.well());
        assertEquals("1", f.site());
    }

    @Test
    void cellProfilerExampleNamesAreCaseInsensitive() throws IOException {
        touch("AS_09047_050428030001_O01f00d2.TIF", "AS_09047_050428030001_O01f01d2.TIF");
        PlateLayout l = FilePattern.scan(dir, "cellprofiler", ChannelMap.parse("2=GFP"));
        assertEquals(2, l.fields().size());
        assertEquals("AS_09047_050428030001", l.fields().get(0).plate());
        assertEquals("O01", l.fields().get(0).well());
    }

    @Test
    void noMatchNamesTheFolderAndPattern() throws IOException {
        touch("a.tif");
        IOException e = assertThrows(IOException.class, () -> FilePattern.scan(dir, "phenix", Map.of()));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("no file matches"), e.getMessage());
    }

    @Test
    void aCustomRegexNeedsTheNamedGroups() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilePattern.compile("(?<well>\\w+)\\.tif"));
        assertTrue(e.getMessage().contains("named groups"), e.getMessage());
    }

    @Test
    void realTransfluorRow() throws IOException {
        Path real = Path.of("../shared/data/images/transfluor-bbbc016");
        Assumptions.assumeTrue(Files.isDirectory(real), "shared data absent");
        PlateLayout l = FilePattern.scan(real, "cellprofiler", ChannelMap.parse("2=GFP"));
        assertEquals(72, l.fields().size());
        assertEquals(24, l.wells().size());
        assertEquals(0, l.incomplete().size());
    }
}
