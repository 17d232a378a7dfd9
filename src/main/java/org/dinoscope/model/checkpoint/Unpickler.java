package org.dinoscope.model.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for the {@code data.pkl} of {@code torch.save} archives (pickle protocols 0 to 5).
 *
 * <p>Why not run Python's pickle, or a Java port of it: unpickling is a small stack machine whose GLOBAL and
 * REDUCE opcodes import any Python object by name and call it, so loading an untrusted {@code .pt} file with
 * {@code torch.load} can run arbitrary code. This machine interprets the same opcodes but never loads a class
 * ({@code Class.forName} is not used anywhere) and never calls anything: what a global means is decided by
 * {@link PickleGlobals} from a fixed table (tensor rebuild functions, containers, storage types), any other class
 * becomes an inert {@link Placeholder}, and globals that only serve to run code make reading fail at once.
 *
 * <p>Sizes claimed by the pickle (string lengths, frame lengths) are checked against the bytes that are really
 * there before anything is allocated, and the stack, the mark stack and the memo are capped, so a crafted pickle
 * ends in a {@link CheckpointException}, not an {@link OutOfMemoryError}.
 */
final class Unpickler {

    /** Resolves persistent ids ({@code ('storage', type, key, location, numel)} in torch archives). */
    interface PersistentLoader {
        Object load(Object pid) throws CheckpointException;
    }

    static final long MAX_STACK_ITEMS = 10_000_000L;
    static final int MAX_MEMO = 10_000_000;
    static final int MAX_MARK_DEPTH = 100_000;

    private final long maxStackItems;
    private final int maxMemo;
    private final int maxMarkDepth;
    private static final int MAX_LINE = 1 << 16;

    private final byte[] data;
    private final String where;
    private final String file;
    private final PersistentLoader loader;
    private int pos;
    private int opPos;
    private ArrayList<Object> stack = new ArrayList<>();
    private final ArrayDeque<ArrayList<Object>> metastack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long items;

    /**
     * @param data the pickle
     * @param where file and entry, for messages
     * @param file the file alone, for the refusal message
     */
    Unpickler(byte[] data, String where, String file, PersistentLoader loader) {
        this(data, where, file, loader, MAX_STACK_ITEMS, MAX_MEMO, MAX_MARK_DEPTH);
    }

    /** With other limits (tests). */
    Unpickler(byte[] data, String where, String file, PersistentLoader loader, long maxStackItems, int maxMemo,
            int maxMarkDepth) {
        this.data = data;
        this.where = where;
        this.file = file;
        this.loader = loader;
        this.maxStackItems = maxStackItems;
        this.maxMemo = maxMemo;
        this.maxMarkDepth = maxMarkDepth;
    }

    /** Runs the pickle to its STOP opcode and returns the value it built. */
    Object load() throws CheckpointException {
        try {
            while (true) {
                if (pos >= data.length) {
                    throw fail("the pickle ends without a STOP opcode (truncated?)");
                }
                opPos = pos;
                int op = data[pos++] & 0xff;
                if (op == '.') {
                    return pop();
                }
                step(op);
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("malformed pickle (" + e + ")");
        }
    }

    private void step(int op) throws CheckpointException {
        switch (op) {
            case 0x80: { // PROTO
                int proto = readU1();
                if (proto > 5) {
                    throw fail("pickle protocol " + proto + " is newer than this reader knows (5)");
                }
                break;
            }
            case 0x95: { // FRAME: framing only groups opcodes; check the length and go on
                long len = readLong8();
                if (len < 0 || len > data.length - pos) {
                    throw fail("frame claims " + len + " bytes but only " + (data.length - pos) + " remain");
                }
                break;
            }
            case '(': // MARK
                if (metastack.size() >= maxMarkDepth) {
                    throw fail("more than " + maxMarkDepth + " nested MARKs");
                }
                metastack.push(stack);
                stack = new ArrayList<>();
                break;
            case '0': // POP
                if (stack.isEmpty()) {
                    popMark();
                } else {
                    pop();
                }
                break;
            case '1': // POP_MARK
                popMark();
                break;
            case '2': // DUP
                push(peek());
                break;
            case 'N':
                push(null);
                break;
            case 0x88:
                push(Boolean.TRUE);
                break;
            case 0x89:
                push(Boolean.FALSE);
                break;
            case 'J': // BININT
                push((long) readI4());
                break;
            case 'K': // BININT1
                push((long) readU1());
                break;
            case 'M': // BININT2
                push((long) (readU1() | readU1() << 8));
                break;
            case 0x8a: // LONG1
                push(decodeLong(readBytes(readU1())));
                break;
            case 0x8b: { // LONG4
                int n = readI4();
                if (n < 0) {
                    throw fail("LONG4 with negative length " + n);
                }
                push(decodeLong(readBytes(n)));
                break;
            }
            case 'I': // INT (protocol 0), also bools
                push(parseInt(readLine()));
                break;
            case 'L': { // LONG (protocol 0)
                String s = readLine();
                push(normalize(parseBig(s.endsWith("L") ? s.substring(0, s.length() - 1) : s)));
                break;
            }
            case 'G': // BINFLOAT, big-endian
                push(ByteBuffer.wrap(readBytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                break;
            case 'F': // FLOAT (protocol 0)
                push(parseFloat(readLine()));
                break;
            case 'X': // BINUNICODE
                push(utf8(readBytes(readU4())));
                break;
            case 0x8c: // SHORT_BINUNICODE
                push(utf8(readBytes(readU1())));
                break;
            case 0x8d: // BINUNICODE8
                push(utf8(readBytes(readLong8())));
                break;
            case 'V': // UNICODE (protocol 0, raw-unicode-escape)
                push(PickleText.rawUnicodeEscape(readLine()));
                break;
            case 'S': // STRING (protocol 0, a Python repr)
                push(utf8(PickleText.stringLiteral(readLine(), where)));
                break;
            case 'T': { // BINSTRING
                int n = readI4();
                if (n < 0) {
                    throw fail("BINSTRING with negative length " + n);
                }
                push(utf8(readBytes(n)));
                break;
            }
            case 'U': // SHORT_BINSTRING
                push(utf8(readBytes(readU1())));
                break;
            case 'B': // BINBYTES
                push(readBytes(readU4()));
                break;
            case 'C': // SHORT_BINBYTES
                push(readBytes(readU1()));
                break;
            case 0x8e: // BINBYTES8
            case 0x96: // BYTEARRAY8
                push(readBytes(readLong8()));
                break;
            case 0x97: // NEXT_BUFFER
                throw fail("the pickle uses out-of-band buffers (protocol 5), which torch.save never writes");
            case 0x98: // READONLY_BUFFER
                break;
            case '}':
                push(new LinkedHashMap<>());
                break;
            case ']':
                push(new ArrayList<>());
                break;
            case ')':
                push(Values.tuple(new ArrayList<>()));
                break;
            case 0x8f: // EMPTY_SET
                push(new LinkedHashSet<>());
                break;
            case 0x85:
            case 0x86:
            case 0x87: { // TUPLE1..3
                int n = op - 0x84;
                Object[] t = new Object[n];
                for (int i = n - 1; i >= 0; i--) {
                    t[i] = pop();
                }
                push(Values.tuple(Arrays.asList(t)));
                break;
            }
            case 't': // TUPLE
                push(Values.tuple(popMark()));
                break;
            case 'l': // LIST
                push(popMark());
                break;
            case 'd': { // DICT
                List<Object> kv = popMark();
                Map<Object, Object> m = new LinkedHashMap<>();
                setItems(m, kv);
                push(m);
                break;
            }
            case 0x91: { // FROZENSET
                Set<Object> set = new LinkedHashSet<>();
                for (Object o : popMark()) {
                    set.add(Values.hashable(o, where));
                }
                push(set);
                break;
            }
            case 's': { // SETITEM
                Object value = pop();
                Object key = pop();
                setItems(peek(), pair(key, value));
                break;
            }
            case 'u': { // SETITEMS
                List<Object> kv = popMark();
                setItems(peek(), kv);
                break;
            }
            case 'a': { // APPEND
                Object value = pop();
                List<Object> one = new ArrayList<>(1);
                one.add(value);
                appendAll(peek(), one);
                break;
            }
            case 'e': { // APPENDS
                List<Object> values = popMark();
                appendAll(peek(), values);
                break;
            }
            case 0x90: { // ADDITEMS
                List<Object> add = popMark();
                Object target = peek();
                if (!(target instanceof Set)) {
                    throw fail("ADDITEMS on a " + Values.typeName(target));
                }
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) target;
                for (Object o : add) {
                    set.add(Values.hashable(o, where));
                }
                break;
            }
            case 'p': // PUT
                memoPut(parseIndex(readLine()));
                break;
            case 'q': // BINPUT
                memoPut(readU1());
                break;
            case 'r': // LONG_BINPUT
                memoPut(readU4());
                break;
            case 0x94: // MEMOIZE
                memoPut(memo.size());
                break;
            case 'g': // GET
                push(memoGet(parseIndex(readLine())));
                break;
            case 'h': // BINGET
                push(memoGet(readU1()));
                break;
            case 'j': // LONG_BINGET
                push(memoGet(readU4()));
                break;
            case 'c': { // GLOBAL
                String module = readLine();
                String name = readLine();
                push(PickleGlobals.resolve(module, name, file));
                break;
            }
            case 0x93: { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String) || !(name instanceof String)) {
                    throw fail("STACK_GLOBAL needs two strings, got " + Values.typeName(module) + " and "
                            + Values.typeName(name));
                }
                push(PickleGlobals.resolve((String) module, (String) name, file));
                break;
            }
            case 'i': { // INST
                String module = readLine();
                String name = readLine();
                Object cls = PickleGlobals.resolve(module, name, file);
                push(PickleGlobals.call(cls, Values.tuple(popMark()), where));
                break;
            }
            case 'o': { // OBJ
                List<Object> frame = popMark();
                if (frame.isEmpty()) {
                    throw fail("OBJ without a class");
                }
                Object cls = frame.get(0);
                push(PickleGlobals.call(cls, Values.tuple(frame.subList(1, frame.size())), where));
                break;
            }
            case 'R': { // REDUCE
                Object args = pop();
                Object callable = pop();
                push(PickleGlobals.call(callable, argTuple(args), where));
                break;
            }
            case 0x81: { // NEWOBJ
                Object args = pop();
                Object cls = pop();
                push(PickleGlobals.call(cls, argTuple(args), where));
                break;
            }
            case 0x92: { // NEWOBJ_EX
                pop(); // kwargs
                Object args = pop();
                Object cls = pop();
                push(PickleGlobals.call(cls, argTuple(args), where));
                break;
            }
            case 'b': { // BUILD: set an object's state; only placeholders keep it
                Object state = pop();
                Object target = peek();
                if (target instanceof Placeholder) {
                    ((Placeholder) target).setState(state);
                }
                break;
            }
            case 'P': // PERSID
                push(loader.load(readLine()));
                break;
            case 'Q': // BINPERSID
                push(loader.load(pop()));
                break;
            case 0x82:
            case 0x83:
            case 0x84: // EXT1, EXT2, EXT4
                throw fail("the pickle uses the copyreg extension registry (EXT" + (op == 0x82 ? 1 : op == 0x83 ? 2 : 4)
                        + "), which a checkpoint never needs");
            default:
                throw fail(String.format("unknown pickle opcode 0x%02x", op));
        }
    }

    private static List<Object> pair(Object key, Object value) {
        List<Object> kv = new ArrayList<>(2);
        kv.add(key);
        kv.add(value);
        return kv;
    }

    private List<Object> argTuple(Object args) throws CheckpointException {
        if (!(args instanceof List)) {
            throw fail("a call's arguments are a " + Values.typeName(args) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) args;
        return l;
    }

    private void setItems(Object target, List<Object> kv) throws CheckpointException {
        if (kv.size() % 2 != 0) {
            throw fail("odd number of items for a dict");
        }
        Map<Object, Object> map;
        if (target instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            map = m;
        } else if (target instanceof Placeholder) {
            map = ((Placeholder) target).items();
        } else {
            throw fail("SETITEM on a " + Values.typeName(target));
        }
        for (int i = 0; i < kv.size(); i += 2) {
            map.put(Values.hashable(kv.get(i), where), kv.get(i + 1));
        }
    }

    private void appendAll(Object target, List<Object> values) throws CheckpointException {
        if (target instanceof Placeholder) {
            ((Placeholder) target).listItems().addAll(values);
        } else if (target instanceof ArrayList) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) target;
            l.addAll(values);
        } else {
            throw fail("APPEND on a " + Values.typeName(target));
        }
    }

    // ---- stack and memo ----

    private void push(Object o) throws CheckpointException {
        if (++items > maxStackItems) {
            throw fail("the pickle stack grows beyond " + maxStackItems + " items");
        }
        stack.add(o);
    }

    private Object pop() throws CheckpointException {
        if (stack.isEmpty()) {
            throw fail("malformed pickle: stack underflow");
        }
        items--;
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CheckpointException {
        if (stack.isEmpty()) {
            throw fail("malformed pickle: stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws CheckpointException {
        if (metastack.isEmpty()) {
            throw fail("malformed pickle: no MARK to pop to");
        }
        ArrayList<Object> frame = stack;
        stack = metastack.pop();
        items -= frame.size();
        return frame;
    }

    private void memoPut(long index) throws CheckpointException {
        if (memo.size() >= maxMemo && !memo.containsKey(index)) {
            throw fail("the pickle memo grows beyond " + maxMemo + " entries");
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws CheckpointException {
        if (!memo.containsKey(index)) {
            throw fail("malformed pickle: memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    // ---- reading ----

    private int readU1() throws CheckpointException {
        need(1);
        return data[pos++] & 0xff;
    }

    private int readI4() throws CheckpointException {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private long readU4() throws CheckpointException {
        return readI4() & 0xffffffffL;
    }

    private long readLong8() throws CheckpointException {
        need(8);
        long v = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        pos += 8;
        return v;
    }

    private void need(long n) throws CheckpointException {
        if (n < 0 || n > data.length - pos) {
            throw fail("an opcode claims " + (n < 0 ? Long.toUnsignedString(n) : Long.toString(n))
                    + " bytes but only " + (data.length - pos) + " remain in the pickle (truncated or crafted)");
        }
    }

    private byte[] readBytes(long n) throws CheckpointException {
        need(n);
        byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }

    private String readLine() throws CheckpointException {
        int start = pos;
        int limit = (int) Math.min(data.length, (long) pos + MAX_LINE);
        for (int i = pos; i < limit; i++) {
            if (data[i] == '\n') {
                pos = i + 1;
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                return new String(data, start, end - start, StandardCharsets.ISO_8859_1);
            }
        }
        throw fail("a text opcode's line has no end (truncated or longer than " + MAX_LINE + " bytes)");
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Object decodeLong(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalize(new BigInteger(be));
    }

    private static Object normalize(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private BigInteger parseBig(String s) throws CheckpointException {
        try {
            return new BigInteger(s.trim());
        } catch (NumberFormatException e) {
            throw fail("malformed integer '" + s + "'");
        }
    }

    private Object parseInt(String s) throws CheckpointException {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return normalize(parseBig(s));
    }

    private long parseIndex(String s) throws CheckpointException {
        BigInteger b = parseBig(s);
        if (b.signum() < 0 || b.bitLength() > 62) {
            throw fail("malformed memo index '" + s + "'");
        }
        return b.longValue();
    }

    private Double parseFloat(String s) throws CheckpointException {
        String t = s.trim().toLowerCase();
        switch (t) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw fail("malformed float '" + s + "'");
                }
        }
    }

    private CheckpointException fail(String message) {
        return new CheckpointException(where + ": " + message + " (at byte " + opPos + " of the pickle)");
    }
}
