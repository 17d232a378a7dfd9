package org.dinoscope.image;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a field from an image file with the JDK's own readers (TIFF, including multi-page TIFFs and
 * ImageJ hyperstacks, PNG). Every plane (and every band of an RGB plane) becomes a channel, in file
 * order. Core code, so no ImageJ: inside Fiji the commands pass open images in directly.
 */
public final class FieldReader {
    private FieldReader() {
    }

    public static Field read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not an image format DINOscope reads (TIFF or PNG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                return read(file, reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": unreadable image (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private static Field read(Path file, ImageReader reader) throws IOException {
        int pages = reader.getNumImages(true);
        List<float[]> planes = new ArrayList<>();
        int width = -1;
        int height = -1;
        PixelType type = null;
        boolean signed16 = false;
        for (int i = 0; i < pages; i++) {
            Raster r = reader.read(i).getRaster();
            if (width < 0) {
                width = r.getWidth();
                height = r.getHeight();
                type = pixelType(file, r);
                signed16 = r.getDataBuffer().getDataType() == DataBuffer.TYPE_SHORT;
            } else if (r.getWidth() != width || r.getHeight() != height) {
                throw new IOException(file + ": plane " + (i + 1) + " is " + r.getWidth() + "x" + r.getHeight()
                        + ", plane 1 is " + width + "x" + height + "; all channels must have one size");
            } else if (pixelType(file, r) != type) {
                throw new IOException(file + ": plane " + (i + 1) + " has another pixel type than plane 1");
            }
            for (int b = 0; b < r.getNumBands(); b++) {
                planes.add(r.getSamples(0, 0, width, height, b, (float[]) null));
            }
        }
        if (planes.isEmpty()) {
            throw new IOException(file + ": holds no image");
        }
        int n = width * height;
        float[] data = new float[n * planes.size()];
        for (int c = 0; c < planes.size(); c++) {
            System.arraycopy(planes.get(c), 0, data, c * n, n);
        }
        if (signed16) {
            // Java reads 16-bit TIFFs flagged as signed as TYPE_SHORT; microscopy data is unsigned.
            for (int i = 0; i < data.length; i++) {
                if (data[i] < 0) {
                    data[i] += 65536f;
                }
            }
        }
        String name = file.getFileName().toString();
        return new Field(name, file, data, width, height, planes.size(), type);
    }

    private static PixelType pixelType(Path file, Raster r) throws IOException {
        int t = r.getDataBuffer().getDataType();
        int bits = r.getSampleModel().getSampleSize(0);
        return switch (t) {
            case DataBuffer.TYPE_BYTE -> {
                if (bits != 8) {
                    throw new IOException(file + ": " + bits + "-bit samples are not supported (8, 16 or 32-bit float)");
                }
                yield PixelType.UINT8;
            }
            case DataBuffer.TYPE_USHORT, DataBuffer.TYPE_SHORT -> PixelType.UINT16;
            case DataBuffer.TYPE_FLOAT, DataBuffer.TYPE_DOUBLE -> PixelType.FLOAT32;
            default -> throw new IOException(file + ": pixel type " + t + " is not supported (8, 16 or 32-bit float)");
        };
    }
}
