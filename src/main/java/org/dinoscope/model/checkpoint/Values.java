package org.dinoscope.model.checkpoint;

import java.math.BigInteger;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * How unpickled Python values are represented in Java, and helpers to name them in messages.
 *
 * <p>None is {@code null}; bool {@link Boolean}; int {@link Long} or {@link BigInteger}; float {@link Double};
 * str {@link String}; bytes {@code byte[]}; list {@link java.util.ArrayList}; tuple a {@link Tuple};
 * dict a {@link java.util.LinkedHashMap} (insertion order kept, as in Python); set a
 * {@link java.util.LinkedHashSet}; tensors {@link TorchTensor}; everything else a {@link Placeholder}.
 */
final class Values {
    private static final int MAX_KEY_DEPTH = 32;

    private Values() {
    }

    /** A Python tuple: an unmodifiable list with value equality, so that it can be a dict key. */
    static final class Tuple extends AbstractList<Object> implements RandomAccess {
        private final Object[] items;

        private Tuple(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    static List<Object> tuple(List<Object> items) {
        return new Tuple(items.toArray());
    }

    static boolean isTuple(Object o) {
        return o instanceof Tuple;
    }

    /**
     * Checks that {@code key} can be a dict key or set member: Python refuses unhashable keys, and a crafted pickle
     * could otherwise make a key whose {@code hashCode} never ends (a list that contains itself).
     */
    static Object hashable(Object key, String where) throws CheckpointException {
        if (!isHashable(key, 0)) {
            throw new CheckpointException(where + ": malformed pickle: a " + typeName(key)
                    + " used as a dict key or set member");
        }
        return key;
    }

    private static boolean isHashable(Object o, int depth) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof Placeholder || o instanceof TorchTensor || o instanceof PickleGlobals.TorchType
                || o instanceof PickleGlobals.Function || o instanceof byte[]) {
            return true;
        }
        if (isTuple(o) && depth < MAX_KEY_DEPTH) {
            for (Object e : (List<?>) o) {
                if (!isHashable(e, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A short Python-ish type name. */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Long || o instanceof BigInteger) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Set) {
            return "set";
        }
        if (isTuple(o)) {
            return "tuple";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof LazyTensor) {
            return "tensor";
        }
        if (o instanceof Placeholder) {
            return ((Placeholder) o).qualifiedName() + (((Placeholder) o).isClass() ? " class" : " object");
        }
        if (o instanceof PickleGlobals.TorchType) {
            return o.toString();
        }
        return o.getClass().getSimpleName();
    }

    /** A one-line, bounded description of a value for {@link Checkpoint#ignored()}. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof LazyTensor) {
            return ((LazyTensor) o).describe();
        }
        if (o instanceof Boolean || o instanceof Long || o instanceof BigInteger || o instanceof Double) {
            return typeName(o) + " " + o;
        }
        if (o instanceof String) {
            String s = (String) o;
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (o instanceof byte[]) {
            return "bytes of length " + ((byte[]) o).length;
        }
        if (o instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) o;
            long tensors = m.values().stream().filter(v -> v instanceof LazyTensor).count();
            String d = "dict of " + count(m.size(), "entry", "entries");
            return tensors == 0 ? d : d + ", " + (tensors == m.size() ? "all" : tensors + " of them") + " tensors";
        }
        if (o instanceof Collection) {
            return typeName(o) + " of " + count(((Collection<?>) o).size(), "item", "items");
        }
        return typeName(o);
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Shape for messages. */
    static String shape(long[] shape) {
        return Arrays.toString(shape);
    }
}
