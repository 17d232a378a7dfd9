package org.dinoscope.model.checkpoint;

import java.util.Arrays;

/**
 * A dense, row-major fp32 tensor read from a checkpoint: its shape and its values.
 * Half-precision sources are widened on reading; {@link #sourceDtype()} remembers what the file held.
 */
public final class Tensor {
    private final long[] shape;
    private final float[] data;
    private final String sourceDtype;

    public Tensor(long[] shape, float[] data, String sourceDtype) {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
        this.sourceDtype = sourceDtype;
    }

    public Tensor(long[] shape, float[] data) {
        this(shape, data, "F32");
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** The values, row-major; the array is shared, not copied. */
    public float[] data() {
        return data;
    }

    /** The dtype the file stored ("F32", "F16", "BF16", "F64", ...). */
    public String sourceDtype() {
        return sourceDtype;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + "(" + sourceDtype + ")";
    }
}
