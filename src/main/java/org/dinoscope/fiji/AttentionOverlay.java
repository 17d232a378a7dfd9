package org.dinoscope.fiji;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.plugin.LutLoader;
import ij.process.FloatProcessor;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldAttention;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.embed.FieldException;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.viz.AttentionFigure;

/**
 * The attention of an open field, as Attention Map shows it and as the profile map shows a clicked field: the
 * last block's CLS-to-patch attention over the whole field in one pass (FieldEmbedder#attention), in multiples of
 * uniform attention, one slice per head and a last slice with their mean, and a heatmap overlay of one head (or
 * the mean) with its colour bar on the image. Colours run over the fixed range 0 to {@code displayMax}, as in the
 * CLI's PNG, so overlays compare across fields and models.
 *
 * @param channel    channel whose attention is shown, 1 = first
 * @param head       head shown in the overlay, 0 = the mean over heads
 * @param threshold  keep the patches holding this fraction of the attention mass (DINO: 0.6); 0 = off
 * @param opacity    of the overlay, 0 to 100
 * @param lut        ImageJ LUT name of the overlay (fire, ice, spectrum, grays)
 * @param upsample   patches to pixels: nearest (DINO's) or bilinear
 * @param displayMax top of the colour scale, in multiples of uniform attention
 */
record AttentionOverlay(int channel, int head, double threshold, int opacity, String lut,
                        FieldAttention.Upsample upsample, double displayMax) {
    /** What a click on the profile map shows: the first channel, the mean of heads, no threshold, fire. */
    static final AttentionOverlay CLICK = new AttentionOverlay(1, 0, 0, 50, "fire", FieldAttention.Upsample.NEAREST,
            AttentionFigure.DEFAULT_MAX);

    /**
     * Computes the attention of {@code image}, adds the overlay and colour bar to it and returns the maps.
     *
     * @param channelNames comma-separated, in channel order; blank: the slice labels, else ch1, ch2...
     */
    ImagePlus draw(LoadedModel model, ImagePlus image, String channelNames) throws FieldException {
        if (!(displayMax > 0)) {
            throw new IllegalArgumentException("display_max must be above 0, got " + displayMax);
        }
        Field field = ImagePlusFields.toField(image);
        List<String> names = ImagePlusFields.channelNames(image, field, channelNames);
        FieldAttention att = new FieldEmbedder(model, EmbedOptions.defaults().withBatchSize(8))
                .attention(field, names, channel - 1, FieldEmbedder.MAX_ATTENTION_PATCHES);
        if (head > att.heads()) {
            throw new IllegalArgumentException("the model has " + att.heads() + " heads; head " + head + " asked for");
        }
        if (att.tiled()) {
            IJ.log("DINOscope Attention Map: " + image.getTitle() + " is too large for one pass; attention per "
                    + EmbedOptions.CROP_SIZE + " px crop");
        }
        ImageStack stack = new ImageStack(att.width(), att.height());
        for (int h = 0; h < att.heads(); h++) {
            stack.addSlice("head " + (h + 1), new FloatProcessor(att.width(), att.height(), att.shown(h, threshold, upsample)));
        }
        stack.addSlice("mean of heads", new FloatProcessor(att.width(), att.height(), att.shown(-1, threshold, upsample)));
        ImagePlus maps = new ImagePlus("Attention of " + image.getTitle() + " (" + names.get(channel - 1) + ")", stack);
        maps.getCalibration().setValueUnit(AttentionFigure.UNIT);
        maps.setDisplayRange(0, displayMax);
        float[] shown = (float[]) stack.getPixels(head == 0 ? att.heads() + 1 : head);
        overlay(image, shown, att.width(), att.height());
        return maps;
    }

    /** The map in the LUT's colours, semi-transparent (clear outside the map), and the colour bar at the top right. */
    private void overlay(ImagePlus image, float[] map, int w, int h) {
        IndexColorModel cm = LutLoader.getLut(lut);
        int[] colours = new int[256];
        for (int i = 0; i < 256; i++) {
            colours[i] = cm.getRGB(i) & 0xffffff;
        }
        ImageRoi roi = new ImageRoi(0, 0, AttentionFigure.coloured(map, w, h, displayMax, colours, 1));
        roi.setOpacity(opacity / 100.0);
        roi.setName("DINOscope attention");
        BufferedImage barImage = AttentionFigure.colourBar(colours, displayMax, Math.min(h, 256));
        ImageRoi bar = new ImageRoi(Math.max(0, w - barImage.getWidth()), 0, barImage);
        bar.setName("DINOscope attention scale");
        Overlay ov = image.getOverlay() != null ? image.getOverlay() : new Overlay();
        ov.add(roi);
        ov.add(bar);
        image.setOverlay(ov);
    }
}
