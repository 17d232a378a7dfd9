package org.dinoscope.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.dinoscope.OutputFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** What the charts share: the colour cycle and atomic PNG export (Java2D; no display needed). */
public final class Charts {
    /** Matplotlib's tab10 then a few more, so that 12 mechanisms stay distinguishable. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207), new Color(0, 0, 0), new Color(174, 199, 232),
        new Color(255, 187, 120), new Color(152, 223, 138), new Color(255, 152, 150), new Color(197, 176, 213)};

    private Charts() {
    }

    public static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Renders the chart to a PNG file (written to a temporary file first, then moved into place). */
    public static void savePng(JFreeChart chart, Path png, int width, int height) throws IOException {
        atomically(png, f -> ChartUtils.saveChartAsPNG(f, chart, width, height));
    }

    /** Writes an image as a PNG file (written to a temporary file first, then moved into place). */
    public static void savePng(BufferedImage img, Path png) throws IOException {
        atomically(png, f -> ImageIO.write(img, "png", f));
    }

    /** What renders a PNG into a file. */
    private interface PngWriter {
        void write(File file) throws IOException;
    }

    private static void atomically(Path png, PngWriter writer) throws IOException {
        OutputFiles.write(png, f -> writer.write(f.toFile()));
    }
}
