package org.dinoscope.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * Attention maps as pictures, for the CLI's PNG and Fiji's overlay alike: a map in multiples of uniform attention
 * (see FieldAttention) is coloured over a fixed range, 0 to {@code max}, so that the same colour means the same
 * attention on every field and model; values above {@code max} take the top colour, NaN (outside the map) none.
 * The colour bar states the unit and the range.
 */
public final class AttentionFigure {
    /** The default top of the colour scale: five times uniform attention. */
    public static final double DEFAULT_MAX = 5;
    /** The bar's title: 1 is uniform attention, 1/patches of the mass on every patch. */
    public static final String UNIT = "attention (\u00d7 uniform)";

    private static final int BAR_WIDTH = 20;

    private AttentionFigure() {
    }

    /** ImageJ's "fire" LUT (LutLoader: 32 control points, linearly interpolated to 256), as 0xRRGGBB. */
    public static int[] fire() {
        int[] r = {0, 0, 1, 25, 49, 73, 98, 122, 146, 162, 173, 184, 195, 207, 217, 229, 240, 252, 255, 255, 255,
            255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
        int[] g = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 35, 57, 79, 101, 117, 133, 147, 161, 175, 190, 205, 219,
            234, 248, 255, 255, 255, 255};
        int[] b = {0, 61, 96, 130, 165, 192, 220, 227, 210, 181, 151, 122, 93, 64, 35, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 35, 98, 160, 223, 255};
        int[] lut = new int[256];
        double scale = r.length / 256.0;
        for (int i = 0; i < 256; i++) {
            int i1 = (int) (i * scale);
            int i2 = Math.min(i1 + 1, r.length - 1);
            double f = i * scale - i1;
            lut[i] = (int) ((1 - f) * r[i1] + f * r[i2]) << 16 | (int) ((1 - f) * g[i1] + f * g[i2]) << 8
                    | (int) ((1 - f) * b[i1] + f * b[i2]);
        }
        return lut;
    }

    /** The map coloured by {@code lut} over 0..max, with alpha {@code opacity} (0..1); NaN pixels transparent. */
    public static BufferedImage coloured(float[] map, int width, int height, double max, int[] lut, double opacity) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int alpha = (int) Math.round(255 * Math.max(0, Math.min(1, opacity))) << 24;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = map[y * width + x];
                if (!Float.isNaN(v)) {
                    img.setRGB(x, y, alpha | lut[index(v, max)]);
                }
            }
        }
        return img;
    }

    /**
     * The colour bar: the LUT from 0 (bottom) to {@code max} (top), ticks at whole multiples, the top labelled
     * "&ge; max", and the unit written along it; {@code height} pixels tall, on a white ground.
     */
    public static BufferedImage colourBar(int[] lut, double max, int height) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int margin = 8;
        BufferedImage img = new BufferedImage(BAR_WIDTH + 70, Math.max(height, 80), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int top = margin + fm.getAscent() / 2;
            int bottom = img.getHeight() - margin - fm.getAscent() / 2;
            int x0 = 22;
            for (int y = top; y <= bottom; y++) {
                double v = max * (bottom - y) / Math.max(1, bottom - top);
                g.setColor(new Color(lut[index(v, max)]));
                g.drawLine(x0, y, x0 + BAR_WIDTH - 1, y);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(x0, top, BAR_WIDTH - 1, bottom - top);
            double step = tickStep(max);
            for (double t = 0; t <= max - step / 2; t += step) {
                tick(g, fm, x0, top, bottom, t / max, label(t));
            }
            tick(g, fm, x0, top, bottom, 1, "\u2265" + label(max));
            // The unit along the left edge, reading upwards.
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString(UNIT, -(top + bottom + fm.stringWidth(UNIT)) / 2, fm.getAscent());
            r.dispose();
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * The PNG figure: the field's channel in grey (stretched from its 1st to its 99th percentile), the map on it
     * at {@code opacity}, and the colour bar to the right.
     */
    public static BufferedImage figure(float[] channel, float[] map, int width, int height, double max, int[] lut,
                                       double opacity) {
        BufferedImage bar = colourBar(lut, max, height);
        BufferedImage img = new BufferedImage(width + bar.getWidth(), Math.max(height, bar.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.drawImage(grey(channel, width, height), 0, 0, null);
            g.drawImage(coloured(map, width, height, max, lut, opacity), 0, 0, null);
            g.drawImage(bar, width, 0, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** LUT index of a value on the 0..max scale. */
    static int index(double v, double max) {
        return (int) Math.max(0, Math.min(255, Math.round(v / max * 255)));
    }

    private static BufferedImage grey(float[] channel, int width, int height) {
        float[] sorted = channel.clone();
        Arrays.sort(sorted);
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = sorted[(int) (0.99 * (sorted.length - 1))];
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = hi > lo ? (channel[y * width + x] - lo) / (hi - lo) : 0;
                int k = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                img.setRGB(x, y, k << 16 | k << 8 | k);
            }
        }
        return img;
    }

    /** Ticks at 1, 2 or 5 times a power of ten, at most about 6 of them. */
    private static double tickStep(double max) {
        double raw = max / 5;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    }

    private static void tick(Graphics2D g, FontMetrics fm, int x0, int top, int bottom, double at, String text) {
        int y = (int) Math.round(bottom - at * (bottom - top));
        g.drawLine(x0 + BAR_WIDTH, y, x0 + BAR_WIDTH + 4, y);
        g.drawString(text, x0 + BAR_WIDTH + 7, y + fm.getAscent() / 2 - 1);
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }
}
