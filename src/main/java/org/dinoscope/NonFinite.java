package org.dinoscope;

/**
 * The NaN and infinite values of an array: how many, and the first one's index and value. Weights, pixels and
 * embeddings are checked the same way before they are used, so that a non-finite value is refused by name
 * instead of spreading silently into every number downstream.
 */
public record NonFinite(int count, int first, float firstValue) {
    /** The non-finite values of {@code data}, or null when every value is finite. */
    public static NonFinite in(float[] data) {
        int count = 0;
        int first = -1;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        return count == 0 ? null : new NonFinite(count, first, data[first]);
    }

    /** "1 non-finite value of 64" / "3 non-finite values of 64". */
    public String describe(int total) {
        return count + " non-finite value" + (count == 1 ? "" : "s") + " of " + total;
    }
}
