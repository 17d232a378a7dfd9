package org.dinoscope.fiji;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import org.dinoscope.embed.CropAttention;
import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.embed.FieldException;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;

/**
 * The attention of an open field, as Attention Map shows it and as the profile map shows a clicked field: the
 * last block's CLS-to-patch attention over the whole field (crops stitched), one slice per head, and a heatmap
 * overlay of one head (or their mean) on the image.
 *
 * @param channel   channel whose attention is shown, 1 = first
 * @param head      head shown in the overlay, 0 = the mean over heads
 * @param threshold keep the patches holding this fraction of the attention mass (DINO: 0.6); 0 = off
 * @param opacity   of the overlay, 0 to 100
 * @param lut       ImageJ LUT name of the overlay (fire, ice, spectrum, grays)
 */
record AttentionOverlay(int channel, int head, double threshold, int opacity, String lut) {
    /** What a click on the profile map shows: the first channel, the mean of heads, no threshold, fire. */
    static final AttentionOverlay CLICK = new AttentionOverlay(1, 0, 0, 50, "fire");

    /**
     * Computes the attention of {@code image}, adds the overlay to it and returns the per-head maps.
     *
     * @param channelNames comma-separated, in channel order; blank: the slice labels, else ch1, ch2...
     */
    ImagePlus draw(LoadedModel model, ImagePlus image, String channelNames) throws FieldException {
        Field field = ImagePlusFields.toField(image);
        List<String> names = ImagePlusFields.channelNames(image, field, channelNames);
        CropAttention att = new FieldEmbedder(model, EmbedOptions.defaults().withBatchSize(8))
                .attention(field, names, channel - 1);
        if (head > att.heads()) {
            throw new IllegalArgumentException("the model has " + att.heads() + " heads; head " + head + " asked for");
        }
        ImageStack stack = new ImageStack(att.width(), att.height());
        for (int h = 0; h < att.heads(); h++) {
            float[] map = threshold > 0 ? att.thresholded(h, threshold) : att.stitched(h);
            stack.addSlice("head " + (h + 1), new FloatProcessor(att.width(), att.height(), map));
        }
        ImagePlus maps = new ImagePlus("Attention of " + image.getTitle() + " (" + names.get(channel - 1) + ")", stack);
        maps.setDisplayRange(0, maxOf(stack));
        float[] shown = head == 0 ? (threshold > 0 ? att.thresholded(-1, threshold) : att.stitched(-1))
                : (float[]) stack.getPixels(head);
        overlay(image, shown, att.width(), att.height());
        return maps;
    }

    /**
     * The map as a coloured, semi-transparent overlay on the image (pixels outside every crop stay clear),
     * stretched from its lowest to its highest value so that the LUT's whole range shows where attention goes.
     */
    private void overlay(ImagePlus image, float[] map, int w, int h) {
        FloatProcessor fp = new FloatProcessor(w, h, map.clone());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : map) {
            if (!Float.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        fp.setMinAndMax(max > min ? min : 0, max > min ? max : 1);
        ImageProcessor coloured = fp.convertToByte(true);
        coloured.setLut(new LUT(ij.plugin.LutLoader.getLut(lut), 0, 255));
        ImageRoi roi = new ImageRoi(0, 0, coloured.convertToRGB());
        roi.setOpacity(opacity / 100.0);
        roi.setName("DINOscope attention");
        Overlay ov = image.getOverlay() != null ? image.getOverlay() : new Overlay();
        ov.add(roi);
        image.setOverlay(ov);
    }

    private static double maxOf(ImageStack s) {
        double max = 0;
        for (int i = 1; i <= s.getSize(); i++) {
            for (float v : (float[]) s.getPixels(i)) {
                if (!Float.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 ? max : 1;
    }
}
