package org.dinoscope.train;

/**
 * One batch of multi-crop views as network input, crop-major as DINO's MultiCropWrapper concatenates them:
 * global crop 1 of every sample, then global crop 2, then each local crop in turn.
 *
 * @param globals row-major [2 * batch, channels, globalSize, globalSize]
 * @param locals  row-major [localCount * batch, channels, localSize, localSize] (empty when localCount is 0)
 */
public record Crops(int batch, int channels, int globalSize, float[] globals, int localCount, int localSize,
                    float[] locals) {
    public Crops {
        if (globals.length != 2L * batch * channels * globalSize * globalSize
                || locals.length != (long) localCount * batch * channels * localSize * localSize) {
            throw new IllegalArgumentException("crop arrays do not match " + batch + " samples of " + channels
                    + " channel(s), 2 x " + globalSize + " px and " + localCount + " x " + localSize + " px");
        }
    }
}
