package org.dinoscope.plate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.image.PixelType;

/** Reads a layout's field: one single-plane image per channel, checked to agree in size and pixel type. */
public final class FieldLoader {
    private FieldLoader() {
    }

    public static Field load(FieldSpec spec, List<String> channels) throws IOException {
        List<Integer> missing = spec.missingChannels();
        if (!missing.isEmpty()) {
            throw new IOException(spec.key() + ": missing channel " + String.join(", ",
                    missing.stream().map(channels::get).toList()));
        }
        float[] data = null;
        int w = 0;
        int h = 0;
        PixelType type = null;
        Path first = null;
        for (int c = 0; c < channels.size(); c++) {
            Path file = spec.channelFiles().get(c);
            Field f = FieldReader.read(file);
            if (f.channels() != 1) {
                throw new IOException(file + ": holds " + f.channels() + " planes; the layout expects one image per "
                        + "channel");
            }
            if (data == null) {
                w = f.width();
                h = f.height();
                type = f.pixelType();
                first = file;
                data = new float[w * h * channels.size()];
            } else if (f.width() != w || f.height() != h) {
                throw new IOException(file + ": is " + f.width() + "x" + f.height() + ", but " + first.getFileName()
                        + " (channel " + channels.get(0) + ") is " + w + "x" + h);
            } else if (f.pixelType() != type) {
                throw new IOException(file + ": pixel type " + f.pixelType() + " differs from " + first.getFileName()
                        + " (" + type + ")");
            }
            System.arraycopy(f.data(), 0, data, c * w * h, w * h);
        }
        return new Field(spec.key(), first, data, w, h, channels.size(), type);
    }
}
