package org.dinoscope.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class LoadDataAndPlatemapTest {
    @TempDir
    Path dir;

    @Test
    void loadDataResolvesRelativePathsAndCarriesMetadata() throws IOException {
        Path csv = dir.resolve("load_data.csv");
        Files.writeString(csv, """
                Metadata_Plate,Metadata_Well,Metadata_Site,Metadata_Batch,FileName_OrigDNA,PathName_OrigDNA,FileName_OrigRNA,PathName_OrigRNA,FileName_IllumDNA
                P1,A1,1,B1,a_dna.tif,imgs,a_rna.tif,imgs,x.npy
                P1,A01,2,B1,b_dna.tif,imgs,,imgs,x.npy
                """);
        PlateLayout l = LoadData.read(csv);
        assertEquals(List.of("DNA", "RNA"), l.channels());
        assertEquals(dir.resolve("imgs/a_dna.tif").toAbsolutePath(), l.fields().get(0).channelFiles().get(0));
        assertEquals("A01", l.fields().get(0).well());
        assertEquals("B1", l.fields().get(0).metadata().get("Metadata_Batch"));
        assertEquals(List.of(1), l.fields().get(1).missingChannels());
    }

    @Test
    void loadDataWithoutARequiredColumnSaysWhich() throws IOException {
        Path csv = dir.resolve("ld.csv");
        Files.writeString(csv, "Metadata_Plate,Metadata_Site,FileName_OrigDNA,PathName_OrigDNA\nP,1,a.tif,.\n");
        IOException e = assertThrows(IOException.class, () -> LoadData.read(csv));
        assertTrue(e.getMessage().contains("ld.csv") && e.getMessage().contains("Metadata_Well"), e.getMessage());
    }

    @Test
    void platemapJoinsOnPlateAndWell() throws IOException {
        PlateLayout l = new PlateLayout("test", List.of("DNA"), List.of(
                field("P1", "A01"), field("P2", "A01"), field("P2", "B02")));
        Path map = dir.resolve("map.csv");
        Files.writeString(map, "Metadata_Plate,Metadata_Well,compound,Metadata_moa\nP1,A01,taxol,tubulin\nP2,A1,dmso,DMSO\n");
        Platemap.Joined j = Platemap.join(l, map);
        assertEquals(1, j.unmatched());
        assertEquals("taxol", j.layout().fields().get(0).metadata().get("Metadata_compound"));
        assertEquals("DMSO", j.layout().fields().get(1).metadata().get("Metadata_moa"));
    }

    @Test
    void realJumpPlatemapJoinsOnWellAlone() throws IOException {
        Path map = Path.of("../shared/data/jump-metadata/JUMP-Target-2_compound_platemap.tsv");
        Assumptions.assumeTrue(Files.exists(map), "shared data absent");
        PlateLayout l = new PlateLayout("test", List.of("DNA"), List.of(field("BR00117010", "A01"),
                field("BR00117011", "A02")));
        Platemap.Joined j = Platemap.join(l, map);
        assertEquals(0, j.unmatched());
        assertEquals("BRD-K09338665-001-07-1", j.layout().fields().get(0).metadata().get("Metadata_broad_sample"));
        assertEquals("DMSO", j.layout().fields().get(1).metadata().get("Metadata_solvent"));
    }

    private static FieldSpec field(String plate, String well) {
        return new FieldSpec(plate, well, "1", List.of(Path.of("x.tif")),
                Map.of("Metadata_Plate", plate, "Metadata_Well", well, "Metadata_Site", "1"));
    }
}
