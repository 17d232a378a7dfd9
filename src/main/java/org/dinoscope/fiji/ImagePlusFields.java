package org.dinoscope.fiji;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.process.ImageProcessor;

import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.image.PixelType;

/** The bridge from an open ImageJ image to a core {@link Field}: a hyperstack's channels, else its slices. */
final class ImagePlusFields {
    private ImagePlusFields() {
    }

    static Field toField(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int w = imp.getWidth();
        int h = imp.getHeight();
        List<Integer> planes = planes(imp);
        float[] data = new float[w * h * planes.size()];
        for (int c = 0; c < planes.size(); c++) {
            ImageProcessor ip = stack.getProcessor(planes.get(c));
            for (int i = 0; i < w * h; i++) {
                data[c * w * h + i] = ip.getf(i);
            }
        }
        PixelType type = switch (imp.getBitDepth()) {
            case 8 -> PixelType.UINT8;
            case 16 -> PixelType.UINT16;
            case 32 -> PixelType.FLOAT32;
            default -> throw new IllegalArgumentException(imp.getTitle() + ": RGB images are not supported; split the "
                    + "channels first (Image > Color > Split Channels) or make a composite");
        };
        if (type == PixelType.FLOAT32) {
            String problem = FieldReader.nonFinite(imp.getTitle(), data, w * h);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return new Field(imp.getTitle(), source(imp), data, w, h, planes.size(), type);
    }

    /** The file the image was opened from, or null when it has none. */
    static Path source(ImagePlus imp) {
        FileInfo fi = imp.getOriginalFileInfo();
        return fi != null && fi.directory != null && fi.fileName != null ? Path.of(fi.directory, fi.fileName) : null;
    }

    /** Stack indices used as channels: the channels of the current z and t of a hyperstack, else every slice. */
    private static List<Integer> planes(ImagePlus imp) {
        List<Integer> out = new ArrayList<>();
        if (imp.getNChannels() > 1 && (imp.getNSlices() > 1 || imp.getNFrames() > 1)) {
            for (int c = 1; c <= imp.getNChannels(); c++) {
                out.add(imp.getStackIndex(c, imp.getZ(), imp.getT()));
            }
        } else {
            for (int i = 1; i <= imp.getStackSize(); i++) {
                out.add(i);
            }
        }
        return out;
    }

    /** Channel names: given ones (comma-separated), else slice labels when every plane has one, else ch1... */
    static List<String> channelNames(ImagePlus imp, Field field, String given) {
        if (given != null && !given.isBlank()) {
            List<String> names = new ArrayList<>();
            for (String s : given.split(",")) {
                names.add(s.trim());
            }
            return names;
        }
        List<String> labels = new ArrayList<>();
        List<Integer> planes = planes(imp);
        for (int p : planes) {
            String l = imp.getStack().getSliceLabel(p);
            if (l == null || l.isBlank() || l.contains(" ") || l.contains(",") || l.length() > 20) {
                return Field.defaultChannelNames(field.channels());
            }
            labels.add(l.trim());
        }
        return labels.size() == field.channels() ? labels : Field.defaultChannelNames(field.channels());
    }
}
