package org.dinoscope.image;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * One field of view: raw intensities of its channels as an ImgLib2 image (x, y, channel) over one
 * float array, plus what the preprocessing needs to know about the source (pixel type and its maximum).
 */
public final class Field {
    private final String name;
    private final Path source;
    private final ArrayImg<FloatType, FloatArray> img;
    private final float[] data;
    private final int width;
    private final int height;
    private final int channels;
    private final PixelType pixelType;

    /**
     * @param data raw values, channel planes one after another, each row-major (width fastest)
     */
    public Field(String name, Path source, float[] data, int width, int height, int channels, PixelType pixelType) {
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException("field " + name + ": " + data.length + " values for " + width + "x"
                    + height + "x" + channels);
        }
        this.name = name;
        this.source = source;
        this.data = data;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixelType = pixelType;
        this.img = ArrayImgs.floats(data, width, height, channels);
    }

    public String name() {
        return name;
    }

    /** The file the field was read from, or null for an in-memory image. */
    public Path source() {
        return source;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    public PixelType pixelType() {
        return pixelType;
    }

    /** The field as an ImgLib2 image with axes x, y, channel (a view of the same memory). */
    public ArrayImg<FloatType, FloatArray> img() {
        return img;
    }

    /** Raw value of channel c at (x, y). */
    public float value(int c, int x, int y) {
        return data[offset(c) + y * width + x];
    }

    /** Index of channel c's first value in {@link #data()}. */
    public int offset(int c) {
        return c * width * height;
    }

    /** The backing array (shared): channel planes one after another. */
    public float[] data() {
        return data;
    }

    /** Default channel names when the user gives none: ch1, ch2, ... */
    public static List<String> defaultChannelNames(int channels) {
        return IntStream.rangeClosed(1, channels).mapToObj(i -> "ch" + i).toList();
    }

    /** Where the field came from, for messages: the file if there is one, else its name. */
    public String describe() {
        return source != null ? source.toString() : name;
    }
}
