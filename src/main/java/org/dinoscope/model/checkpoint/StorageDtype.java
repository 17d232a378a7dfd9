package org.dinoscope.model.checkpoint;

import java.nio.ByteBuffer;

/**
 * Element types a storage may hold, with their size and their widening to fp32. Widening is exact for F16, BF16
 * and the small integer types; F64 and I64/I32 values are rounded to the nearest float (as {@code tensor.float()}
 * does).
 */
enum StorageDtype {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int size;

    StorageDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The name {@link org.dinoscope.model.checkpoint.Tensor#sourceDtype()} reports. */
    String label() {
        return name();
    }

    /** Element {@code i} (not byte offset) of {@code buf}, widened to float; the buffer carries the byte order. */
    float get(ByteBuffer buf, int i) {
        switch (this) {
            case F32: return buf.getFloat(i * 4);
            case F16: return halfToFloat(buf.getShort(i * 2));
            case BF16: return bf16ToFloat(buf.getShort(i * 2));
            case F64: return (float) buf.getDouble(i * 8);
            case I64: return (float) buf.getLong(i * 8);
            case I32: return (float) buf.getInt(i * 4);
            case I16: return buf.getShort(i * 2);
            case I8: return buf.get(i);
            case U8: return buf.get(i) & 0xff;
            case BOOL: return buf.get(i) != 0 ? 1f : 0f;
            default: throw new AssertionError(this);
        }
    }

    /** IEEE 754 binary16 to binary32; exact, subnormals, infinities and NaN included. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: value = mant * 2^-24, exactly representable in binary32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 is the upper half of a binary32. */
    static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
