package org.dinoscope.viz;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.dinoscope.OutputFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** What the charts share: atomic PNG export (Java2D; no display needed). Colours: {@link ColourKey}. */
public final class Charts {
    private Charts() {
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
