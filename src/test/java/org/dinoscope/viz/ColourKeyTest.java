package org.dinoscope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ColourKeyTest {
    /** CIE 1976 distance of two sRGB colours in CIELAB (D65); about 2.3 is just noticeable, 15 clearly apart. */
    static double deltaE(Color a, Color b) {
        double[] p = lab(a);
        double[] q = lab(b);
        return Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
    }

    private static double[] lab(Color c) {
        double r = linear(c.getRed());
        double g = linear(c.getGreen());
        double b = linear(c.getBlue());
        double x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
        double y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
        double z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
        return new double[] {116 * y - 16, 500 * (x - y), 200 * (y - z)};
    }

    private static double linear(int v) {
        double c = v / 255.0;
        return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }

    private static double f(double v) {
        return v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116.0;
    }

    static List<String> wells(String row, int n) {
        List<String> w = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
            w.add(String.format("%s%02d", row, c));
        }
        return w;
    }

    /** A plate row of 24 wells: 24 colours no two of which look alike (O01 and O17 shared blue before). */
    @Test
    void twentyFourWellsGetTwentyFourColoursThatLookApart() {
        ColourKey key = ColourKey.of("Metadata_Well", wells("O", 24));
        assertFalse(key.continuous(), "well names are categories");
        List<String> w = key.categories();
        for (int i = 0; i < w.size(); i++) {
            for (int j = i + 1; j < w.size(); j++) {
                double d = deltaE(key.colour(w.get(i)), key.colour(w.get(j)));
                assertTrue(d >= 15, w.get(i) + " and " + w.get(j) + " look alike: delta E " + d);
            }
        }
        assertTrue(!key.colour("O01").equals(key.colour("O17")));
    }

    @Test
    void beyondThePaletteNoColourRepeats() {
        Set<Color> seen = new HashSet<>();
        for (int i = 0; i < 384; i++) {
            assertTrue(seen.add(ColourKey.categorical(i)), "colour " + i + " repeats an earlier one");
        }
    }

    @Test
    void orderedColumnsGetAContinuousScaleFromDarkToLight() {
        ColourKey dose = ColourKey.of("Metadata_Concentration", List.of("3", "0.3", "1", "1"));
        assertTrue(dose.continuous());
        assertEquals("Concentration", dose.title());
        assertEquals(List.of("0.3", "1", "3"), dose.order(List.of("1", "3", "0.3")));
        double previous = -1;
        for (String v : List.of("0.3", "1", "3")) {
            double lightness = lab(dose.colour(v))[0];
            assertTrue(lightness > previous, "viridis grows lighter with the value: " + v);
            previous = lightness;
        }
        assertEquals(new Color(0x440154), dose.colour("0.3"), "the smallest value takes viridis' first colour");
        assertEquals(new Color(0xfde725), dose.colour("3"), "the largest its last");

        // two values (e.g. batches 1 and 2) are categories; text among numbers makes a column categorical
        assertFalse(ColourKey.of("Metadata_Batch", List.of("1", "2")).continuous());
        assertFalse(ColourKey.of("Metadata_Concentration", List.of("1", "3", "10", "n/a")).continuous());
    }

    @Test
    void aDilutionSeriesIsDrawnOnALogScaleWithItsZeroDoseInGrey() {
        ColourKey dose = ColourKey.of("Metadata_Concentration", List.of("0", "0.001", "0.01", "0.1", "1", "10"));
        assertTrue(dose.continuous());
        assertEquals("Concentration (log10; 0 in grey)", dose.title());
        assertEquals(-3, dose.scale().getLowerBound(), 1e-12);
        assertEquals(1, dose.scale().getUpperBound(), 1e-12);
        // log steps are equal steps along the scale: 0.01 sits a quarter of the way from 0.001 to 10
        assertEquals(dose.scale().getPaint(-2), dose.colour("0.01"));
        Color zero = dose.colour("0");
        assertTrue(zero.getRed() == zero.getGreen() && zero.getGreen() == zero.getBlue(), "0 is grey: " + zero);
        assertEquals("Concentration (log10)", ColourKey.of("Metadata_Concentration", List.of("0.01", "1", "10"))
                .title());
    }

    @Test
    void aValueTheColoursWereNotAssignedFromIsNamed() {
        ColourKey key = ColourKey.of("Metadata_moa", List.of("tubulin", "actin", "DMSO"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> key.colour("kinase"));
        assertTrue(e.getMessage().contains("'kinase'") && e.getMessage().contains("Metadata_moa"), e.getMessage());
        assertEquals(List.of("DMSO", "actin", "tubulin"), key.categories());
    }
}
