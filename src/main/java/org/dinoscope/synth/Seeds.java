package org.dinoscope.synth;

/** Independent random streams for (seed, a, b, ...) so that any file can be made alone, in any order. */
final class Seeds {
    private Seeds() {
    }

    static long mix(long seed, long... parts) {
        long h = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (long p : parts) {
            h ^= p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
