package org.dinoscope.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dinoscope.image.TiffWriter;
import org.dinoscope.model.RandomWeights;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.model.VitArchitecture;
import org.dinoscope.model.checkpoint.SafetensorsFile;

/**
 * The bad-input corpus: files a careful user or an attacker may hand DINOscope, each made small and exactly.
 * {@code BadInputsTest} runs every one through the CLI; {@code scripts/bad-inputs.sh} writes them all to a
 * folder ({@link #main}) to try by hand. TIFFs are written byte by byte, so a header can claim what the data
 * does not hold.
 */
public final class BadInputs {
    /** A tiny ViT (dim 64, 2 blocks, patch 16, 1 input channel) whose safetensors weights the CLI reads. */
    public static final VitArchitecture TINY = new VitArchitecture(64, 2, 1, 16, 1, 128, 14, 14, true, true);

    private BadInputs() {
    }

    /** Writes every case of the corpus into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.write(dir.resolve("bomb-20000x20000-uint16.tif"), tiffHeaderOnly(20000, 20000, 16));
        Files.write(dir.resolve("bomb-46000x46000-uint16.tif"), tiffHeaderOnly(46000, 46000, 16));
        Files.write(dir.resolve("bomb-50000x50000-uint8.tif"), tiffHeaderOnly(50000, 50000, 8));
        Files.write(dir.resolve("empty.tif"), new byte[0]);
        Files.write(dir.resolve("bigtiff.tif"), bigTiffHeader());
        floatWithNaN(dir.resolve("float-nan.tif"));
        floatHuge(dir.resolve("float-huge.tif"));
        Files.write(dir.resolve("int16-signed.tif"), tiff(2, 1, 16, 2, shorts(-5, 1000), 1, null));
        Files.write(dir.resolve("uint32.tif"), tiff(2, 1, 32, 1, ints(7, (int) 3_000_000_000L), 1, null));
        Files.write(dir.resolve("ome-two-series.ome.tif"), omeTwoSeries());
        weightsWithNaN(dir.resolve("weights-nan.safetensors"));
        System.out.println("bad-input corpus written to " + dir);
    }

    /** A 16-bit (or other) grayscale TIFF header that declares {@code width x height} and holds no pixels. */
    public static byte[] tiffHeaderOnly(int width, int height, int bits) {
        return tiff(width, height, bits, 1, null, 1, null);
    }

    /** A BigTIFF header (version 43, 64-bit offsets). */
    public static byte[] bigTiffHeader() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
                .putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16).array();
    }

    /** A 2-plane 32-bit float TIFF of 224 x 224 whose first plane holds one NaN. */
    public static Path floatWithNaN(Path file) throws IOException {
        float[] a = new float[224 * 224];
        float[] b = new float[224 * 224];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 97) / 97f;
            b[i] = (i % 89) / 89f;
        }
        a[224 * 10 + 3] = Float.NaN;
        Files.createDirectories(file.toAbsolutePath().getParent());
        TiffWriter.writeFloatStack(file, List.of(a, b), 224, 224);
        return file;
    }

    /**
     * A 224 x 224 float TIFF of finite values near the float maximum (+-3e38): readable, but the network overflows
     * on it, so its embedding is not finite.
     */
    public static Path floatHuge(Path file) throws IOException {
        float[] a = new float[224 * 224];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((i % 2 == 0 ? 3e38 : -3e38) * ((i % 7) + 1) / 7);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        TiffWriter.writeFloatStack(file, List.of(a), 224, 224);
        return file;
    }

    /** Two 2 x 1 uint16 pages whose OME-XML describes two image series of one channel each. */
    public static byte[] omeTwoSeries() {
        String xml = "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
                + "<Image ID=\"Image:0\"><Pixels SizeC=\"1\" SizeX=\"2\" SizeY=\"1\"/></Image>"
                + "<Image ID=\"Image:1\"><Pixels SizeC=\"1\" SizeX=\"2\" SizeY=\"1\"/></Image></OME>";
        return tiff(2, 1, 16, 1, shorts(1, 2), 2, xml);
    }

    /** Weights of {@link #TINY} with one NaN in a LayerNorm weight. */
    public static Path weightsWithNaN(Path file) throws IOException {
        Map<String, Tensor> w = new LinkedHashMap<>(RandomWeights.create(TINY, 3));
        Tensor norm = w.get("blocks.1.norm1.weight");
        float[] data = norm.data().clone();
        data[5] = Float.NaN;
        w.put("blocks.1.norm1.weight", new Tensor(norm.shape(), data));
        Files.createDirectories(file.toAbsolutePath().getParent());
        SafetensorsFile.write(file, w, Map.of());
        return file;
    }

    public static byte[] shorts(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    public static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    /**
     * A little-endian, uncompressed, single-strip grayscale TIFF of {@code pages} pages.
     *
     * @param sampleFormat 1 unsigned, 2 signed, 3 float
     * @param pixels       the bytes of each page, or null for a header that declares pixels it does not hold
     *                     (a deflate-compressed strip of one byte: what a small file claiming a huge image looks
     *                     like to a reader before it decodes)
     * @param description  ImageDescription of the first page, or null
     */
    public static byte[] tiff(int width, int height, int bits, int sampleFormat, byte[] pixels, int pages,
                              String description) {
        if (pixels == null) {
            pixels = new byte[1];
        }
        int compression = pixels.length == 1 ? 8 : 1;
        byte[] desc = description == null ? new byte[0] : (description + "\0").getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        parts.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
                .putShort((short) 42).putInt(8).array());
        int pos = 8;
        for (int p = 0; p < pages; p++) {
            boolean hasDesc = p == 0 && desc.length > 0;
            int entries = hasDesc ? 11 : 10;
            int ifdSize = 2 + 12 * entries + 4;
            int descPos = pos + ifdSize;
            int dataPos = descPos + desc.length * (hasDesc ? 1 : 0);
            int dataLen = pixels.length;
            int next = p + 1 < pages ? dataPos + dataLen : 0;
            ByteBuffer ifd = ByteBuffer.allocate(ifdSize).order(ByteOrder.LITTLE_ENDIAN);
            ifd.putShort((short) entries);
            entry(ifd, 256, 4, 1, width);
            entry(ifd, 257, 4, 1, height);
            entry(ifd, 258, 3, 1, bits);
            entry(ifd, 259, 3, 1, compression);
            entry(ifd, 262, 3, 1, 1);
            if (hasDesc) {
                entry(ifd, 270, 2, desc.length, descPos);
            }
            entry(ifd, 273, 4, 1, dataPos);
            entry(ifd, 277, 3, 1, 1);
            entry(ifd, 278, 4, 1, height);
            entry(ifd, 279, 4, 1, dataLen);
            entry(ifd, 339, 3, 1, sampleFormat);
            ifd.putInt(next);
            parts.add(ifd.array());
            if (hasDesc) {
                parts.add(desc);
            }
            parts.add(pixels);
            pos = dataPos + dataLen;
        }
        ByteBuffer all = ByteBuffer.allocate(pos);
        parts.forEach(all::put);
        return all.array();
    }

    /** One IFD entry; SHORT values sit in the first two bytes of the value field. */
    private static void entry(ByteBuffer ifd, int tag, int type, int count, int value) {
        ifd.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) {
            ifd.putShort((short) value).putShort((short) 0);
        } else {
            ifd.putInt(value);
        }
    }
}
