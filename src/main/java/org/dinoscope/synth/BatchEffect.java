package org.dinoscope.synth;

import java.util.SplittableRandom;

/**
 * What a batch (and, a little, each plate) does to every image regardless of biology: gain, offset,
 * vignetting (radial fall-off of illumination) and optical blur.
 */
public record BatchEffect(double gain, double offset, double vignetting, double blurSigma) {

    /** The batch's effect, then a small per-plate jitter of the gain. */
    public static BatchEffect of(long seed, int batch, int plate) {
        SplittableRandom b = new SplittableRandom(Seeds.mix(seed, 0xBA7C4L, batch));
        double gain = 0.75 + 0.5 * b.nextDouble();
        double offset = 200 + 300 * b.nextDouble();
        double vignetting = 0.1 + 0.3 * b.nextDouble();
        double blur = 0.4 + 1.2 * b.nextDouble();
        SplittableRandom p = new SplittableRandom(Seeds.mix(seed, 0x91A7EL, plate));
        return new BatchEffect(gain * (0.95 + 0.1 * p.nextDouble()), offset, vignetting, blur);
    }
}
