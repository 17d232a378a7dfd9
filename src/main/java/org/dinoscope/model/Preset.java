package org.dinoscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What each published model expects: how a channel becomes network input, and which token becomes the
 * embedding. The facts and their sources are in docs/models.md; DESIGN.md has the summary table.
 */
public enum Preset {
    /** uniDINO (Morelli et al. 2025): one single-channel ViT-S/16 shared by all channels. */
    UNIDINO("unidino", InputMode.PER_CHANNEL, 1, Scaling.DTYPE_MAX, null, null, Pooling.CLS, false, null),
    /** Kim et al. 2025 (CellPaintSSL): one 5-channel ViT-S/16 over the Cell Painting field. */
    CELLPAINTSSL_DINO("cellpaintssl-dino", InputMode.MULTI_CHANNEL, 5, Scaling.UINT16_MAX,
            new float[] {0.12528631f, 0.17596765f, 0.14736995f, 0.13445823f, 0.08349566f},
            new float[] {0.12594905f, 0.15605405f, 0.16031352f, 0.15751939f, 0.15773378f},
            Pooling.CLS, true, List.of("Mito", "AGP", "RNA", "ER", "DNA")),
    /** WS-DINO (Cross-Zamirski et al.): one 3-channel ViT-S/8 per channel, intensities clipped at 10000. */
    WSDINO("wsdino", InputMode.PER_CHANNEL, 3, Scaling.CLIP_10000, null, null, Pooling.CLS, false, null),
    /** DINO's ImageNet release (Caron et al. 2021) applied channel by channel. */
    IMAGENET_DINO("imagenet-dino", InputMode.PER_CHANNEL, 3, Scaling.DTYPE_MAX,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, Pooling.CLS, false, null),
    /** An MAE encoder (He et al. 2022; Kraus et al. 2024): mean of the last block's patch tokens. */
    MAE("mae", InputMode.PER_CHANNEL, 0, Scaling.DTYPE_MAX, null, null, Pooling.MEAN_PATCH, false, null),
    /**
     * Models trained by {@code dinoscope train} with its default preprocessing, and the embedded default model
     * (docs/models.md): uniDINO's use of channels (one single-channel network shared by all channels,
     * embeddings concatenated), each channel of each field scaled by its own 1st and 99.9th percentiles, so that
     * real acquisitions of any bit depth and brightness reach the network on one scale.
     */
    DEMO("demo", InputMode.PER_CHANNEL, 1, Scaling.PERCENTILE, null, null, Pooling.CLS, false, null),
    /** Seeded random ViT-S/16 with uniDINO's input: the baseline. */
    RANDOM("random", InputMode.PER_CHANNEL, 1, Scaling.DTYPE_MAX, null, null, Pooling.CLS, false, null);

    /** How the field's channels reach the network. */
    public enum InputMode {
        /** Each channel alone (replicated to the network's input channels); embeddings concatenated. */
        PER_CHANNEL,
        /** All channels at once, reordered to the model's channel order; one embedding. */
        MULTI_CHANNEL
    }

    private final String id;
    private final InputMode inputMode;
    private final int inChans;
    private final Scaling scaling;
    private final float[] mean;
    private final float[] std;
    private final Pooling pooling;
    private final boolean cropFilterByDefault;
    private final List<String> channelOrder;

    Preset(String id, InputMode inputMode, int inChans, Scaling scaling, float[] mean, float[] std,
           Pooling pooling, boolean cropFilterByDefault, List<String> channelOrder) {
        this.id = id;
        this.inputMode = inputMode;
        this.inChans = inChans;
        this.scaling = scaling;
        this.mean = mean;
        this.std = std;
        this.pooling = pooling;
        this.cropFilterByDefault = cropFilterByDefault;
        this.channelOrder = channelOrder;
    }

    public String id() {
        return id;
    }

    /** Whether the preset runs only with a weights file (every one but the seeded random baseline). */
    public boolean needsWeights() {
        return this != RANDOM;
    }

    public InputMode inputMode() {
        return inputMode;
    }

    /**
     * The network of the preset's paper, e.g. "ViT-S/16", or null where any network is the preset's own (mae,
     * demo, random).
     */
    public String paperNetwork() {
        return switch (this) {
            case UNIDINO, CELLPAINTSSL_DINO -> "ViT-S/16";
            case WSDINO -> "ViT-S/8";
            case IMAGENET_DINO -> "ViT-S/16 or ViT-S/8";
            default -> null;
        };
    }

    /** Whether a network is the paper's (ViT-S: dim 384, depth 12, at the paper's patch size); true without one. */
    public boolean isPaperNetwork(VitArchitecture a) {
        String paper = paperNetwork();
        return paper == null || a.dim() == 384 && a.depth() == 12 && paper.contains("/" + a.patch());
    }

    /** Input channels the network must have, or 0 when any count works (replicated per channel). */
    public int inChans() {
        return inChans;
    }

    /** The input scaling of the preset's paper (or of DINOscope's own models); a user may choose another. */
    public Scaling scaling() {
        return scaling;
    }

    public Pooling pooling() {
        return pooling;
    }

    public boolean cropFilterByDefault() {
        return cropFilterByDefault;
    }

    /** The model's channel order (multi-channel presets), or null. */
    public List<String> channelOrder() {
        return channelOrder;
    }

    /**
     * For each channel of {@link #channelOrder()}, its index among {@code names} (matched trimmed and
     * case-insensitively), or -1 where it is missing.
     */
    public int[] channelIndices(List<String> names) {
        return channelOrder.stream().mapToInt(c -> channelIndex(names, c)).toArray();
    }

    /**
     * The index among {@code names} of each channel the network takes, in the network's order: the preset's
     * {@link #channelOrder()} matched by name, or every channel as it comes when the preset has no order. Fails
     * naming the channels it needs when one is missing; the caller adds the file or layout.
     */
    public int[] inputChannels(List<String> names) {
        if (channelOrder == null) {
            return IntStream.range(0, names.size()).toArray();
        }
        int[] idx = channelIndices(names);
        if (Arrays.stream(idx).anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("preset " + id + " needs channels " + String.join(",", channelOrder)
                    + " (by name); the channels are " + String.join(",", names));
        }
        return idx;
    }

    /** Index of {@code wanted} among channel names (trimmed, case-insensitive), or -1. */
    public static int channelIndex(List<String> names, String wanted) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).trim().equalsIgnoreCase(wanted.trim())) {
                return i;
            }
        }
        return -1;
    }

    /** Per-input-channel mean for normalisation, or null for none. */
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    public float[] std() {
        return std == null ? null : std.clone();
    }

    /** A scaled intensity of input channel {@code k} standardised with the preset's mean and std, if it has them. */
    public float normalise(float scaled, int k) {
        return mean == null ? scaled : (scaled - mean[k]) / std[k];
    }

    public static Preset byId(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (Preset p : values()) {
            if (p.id.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown model preset '" + id + "'; known: " + ids());
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Preset::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
