package org.dinoscope.testutil;

import org.dinoscope.train.TrainOptions;

/** Training options for a network small enough that a test trains it in about a second on a CPU. */
public final class TinyTraining {
    private TinyTraining() {
    }

    /** dim 64, 1 block, patch 8 (heads 1), 32 px global and 16 px local crops, a head of 16 outputs, on the CPU. */
    public static TrainOptions options(int steps, int batch) {
        TrainOptions o = new TrainOptions();
        o.dim = 64;
        o.depth = 1;
        o.patch = 8;
        o.globalSize = 32;
        o.localSize = 16;
        o.localCrops = 2;
        o.batchSize = batch;
        o.outDim = 16;
        o.hidden = 16;
        o.bottleneck = 8;
        o.steps = steps;
        o.device = "cpu";
        return o;
    }
}
