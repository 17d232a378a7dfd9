package org.dinoscope.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.dinoscope.NonFinite;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldResizing;
import org.dinoscope.image.CellRule;
import org.dinoscope.image.Tiling;
import org.dinoscope.image.Tiling.Crop;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling.ChannelScale;
import org.dinoscope.model.VisionTransformer;

import ai.djl.engine.EngineException;

/**
 * Field to profile: tiles the field into 224 px crops, optionally keeps only crops with cells, turns each
 * crop into network input as the preset prescribes (or with the input scaling the user chose), runs the network in
 * batches and averages the crop embeddings; per-channel presets concatenate the channel embeddings in channel
 * order. Also gives a field's attention maps, which see the whole field at once.
 */
public final class FieldEmbedder {
    private static final int CROP = EmbedOptions.CROP_SIZE;

    private final LoadedModel model;
    private final EmbedOptions options;

    public FieldEmbedder(LoadedModel model, EmbedOptions options) {
        this.model = model;
        this.options = options;
    }

    /** The embedding of one field and how many crops made it. */
    public record Embedding(float[] vector, int cropsUsed, int cropsTotal) {
    }

    /** Feature column names: {@code <channel>_<k>} per channel, or {@code all_<k>} for multi-channel models. */
    public List<String> featureNames(List<String> channelNames) {
        int d = model.dim();
        List<String> names = new ArrayList<>();
        List<String> groups = model.preset().inputMode() == Preset.InputMode.MULTI_CHANNEL
                ? List.of("all") : channelNames;
        for (String g : groups) {
            for (int k = 0; k < d; k++) {
                names.add(g + "_" + k);
            }
        }
        return names;
    }

    public Embedding embed(Field field, List<String> channelNames) throws FieldException {
        CropInputs inputs = cropInputs(field, channelNames);
        Embedding[] result = new Embedding[1];
        CropBatcher<Field> batcher = new CropBatcher<>(model, options.batchSize(), (tag, e) -> result[0] = e);
        batcher.submit(inputs, field);
        batcher.flush();
        String nonFinite = nonFinite(result[0], featureNames(channelNames));
        if (nonFinite != null) {
            throw new FieldException(field.describe() + ": " + nonFinite);
        }
        return result[0];
    }

    /**
     * Why an embedding cannot be used, or null when every value is finite: a NaN or infinite feature (from the
     * input or the network) would otherwise pass into the tables as a silent all-NaN profile.
     */
    public static String nonFinite(Embedding e, List<String> featureNames) {
        NonFinite bad = NonFinite.in(e.vector());
        return bad == null ? null : "the embedding holds " + bad.describe(e.vector().length) + " (first: "
                + featureNames.get(bad.first()) + " = " + bad.firstValue() + "); the input or the network produced "
                + "NaN or infinity";
    }

    /**
     * Cuts a field into network inputs, preprocessed as the preset prescribes. Thread-safe: the plate
     * pipeline calls it on reader threads while the network runs.
     */
    public CropInputs cropInputs(Field field, List<String> channelNames) throws FieldException {
        Prepared p = prepare(field, channelNames);
        boolean multi = preset().inputMode() == Preset.InputMode.MULTI_CHANNEL;
        int slots = multi ? 1 : p.field.channels();
        int crops = p.crops.size();
        float[][] inputs = new float[slots * crops][];
        int[] slot = new int[inputs.length];
        int[] network = new int[inputs.length];
        for (int s = 0; s < slots; s++) {
            int net = model.networkCount() == 1 ? 0 : s;
            int inChans = model.network(net).architecture().inChans();
            for (int k = 0; k < crops; k++) {
                int i = s * crops + k;
                inputs[i] = new float[inChans * CROP * CROP];
                Crop c = p.crops.get(k);
                fillInput(p, multi ? -1 : s, c.x(), c.y(), CROP, CROP, inChans, inputs[i], 0);
                slot[i] = s;
                network[i] = net;
            }
        }
        return new CropInputs(inputs, slot, network, slots, crops, p.total);
    }

    /**
     * Fields up to this many patches go through the network whole for attention maps; larger ones are tiled.
     * The last block's attention matrix grows with the square of the patches (8192 patches, 6 heads: 1.6 GB
     * per copy), so this keeps a 1448 x 1448 px field at patch 16 whole on an ordinary machine.
     */
    public static final int MAX_ATTENTION_PATCHES = 8192;

    /**
     * The last block's CLS-to-patch attention of one channel (or of the multi-channel input) over the whole
     * field, as DINO's visualize_attention computes it: the field cut from the top-left to a multiple of the
     * patch size, in one forward pass with interpolated position embeddings. A field of more than
     * {@code maxPatches} patches, or one the engine runs out of memory on, falls back to the embedding's 224 px
     * crops, one pass each ({@link FieldAttention#tiled()}). Crop filter and small-field rule do not apply:
     * the map shows the field as it is.
     */
    public FieldAttention attention(Field field, List<String> channelNames, int channel, int maxPatches)
            throws FieldException {
        Prepared p = new Prepared(field, checked(field, channelNames), List.of(), 0, scales(field));
        if (channel < 0 || channel >= field.channels()) {
            throw new FieldException(field.describe() + ": no channel " + (channel + 1) + " (the field has "
                    + field.channels() + ")");
        }
        int target = preset().inputMode() == Preset.InputMode.MULTI_CHANNEL ? -1 : channel;
        VisionTransformer net = model.network(channel);
        int patch = net.architecture().patch();
        int gw = field.width() / patch;
        int gh = field.height() / patch;
        if (gw == 0 || gh == 0) {
            throw new FieldException(field.describe() + ": field is " + field.width() + "x" + field.height()
                    + ", smaller than one " + patch + " px patch");
        }
        if ((long) gw * gh <= maxPatches) {
            try {
                int inChans = net.architecture().inChans();
                float[] input = new float[inChans * gh * patch * gw * patch];
                fillInput(p, target, 0, 0, gw * patch, gh * patch, inChans, input, 0);
                VisionTransformer.Output o = net.forward(input, 1, gh * patch, gw * patch, preset().pooling(), true);
                return new FieldAttention(field.width(), field.height(), patch, net.architecture().heads(), gw, gh,
                        List.of(new FieldAttention.Pass(0, 0, gw, gh)), o.attention(), false);
            } catch (OutOfMemoryError | EngineException e) {
                if (e instanceof EngineException && !outOfMemory(e)) {
                    throw e;
                }
                // Falls through to tiling: the crops' passes need a fraction of the memory.
            }
        }
        return tiledAttention(p, target, net);
    }

    /** Whether the engine failed for lack of memory (PyTorch's CPU and CUDA allocators say so in the message). */
    private static boolean outOfMemory(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("out of memory") || m.contains("not enough memory");
    }

    /** The fallback: attention of every 224 px crop (top-left tiling, as the embedding), placed on one grid. */
    private FieldAttention tiledAttention(Prepared p, int target, VisionTransformer net) throws FieldException {
        Field f = p.field;
        List<Crop> crops = Tiling.crops(f.width(), f.height(), CROP);
        if (crops.isEmpty()) {
            throw new FieldException(f.describe() + ": too large for one pass (over the patch budget or out of "
                    + "memory) and smaller than one " + CROP + " px crop to tile");
        }
        int patch = net.architecture().patch();
        int heads = net.architecture().heads();
        int inChans = net.architecture().inChans();
        int g = CROP / patch;
        int gw = f.width() / CROP * g;
        int gh = f.height() / CROP * g;
        float[] maps = new float[heads * gh * gw];
        List<FieldAttention.Pass> passes = new ArrayList<>();
        for (int start = 0; start < crops.size(); start += options.batchSize()) {
            int n = Math.min(options.batchSize(), crops.size() - start);
            float[] input = new float[n * inChans * CROP * CROP];
            for (int i = 0; i < n; i++) {
                Crop c = crops.get(start + i);
                fillInput(p, target, c.x(), c.y(), CROP, CROP, inChans, input, i * inChans * CROP * CROP);
            }
            VisionTransformer.Output o = net.forward(input, n, CROP, CROP, preset().pooling(), true);
            for (int i = 0; i < n; i++) {
                Crop c = crops.get(start + i);
                FieldAttention.Pass pass = new FieldAttention.Pass(c.x() / patch, c.y() / patch, g, g);
                passes.add(pass);
                for (int h = 0; h < heads; h++) {
                    float[] a = o.attention(i, h);
                    for (int y = 0; y < g; y++) {
                        System.arraycopy(a, y * g, maps, (h * gh + pass.y() + y) * gw + pass.x(), g);
                    }
                }
            }
        }
        return new FieldAttention(f.width(), f.height(), patch, heads, gw, gh, passes, maps, true);
    }

    private Preset preset() {
        return model.preset();
    }

    /**
     * A field made ready for tiling: resized or padded if asked, channels in model order, crops chosen, and the
     * input scaling of each of the field's channels (computed on the whole field, so every crop shares it).
     */
    private record Prepared(Field field, int[] channelOrder, List<Crop> crops, int total, ChannelScale[] scales) {
    }

    private Prepared prepare(Field field, List<String> channelNames) throws FieldException {
        int[] order = checked(field, channelNames);
        Field f = field;
        if (f.width() < CROP || f.height() < CROP) {
            switch (options.smallField()) {
                case ERROR -> throw new FieldException(field.describe() + ": field is " + f.width() + "x"
                        + f.height() + ", smaller than one " + CROP + " px crop (use padding or resizing)");
                case PAD -> f = FieldResizing.padTo(f, CROP);
                case RESIZE -> f = FieldResizing.scaleUpTo(f, CROP);
                default -> throw new IllegalStateException();
            }
        }
        List<Crop> all = Tiling.crops(f.width(), f.height(), CROP);
        boolean filter = options.cropFilter() != null ? options.cropFilter() : preset().cropFilterByDefault();
        List<Crop> kept = filter ? withCells(f, channelNames, all) : all;
        return new Prepared(f, order, kept, all.size(), scales(f));
    }

    /** The input scaling of each of the field's channels, from the whole field. */
    private ChannelScale[] scales(Field f) {
        int plane = f.width() * f.height();
        ChannelScale[] scales = new ChannelScale[f.channels()];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = model.scaling().of(f.data(), f.offset(c), plane, f.pixelType().max());
        }
        return scales;
    }

    /** Checks names and per-channel networks against the field; returns the model's channel order in it. */
    private int[] checked(Field field, List<String> channelNames) throws FieldException {
        if (channelNames.size() != field.channels()) {
            throw new FieldException(field.describe() + ": " + channelNames.size() + " channel names ("
                    + String.join(",", channelNames) + ") for " + field.channels() + " channels");
        }
        int[] order = channelOrder(field, channelNames);
        if (preset().inputMode() == Preset.InputMode.PER_CHANNEL && model.networkCount() > 1
                && model.networkCount() != field.channels()) {
            throw new FieldException(field.describe() + ": " + model.networkCount() + " per-channel networks for "
                    + field.channels() + " channels");
        }
        return order;
    }

    /** Index of each model input channel in the field (identity for per-channel presets). */
    private int[] channelOrder(Field f, List<String> names) throws FieldException {
        if (preset().inputMode() != Preset.InputMode.MULTI_CHANNEL) {
            return IntStream.range(0, f.channels()).toArray();
        }
        try {
            return preset().inputChannels(names);
        } catch (IllegalArgumentException e) {
            throw new FieldException(f.describe() + ": " + e.getMessage() + " (set them with --channel-names)");
        }
    }

    /**
     * DESIGN.md's crop filter (CellPaintSSL's inference rule): keep a crop when >= 1 % of its DNA pixels
     * exceed 0.7 x the field's Otsu threshold; when none does, keep the middle crop, as the reference does.
     */
    private List<Crop> withCells(Field f, List<String> names, List<Crop> crops) throws FieldException {
        int dna = Preset.channelIndex(names, options.dnaChannel());
        if (dna < 0) {
            throw new FieldException(f.describe() + ": the crop filter needs the DNA channel '" + options.dnaChannel()
                    + "', the field's channels are " + String.join(",", names));
        }
        double t = CellRule.threshold(f, dna);
        List<Crop> kept = new ArrayList<>();
        for (Crop c : crops) {
            if (CellRule.hasCells(f, dna, t, c.x(), c.y(), CROP, CROP)) {
                kept.add(c);
            }
        }
        if (kept.isEmpty() && !crops.isEmpty()) {
            kept.add(crops.get(crops.size() / 2));
        }
        return kept;
    }

    /**
     * Writes the {@code width} x {@code height} rectangle at ({@code x0}, {@code y0}) (a crop, or the whole cut
     * field for attention) as network input at {@code dst[at]}: channel {@code ch} replicated to the network's
     * input channels, or (ch = -1) the model's channels in model order; scaled, then mean/std normalised.
     */
    private void fillInput(Prepared p, int ch, int x0, int y0, int width, int height, int inChans, float[] dst,
                           int at) {
        Field f = p.field;
        Preset preset = preset();
        float[] src = f.data();
        int w = f.width();
        for (int k = 0; k < inChans; k++) {
            int fieldCh = ch >= 0 ? ch : p.channelOrder[k];
            ChannelScale scale = p.scales[fieldCh];
            int base = f.offset(fieldCh);
            int o = at + k * width * height;
            for (int y = 0; y < height; y++) {
                int row = base + (y0 + y) * w + x0;
                for (int x = 0; x < width; x++) {
                    dst[o++] = preset.normalise(scale.apply(src[row + x]), k);
                }
            }
        }
    }

}
