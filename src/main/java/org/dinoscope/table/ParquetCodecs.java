package org.dinoscope.table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The compression codecs of Parquet pages without Hadoop: parquet-java's own factory goes through Hadoop's
 * CompressionCodec classes (and with them Hadoop's Configuration, XML parser and logging). Snappy (the default of
 * Spark, pyarrow and DuckDB) through snappy-java, zstd (polars' default) through zstd-jni, gzip through the JDK,
 * and uncompressed pages; any other codec fails with its name.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs();
    private static final int ZSTD_LEVEL = 3;

    private ParquetCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        supported(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return bytes;
                }
                byte[] in = bytes.toByteArray();
                return BytesInput.from(switch (codec) {
                    case SNAPPY -> Snappy.compress(in);
                    case ZSTD -> Zstd.compress(in, ZSTD_LEVEL);
                    default -> gzip(in);
                });
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        supported(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return bytes;
                }
                return BytesInput.from(uncompress(codec, bytes.toByteArray(), size));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(codec == CompressionCodecName.UNCOMPRESSED ? in : uncompress(codec, in, size));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    private static void supported(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> { }
            default -> throw new IllegalArgumentException("Parquet pages compressed with " + codec + " cannot be "
                    + "read (DINOscope reads snappy, zstd, gzip and uncompressed pages; rewrite the file with one "
                    + "of those)");
        }
    }

    private static byte[] uncompress(CompressionCodecName codec, byte[] in, int size) throws IOException {
        byte[] out = switch (codec) {
            case SNAPPY -> {
                byte[] b = new byte[size];
                int n = Snappy.uncompressedLength(in) == size ? Snappy.uncompress(in, 0, in.length, b, 0) : -1;
                if (n != size) {
                    throw new IOException("a SNAPPY page does not hold the " + size + " bytes its header says");
                }
                yield b;
            }
            case ZSTD -> Zstd.decompress(in, size);
            default -> {
                try (InputStream g = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    yield g.readNBytes(size);
                }
            }
        };
        if (out.length != size) {
            throw new IOException("a " + codec + " page holds " + out.length + " bytes, its header says " + size);
        }
        return out;
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream g = new GZIPOutputStream(bytes)) {
            g.write(in);
        }
        return bytes.toByteArray();
    }
}
