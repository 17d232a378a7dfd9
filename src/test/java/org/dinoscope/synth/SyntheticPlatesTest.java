package org.dinoscope.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.dinoscope.ProgressListener;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.image.Otsu;
import org.dinoscope.plate.ChannelMap;
import org.dinoscope.plate.FilePattern;
import org.dinoscope.plate.PlateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPlatesTest {
    @TempDir
    Path dir;

    private static final SynthOptions TINY = new SynthOptions(3, 2, 2, 1, 96, List.of(1.0), 2);

    @Test
    void designHasEveryMechanismTwoCompoundsDosesAndControlsOnEveryPlate() {
        SynthOptions o = SynthOptions.defaults(1);
        List<SyntheticPlates.Well> wells = SyntheticPlates.design(o);
        assertEquals(2 * (10 * 2 * 3 + 6), wells.size());
        Map<Mechanism, Long> compounds = wells.stream().filter(w -> w.moa() != Mechanism.DMSO)
                .collect(Collectors.groupingBy(SyntheticPlates.Well::moa,
                        Collectors.mapping(SyntheticPlates.Well::compound, Collectors.collectingAndThen(
                                Collectors.toSet(), s -> (long) s.size()))));
        assertEquals(10, compounds.size());
        compounds.values().forEach(n -> assertEquals(2L, n));
        for (String plate : List.of("SP01", "SP02")) {
            assertEquals(6, wells.stream().filter(w -> w.plate().equals(plate) && w.moa() == Mechanism.DMSO).count());
        }
        assertEquals(2, wells.stream().map(SyntheticPlates.Well::batch).distinct().count());
        assertEquals(wells.size(), wells.stream().map(w -> w.plate() + w.well()).distinct().count());
    }

    @Test
    void filesFollowTheImageXpressLayoutAndAreDeterministic() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(2 * 22, SyntheticPlates.generate(a, TINY, 2, ProgressListener.NONE));
        SyntheticPlates.generate(b, TINY, 1, ProgressListener.NONE);
        PlateLayout l = FilePattern.scan(a, "imagexpress", ChannelMap.parse(SyntheticPlates.CHANNEL_MAP));
        assertEquals(List.of("DNA", "ER", "RNA", "AGP", "Mito"), l.channels());
        assertEquals(44, l.fields().size());
        assertEquals(0, l.incomplete().size());
        for (var f : l.fields().subList(0, 3)) {
            for (Path p : f.channelFiles()) {
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))));
            }
        }
        assertEquals(45, Files.readAllLines(a.resolve("platemap.csv")).size());
        Path c = dir.resolve("c");
        SyntheticPlates.generate(c, new SynthOptions(4, 2, 2, 1, 96, List.of(1.0), 2), 2, ProgressListener.NONE);
        Path any = l.fields().get(0).channelFiles().get(0);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(any), Files.readAllBytes(c.resolve(a.relativize(any)))));
    }

    @Test
    void anInterruptedRunIsCompletedWithTheSameBytes() throws IOException {
        SyntheticPlates.generate(dir, TINY, 2, ProgressListener.NONE);
        Path victim = dir.resolve("SP02").resolve(Files.list(dir.resolve("SP02")).sorted().toList().get(7).getFileName());
        byte[] before = Files.readAllBytes(victim);
        Files.delete(victim);
        Files.delete(dir.resolve("SP02").resolve(victim.getFileName().toString().replaceAll("_w\\d", "_w5")));
        assertEquals(1, SyntheticPlates.generate(dir, TINY, 2, ProgressListener.NONE));
        assertArrayEquals(before, Files.readAllBytes(victim));
        IOException e = assertThrows(IOException.class, () -> SyntheticPlates.generate(dir,
                new SynthOptions(3, 2, 2, 1, 128, List.of(1.0), 2), 1, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("other options"), e.getMessage());
    }

    /** Mean of a statistic over several fields painted for a phenotype. */
    private static double mean(Phenotype ph, java.util.function.ToDoubleFunction<float[]> stat) {
        double s = 0;
        int n = 6;
        for (int i = 0; i < n; i++) {
            float[] planes = FieldPainter.paint(224, ph, new BatchEffect(1, 300, 0.1, 0.8), new SplittableRandom(100 + i));
            s += stat.applyAsDouble(planes);
        }
        return s / n;
    }

    private static double foregroundFraction(float[] planes, int channel) {
        int n = 224 * 224;
        double t = Otsu.threshold(planes, channel * n, n);
        long above = 0;
        for (int i = channel * n; i < (channel + 1) * n; i++) {
            if (planes[i] > t) {
                above++;
            }
        }
        return (double) above / n;
    }

    /** Energy of the difference between neighbouring pixels: fine structure (puncta, fibres). */
    private static double roughness(float[] planes, int channel) {
        int n = 224 * 224;
        double s = 0;
        double m = 0;
        for (int i = channel * n; i < (channel + 1) * n - 1; i++) {
            s += (planes[i + 1] - planes[i]) * (double) (planes[i + 1] - planes[i]);
            m += planes[i];
        }
        return s / (m * m / n);
    }

    private static double meanIntensity(float[] planes, int channel) {
        int n = 224 * 224;
        double s = 0;
        for (int i = channel * n; i < (channel + 1) * n; i++) {
            s += planes[i];
        }
        return s / n;
    }

    @Test
    void phenotypesMoveMeasurableStatisticsTheDesignedWay() {
        Phenotype dmso = Phenotype.control();
        // DNA damage: larger nuclei cover more of the DNA channel
        assertTrue(mean(Phenotype.of(Mechanism.DNA_DAMAGE, 1, 10), p -> foregroundFraction(p, 0))
                > 1.3 * mean(dmso, p -> foregroundFraction(p, 0)));
        // apoptosis: fewer cells, less DNA area
        assertTrue(mean(Phenotype.of(Mechanism.APOPTOSIS, 1, 10), p -> foregroundFraction(p, 0))
                < 0.7 * mean(dmso, p -> foregroundFraction(p, 0)));
        // ER stress: brighter ER
        assertTrue(mean(Phenotype.of(Mechanism.ER_STRESS, 1, 10), p -> meanIntensity(p, 1))
                > 1.4 * mean(dmso, p -> meanIntensity(p, 1)));
        // RNA synthesis inhibition: dimmer RNA
        assertTrue(mean(Phenotype.of(Mechanism.RNA_SYNTHESIS, 1, 10), p -> meanIntensity(p, 2))
                < 0.9 * mean(dmso, p -> meanIntensity(p, 2)));
        // mitochondrial fragmentation: more, shorter segments -> more fine structure
        assertTrue(mean(Phenotype.of(Mechanism.MITO_FRAGMENTATION, 1, 10), p -> roughness(p, 4))
                > 1.05 * mean(dmso, p -> roughness(p, 4)));
        // actin disruption: bright aggregates instead of a smooth cortex -> rougher AGP
        assertTrue(mean(Phenotype.of(Mechanism.ACTIN_DISRUPTION, 1, 10), p -> roughness(p, 3))
                > 1.1 * mean(dmso, p -> roughness(p, 3)));
    }

    @Test
    void writtenFieldsReadBackAsSixteenBitFields() throws IOException {
        SyntheticPlates.generate(dir, TINY, 2, ProgressListener.NONE);
        Field f = FieldReader.read(dir.resolve("SP01").resolve("SP01_B02_s1_w1.tif"));
        assertEquals(96, f.width());
        assertEquals(org.dinoscope.image.PixelType.UINT16, f.pixelType());
    }
}
