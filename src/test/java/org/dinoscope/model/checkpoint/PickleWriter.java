package org.dinoscope.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle bytes (protocol 2 and friends) for tests: what a crafted file would contain. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto(int p) {
        return op(0x80).op(p);
    }

    PickleWriter op(int... ops) {
        for (int o : ops) {
            out.write(o);
        }
        return this;
    }

    PickleWriter raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    PickleWriter global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le32(b.length);
        return raw(b);
    }

    /** BINUNICODE whose length field claims {@code claimed} bytes, followed by {@code actual} bytes. */
    PickleWriter strClaiming(long claimed, int actual) {
        op('X');
        le32((int) claimed);
        return raw(new byte[actual]);
    }

    /** An int as LONG1 with 8 bytes, any value. */
    PickleWriter integer(long v) {
        op(0x8a, 8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleWriter binint(int v) {
        op('J');
        return le32(v);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter setitems() {
        return op('u');
    }

    PickleWriter stop() {
        return op('.');
    }

    PickleWriter le32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write((v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    PickleWriter tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple().op('Q');
        integer(offset);
        mark();
        for (long s : size) {
            integer(s);
        }
        tuple();
        mark();
        for (long s : stride) {
            integer(s);
        }
        tuple();
        op(0x89);
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    /** A whole pickle: {@code OrderedDict(name -> tensor)} of one float tensor. */
    static byte[] stateDict(String name, String key, long numel, long offset, long[] size, long[] stride) {
        return new PickleWriter().proto(2).global("collections", "OrderedDict").emptyTuple().reduce().mark()
                .str(name).tensor("FloatStorage", key, numel, offset, size, stride).setitems().stop().bytes();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
