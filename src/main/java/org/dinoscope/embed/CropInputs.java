package org.dinoscope.embed;

/**
 * A field cut into network inputs: input i (one crop, [inChans, 224, 224] row-major) goes through network
 * {@code network[i]} and its features are averaged into slot {@code slot[i]} (a channel, or the single
 * slot of a multi-channel model); the slots concatenated make the field's embedding.
 */
public record CropInputs(float[][] inputs, int[] slot, int[] network, int slots, int cropsUsed, int cropsTotal) {
    public int size() {
        return inputs.length;
    }
}
