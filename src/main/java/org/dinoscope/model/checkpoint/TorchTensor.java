package org.dinoscope.model.checkpoint;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A tensor of a {@code torch.save} archive as its pickle describes it: a storage (an archive entry holding the
 * raw elements), an offset into it and a size and stride per dimension. Views keep their base's storage, so
 * several tensors may share one storage at different offsets and strides; {@link #load} gathers the elements
 * in row-major order and widens them to fp32.
 *
 * <p>Every number here comes from the file. Before anything is allocated, {@link #load} checks that the storage
 * entry really holds the elements the storage claims, that the last element the tensor reaches lies inside the
 * storage, and that the result fits a Java array.
 */
final class TorchTensor implements LazyTensor {

    /** Where storage bytes come from (the archive). */
    interface StorageSource {
        /** Size in bytes of the archive entry for storage {@code key}; fails naming the tensor when absent. */
        long entrySize(String key, String tensorName) throws CheckpointException;

        /** {@code length} bytes of storage {@code key} from {@code byteOffset}, in the archive's byte order. */
        ByteBuffer read(String key, long byteOffset, int length, String tensorName) throws CheckpointException;

        /** The archive's name of the entry, for messages. */
        String entryName(String key);

        String file();
    }

    /** A storage as a persistent id names it: {@code ('storage', type, key, location, numel)}. */
    static final class Storage {
        final StorageSource source;
        final String key;
        final PickleGlobals.TorchType type;
        final long numel;

        Storage(StorageSource source, String key, PickleGlobals.TorchType type, long numel) {
            this.source = source;
            this.key = key;
            this.type = type;
            this.numel = numel;
        }
    }

    /** Rank beyond which a shape is treated as malformed. */
    static final int MAX_RANK = 64;
    /** Largest float array Java can allocate. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /**
     * How many values a tensor whose strides repeat elements (stride 0, from {@code expand}) may unfold to beyond
     * the size of its storage; it keeps a crafted shape from making the reader allocate gigabytes.
     */
    static final long MAX_REPEATED_ELEMENTS = 1L << 24;

    private final Storage storage;
    private final PickleGlobals.TorchType dtypeOverride;
    private final long offset;
    private final long[] size;
    private final long[] stride;

    private TorchTensor(Storage storage, PickleGlobals.TorchType dtypeOverride, long offset, long[] size,
            long[] stride) {
        this.storage = storage;
        this.dtypeOverride = dtypeOverride;
        this.offset = offset;
        this.size = size;
        this.stride = stride;
    }

    /**
     * {@code torch._utils._rebuild_tensor(_v2/_v3)(storage, storage_offset, size, stride, ...)}.
     *
     * @param minArgs arguments the function takes at least
     * @param dtype the dtype argument of {@code _rebuild_tensor_v3}, else {@code null}
     */
    static TorchTensor rebuild(List<Object> args, int minArgs, PickleGlobals.TorchType dtype, String where)
            throws CheckpointException {
        if (args.size() < minArgs) {
            throw new CheckpointException(where + ": a tensor is rebuilt with " + args.size()
                    + " arguments, expected " + minArgs);
        }
        if (!(args.get(0) instanceof Storage)) {
            throw new CheckpointException(where + ": a tensor is rebuilt from a " + Values.typeName(args.get(0))
                    + " instead of a storage");
        }
        long offset = nonNegative(args.get(1), where, "storage offset");
        long[] size = dims(args.get(2), where, "size");
        long[] stride = dims(args.get(3), where, "stride");
        if (size.length != stride.length) {
            throw new CheckpointException(where + ": a tensor has " + size.length + " sizes but "
                    + stride.length + " strides");
        }
        return new TorchTensor((Storage) args.get(0), dtype, offset, size, stride);
    }

    private static long nonNegative(Object o, String where, String what) throws CheckpointException {
        if (!(o instanceof Long) || (Long) o < 0) {
            throw new CheckpointException(where + ": a tensor's " + what + " is " + Values.typeName(o)
                    + (o instanceof Long ? " " + o : "") + ", not a non-negative integer");
        }
        return (Long) o;
    }

    private static long[] dims(Object o, String where, String what) throws CheckpointException {
        if (!(o instanceof List) || ((List<?>) o).size() > MAX_RANK) {
            throw new CheckpointException(where + ": a tensor's " + what + " is a " + Values.typeName(o)
                    + ", not a tuple of at most " + MAX_RANK + " integers");
        }
        List<?> l = (List<?>) o;
        long[] d = new long[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = nonNegative(l.get(i), where, what);
        }
        return d;
    }

    private StorageDtype dtype() {
        return dtypeOverride != null ? dtypeOverride.dtype : storage.type.dtype;
    }

    private String dtypeName() {
        StorageDtype d = dtype();
        return d != null ? d.label() : (dtypeOverride != null ? dtypeOverride : storage.type).toString();
    }

    @Override
    public String describe() {
        return "tensor " + Values.shape(size) + " " + dtypeName();
    }

    @Override
    public Tensor load(String name) throws CheckpointException {
        String file = storage.source.file();
        String what = file + ": tensor '" + name + "'";
        StorageDtype dtype = dtype();
        if (dtype == null) {
            throw new CheckpointException(what + " is stored as " + dtypeName()
                    + ", which this reader does not support (float32/16/64, bfloat16, integer and bool tensors)");
        }
        if (dtypeOverride == null && storage.type.untyped) {
            throw new CheckpointException(what + " lies in an untyped storage (" + storage.type
                    + ") and its pickle does not say its dtype");
        }
        String entry = storage.source.entryName(storage.key);
        if (storage.numel < 0) {
            throw new CheckpointException(what + ": its storage '" + entry + "' claims " + storage.numel
                    + " elements");
        }
        int storageElemSize = storage.type.dtype != null ? storage.type.dtype.size() : 1;
        long storageBytes;
        try {
            storageBytes = Math.multiplyExact(storage.numel, (long) storageElemSize);
        } catch (ArithmeticException e) {
            storageBytes = Long.MAX_VALUE;
        }
        long entrySize = storage.source.entrySize(storage.key, name);
        if (entrySize < storageBytes) {
            throw new CheckpointException(what + ": its storage '" + entry + "' claims " + storage.numel
                    + " elements (" + (storageBytes == Long.MAX_VALUE ? "too many" : storageBytes)
                    + " bytes) but the archive entry holds only " + entrySize + " bytes (truncated or crafted)");
        }
        long storageElems = storageBytes / dtype.size();
        long numel;
        long last = offset;
        try {
            numel = Tensor.numel(size);
            for (int i = 0; i < size.length; i++) {
                if (size[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(what + " has shape " + Values.shape(size) + " and strides "
                    + Values.shape(stride) + ", which overflow");
        }
        if (numel == 0) {
            return new Tensor(size, new float[0], dtype.label());
        }
        if (last >= storageElems) {
            throw new CheckpointException(what + " of shape " + Values.shape(size) + ", strides "
                    + Values.shape(stride) + " and offset " + offset + " reaches element " + last + " of storage '"
                    + entry + "', which holds only " + storageElems + " elements");
        }
        if (numel > MAX_ELEMENTS) {
            throw new CheckpointException(what + " has " + numel + " elements (shape " + Values.shape(size)
                    + "), more than a Java array holds");
        }
        if (numel > storageElems && numel > MAX_REPEATED_ELEMENTS) {
            throw new CheckpointException(what + " repeats the " + storageElems + " elements of its storage into "
                    + numel + " values (shape " + Values.shape(size) + ", strides " + Values.shape(stride)
                    + "); refusing to unfold it");
        }
        long spanBytes = (last - offset + 1) * dtype.size();
        if (spanBytes > MAX_ELEMENTS) {
            throw new CheckpointException(what + " spans " + spanBytes + " bytes of its storage, more than "
                    + "this reader can read at once");
        }
        ByteBuffer buf = storage.source.read(storage.key, offset * dtype.size(), (int) spanBytes, name);
        return new Tensor(size, gather(buf, dtype, (int) numel), dtype.label());
    }

    /** Row-major values from a buffer that starts at the tensor's offset. */
    private float[] gather(ByteBuffer buf, StorageDtype dtype, int numel) {
        float[] out = new float[numel];
        int rank = size.length;
        if (isContiguous()) {
            for (int i = 0; i < numel; i++) {
                out[i] = dtype.get(buf, i);
            }
            return out;
        }
        long[] index = new long[rank];
        long at = 0;
        for (int i = 0; i < numel; i++) {
            out[i] = dtype.get(buf, (int) at);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    at += stride[d];
                    break;
                }
                at -= (size[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private boolean isContiguous() {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
