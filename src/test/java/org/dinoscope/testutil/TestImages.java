package org.dinoscope.testutil;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes small 8/16-bit multi-page TIFFs with seeded content for tests. */
public final class TestImages {
    private TestImages() {
    }

    /** A 16-bit TIFF with one page per channel: smooth blobs plus noise, seeded. */
    public static Path tiff16(Path file, int width, int height, int channels, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int c = 0; c < channels; c++) {
                BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
                WritableRaster r = img.getRaster();
                double cx = rng.nextDouble() * width;
                double cy = rng.nextDouble() * height;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (width * height / 16.0);
                        double v = 20000 * Math.exp(-d2) + 3000 * Math.sin(x / 7.0 + c) + 5000 + rng.nextInt(2000);
                        r.setSample(x, y, 0, (int) Math.max(0, Math.min(65535, v)));
                    }
                }
                writer.writeToSequence(new IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }
}
