package org.dinoscope.image;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;

import org.dinoscope.NonFinite;

/**
 * Reads a field from an image file with the JDK's own readers (TIFF, including multi-page TIFFs and
 * ImageJ hyperstacks, PNG). Every plane (and every band of an RGB plane) becomes a channel, in file
 * order. Core code, so no ImageJ: inside Fiji the commands pass open images in directly.
 *
 * <p>Before any pixel is decoded, the size the file declares is set against the free Java heap, so an image
 * bomb (a small file whose header claims a huge image) is refused by name instead of ending in an
 * OutOfMemoryError. Sample types: unsigned 8, 16 and 32 bit, signed 16 bit (kept signed) and float; a float
 * image holding NaN or infinity is refused, since DINOscope does not invent values for missing pixels.
 * BigTIFF and OME-TIFFs holding several image series are refused by name.
 */
public final class FieldReader {
    /** How to give the JVM more heap, for messages. */
    public static final String MORE_HEAP = "raise the Java heap (-Xmx; for the dinoscope launcher e.g. "
            + "DINOSCOPE_JAVA_OPTS=-Xmx16g; in Fiji: Edit > Options > Memory & Threads)";
    private static final Pattern OME_IMAGE = Pattern.compile("<(?:\\w+:)?Image[\\s>]");

    private FieldReader() {
    }

    public static Field read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file");
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + ": the file is empty (0 bytes); an interrupted copy or acquisition?");
        }
        if (isBigTiff(file)) {
            throw new IOException(file + ": a BigTIFF (64-bit offsets), which the JDK's TIFF reader DINOscope uses "
                    + "does not read; save the field as a standard TIFF (one file per field, under 4 GB), e.g. with "
                    + "Fiji's Bio-Formats");
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
                reader.setInput(in, false, false);
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
        refuseSeveralSeries(file, reader, pages);
        requireDecodeBudget(file, reader, pages);
        List<float[]> planes = new ArrayList<>();
        int width = -1;
        int height = -1;
        PixelType type = null;
        for (int i = 0; i < pages; i++) {
            Raster r = reader.read(i).getRaster();
            PixelType t = pixelType(file, r, sampleFormat(reader, i));
            if (width < 0) {
                width = r.getWidth();
                height = r.getHeight();
                type = t;
            } else if (r.getWidth() != width || r.getHeight() != height) {
                throw new IOException(file + ": plane " + (i + 1) + " is " + r.getWidth() + "x" + r.getHeight()
                        + ", plane 1 is " + width + "x" + height + "; all channels must have one size");
            } else if (t != type) {
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
        if (type == PixelType.UINT32) {
            // the raster holds 32-bit samples as Java ints: values of 2^31 and more come back negative
            for (int i = 0; i < data.length; i++) {
                if (data[i] < 0) {
                    data[i] += 4294967296f;
                }
            }
        }
        if (type == PixelType.FLOAT32) {
            requireFinite(file, data, n);
        }
        String name = file.getFileName().toString();
        return new Field(name, file, data, width, height, planes.size(), type);
    }

    /** A float image with NaN or infinite pixels: refused, naming the count and the first one's place. */
    private static void requireFinite(Path file, float[] data, int planeSize) throws IOException {
        String problem = nonFinite(file.toString(), data, planeSize);
        if (problem != null) {
            throw new IOException(problem);
        }
    }

    /**
     * Why a float image cannot be embedded (NaN or infinite pixels: their count and the first one's place), or null
     * when every pixel is finite. {@code name} names the image (a file, or an open image's title).
     */
    public static String nonFinite(String name, float[] data, int planeSize) {
        NonFinite bad = NonFinite.in(data);
        if (bad == null) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: %d pixel%s of this float image %s NaN or infinite "
                + "(first: plane %d, pixel %d = %s); DINOscope does not fill in missing values: replace them "
                + "(e.g. with 0) before embedding", name, bad.count(), bad.count() == 1 ? "" : "s",
                bad.count() == 1 ? "is" : "are", bad.first() / planeSize + 1, bad.first() % planeSize,
                bad.firstValue());
    }

    /**
     * The bytes the file's declared planes take once decoded (the raster, a float copy per plane, the field),
     * against the free heap: refused before decoding when they do not fit.
     */
    private static void requireDecodeBudget(Path file, ImageReader reader, int pages) throws IOException {
        long samples = 0;
        long bytes = 0;
        String first = null;
        for (int i = 0; i < pages; i++) {
            long w = reader.getWidth(i);
            long h = reader.getHeight(i);
            ImageTypeSpecifier spec = reader.getRawImageType(i);
            int bands = spec == null ? 1 : spec.getSampleModel().getNumBands();
            int bits = spec == null ? 32 : spec.getSampleModel().getSampleSize(0);
            long s = w * h * bands;
            samples += s;
            bytes += s * Math.max(1, bits / 8) + 8 * s;
            if (first == null) {
                first = w + " x " + h + " px, " + bits + "-bit";
            }
        }
        String declared = first + ", " + pages + " plane" + (pages == 1 ? "" : "s");
        if (samples > Integer.MAX_VALUE - 16) {
            throw new IOException(file + ": declares " + declared + " (" + samples + " samples), more than one field "
                    + "can hold (2^31 samples); cut the image into fields first");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw new IOException(String.format(Locale.ROOT, "%s: declares %s; decoding it needs about %.1f GB of Java "
                    + "heap but %.1f GB are free; %s, or cut the image into smaller fields", file, declared,
                    bytes / 1e9, free / 1e9, MORE_HEAP));
        }
    }

    /** TIFF SampleFormat of a page (1 unsigned, 2 signed, 3 float), 1 when absent or not a TIFF. */
    private static int sampleFormat(ImageReader reader, int page) throws IOException {
        TIFFField f = tiffField(reader, page, BaselineTIFFTagSet.TAG_SAMPLE_FORMAT);
        return f == null ? 1 : f.getAsInt(0);
    }

    private static TIFFField tiffField(ImageReader reader, int page, int tag) throws IOException {
        IIOMetadata m = reader.getImageMetadata(page);
        if (m == null || !"javax_imageio_tiff_image_1.0".equals(m.getNativeMetadataFormatName())) {
            return null;
        }
        return TIFFDirectory.createFromMetadata(m).getTIFFField(tag);
    }

    /**
     * An OME-TIFF whose OME-XML describes several images (series) would otherwise have all its planes taken as
     * the channels of one field.
     */
    private static void refuseSeveralSeries(Path file, ImageReader reader, int pages) throws IOException {
        if (pages < 2) {
            return;
        }
        TIFFField d = tiffField(reader, 0, BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION);
        if (d == null || d.getCount() == 0 || !d.getAsString(0).contains("<OME")) {
            return;
        }
        Matcher m = OME_IMAGE.matcher(d.getAsString(0));
        int series = 0;
        while (m.find()) {
            series++;
        }
        if (series > 1) {
            throw new IOException(file + ": an OME-TIFF holding " + series + " image series; DINOscope reads one "
                    + "field per file and would merge them into one: save each series as its own file (e.g. with "
                    + "Fiji's Bio-Formats) and list them in the layout");
        }
    }

    private static boolean isBigTiff(Path file) throws IOException {
        byte[] h = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(h, 0, 4) < 4) {
                return false;
            }
        }
        return h[0] == 'I' && h[1] == 'I' && h[2] == 43 && h[3] == 0 || h[0] == 'M' && h[1] == 'M' && h[2] == 0
                && h[3] == 43;
    }

    private static PixelType pixelType(Path file, Raster r, int sampleFormat) throws IOException {
        int t = r.getDataBuffer().getDataType();
        int bits = r.getSampleModel().getSampleSize(0);
        String supported = " (8-bit, 16-bit signed or unsigned, 32-bit unsigned or float)";
        return switch (t) {
            case DataBuffer.TYPE_BYTE -> {
                if (bits != 8) {
                    throw new IOException(file + ": " + bits + "-bit samples are not supported" + supported);
                }
                yield PixelType.UINT8;
            }
            case DataBuffer.TYPE_USHORT -> PixelType.UINT16;
            case DataBuffer.TYPE_SHORT -> PixelType.INT16;
            case DataBuffer.TYPE_INT -> {
                if (sampleFormat == 2) {
                    throw new IOException(file + ": signed 32-bit integer samples are not supported" + supported);
                }
                yield PixelType.UINT32;
            }
            case DataBuffer.TYPE_FLOAT, DataBuffer.TYPE_DOUBLE -> PixelType.FLOAT32;
            default -> throw new IOException(file + ": pixel data type " + t + " is not supported" + supported);
        };
    }
}
