package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StorageDtypeTest {

    /** Reference binary16 decoding from the definition, independent of the bit tricks. */
    static double half(int bits) {
        int s = bits >> 15 & 1;
        int e = bits >> 10 & 0x1f;
        int m = bits & 0x3ff;
        double v;
        if (e == 0) {
            v = Math.scalb((double) m, -24);
        } else if (e == 31) {
            v = m == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = Math.scalb(1.0 + m / 1024.0, e - 15);
        }
        return s == 1 ? -v : v;
    }

    @Test
    void everyHalfValueWidensExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float got = StorageDtype.halfToFloat((short) bits);
            double want = half(bits);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), Integer.toHexString(bits));
            } else {
                assertEquals(Float.floatToIntBits((float) want), Float.floatToIntBits(got),
                        Integer.toHexString(bits));
            }
        }
    }

    @Test
    void bfloat16IsTheUpperHalf() {
        assertEquals(1.0f, StorageDtype.bf16ToFloat((short) 0x3f80));
        assertEquals(-2.0f, StorageDtype.bf16ToFloat((short) 0xc000));
        assertEquals(Float.POSITIVE_INFINITY, StorageDtype.bf16ToFloat((short) 0x7f80));
        assertEquals(0x1p-133f, StorageDtype.bf16ToFloat((short) 0x0001));
    }

    @Test
    void integerAndBoolTypes() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 0xff);
        assertEquals(255f, StorageDtype.U8.get(b, 0));
        assertEquals(-1f, StorageDtype.I8.get(b, 0));
        assertEquals(1f, StorageDtype.BOOL.get(b, 0));
        b.putLong(8, -3L);
        assertEquals(-3f, StorageDtype.I64.get(b, 1));
        b.putDouble(0, 0.1);
        assertEquals(0.1f, StorageDtype.F64.get(b, 0));
    }
}
