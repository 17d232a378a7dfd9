package org.dinoscope.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.dinoscope.OutputFiles;

/**
 * Writes single-plane 16-bit grayscale TIFFs and multi-page 32-bit float stacks with the JDK's writer, atomically
 * (temp file, then move).
 */
public final class TiffWriter {
    private TiffWriter() {
    }

    /** Values are rounded and clipped to 0..65535. */
    public static void write16(Path file, float[] plane, int offset, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = (int) Math.max(0, Math.min(65535, Math.round(plane[offset + y * width + x])));
            }
            r.setPixels(0, y, width, 1, row);
        }
        write(file, List.of(img));
    }

    /** One 32-bit float page per plane (ImageJ opens it as a stack); NaN stays NaN. */
    public static void writeFloatStack(Path file, List<float[]> planes, int width, int height) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        List<BufferedImage> pages = new ArrayList<>();
        for (float[] plane : planes) {
            WritableRaster r = cm.createCompatibleWritableRaster(width, height);
            r.setSamples(0, 0, width, height, 0, plane);
            pages.add(new BufferedImage(cm, r, false, null));
        }
        write(file, pages);
    }

    private static void write(Path file, List<BufferedImage> pages) throws IOException {
        OutputFiles.write(file, tmp -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (BufferedImage page : pages) {
                    writer.writeToSequence(new IIOImage(page, null, null), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }
}
