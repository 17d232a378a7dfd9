package org.dinoscope.train;

/**
 * DINO's per-iteration schedules ({@code utils.cosine_scheduler} in facebookresearch/dino): a linear warm-up
 * from {@code start} to {@code base} over {@code warmup} steps (numpy's linspace, both ends included), then a
 * half cosine from {@code base} down (or up) to {@code end} over the remaining steps.
 */
public record Schedule(double base, double end, int steps, int warmup, double start) {

    public static Schedule cosine(double base, double end, int steps, int warmup) {
        return new Schedule(base, end, steps, warmup, 0);
    }

    /** DINO's teacher temperature: linear from {@code start} to {@code base} over {@code warmup} steps, then flat. */
    public static Schedule linearThenFlat(double start, double base, int steps, int warmup) {
        return new Schedule(base, base, steps, warmup, start);
    }

    public double at(int step) {
        int w = Math.min(warmup, steps);
        if (step < w) {
            return w == 1 ? base : start + (base - start) * step / (w - 1.0);
        }
        int rest = steps - w;
        int i = Math.min(step - w, Math.max(rest - 1, 0));
        return end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * i / Math.max(rest, 1)));
    }
}
