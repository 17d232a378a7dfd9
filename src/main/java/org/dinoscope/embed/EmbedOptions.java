package org.dinoscope.embed;

/**
 * How fields are cut and fed to the network.
 *
 * @param batchSize  crops per forward pass
 * @param cropFilter keep only crops with cells (the Otsu rule); null = the preset's default
 * @param smallField what to do with a field smaller than one crop
 * @param dnaChannel name of the channel the crop filter looks at
 */
public record EmbedOptions(int batchSize, Boolean cropFilter, SmallField smallField, String dnaChannel) {
    public static final int CROP_SIZE = 224;

    /** A field smaller than a crop is an error unless the user asks for padding or resizing. */
    public enum SmallField {
        ERROR, PAD, RESIZE
    }

    public EmbedOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    public static EmbedOptions defaults() {
        return new EmbedOptions(16, null, SmallField.ERROR, "DNA");
    }

    public EmbedOptions withCropFilter(Boolean on) {
        return new EmbedOptions(batchSize, on, smallField, dnaChannel);
    }

    public EmbedOptions withBatchSize(int n) {
        return new EmbedOptions(n, cropFilter, smallField, dnaChannel);
    }
}
