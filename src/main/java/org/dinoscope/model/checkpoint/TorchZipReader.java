package org.dinoscope.model.checkpoint;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the zip archives that {@code torch.save} writes since PyTorch 1.6: {@code <name>/data.pkl} (the pickled
 * object), {@code <name>/data/<key>} (one raw little-endian entry per storage), {@code <name>/version} and, since
 * PyTorch 2.1, {@code <name>/byteorder}.
 *
 * <p>The pickle goes through the restricted {@link Unpickler}; tensors come back as {@link TorchTensor}s whose
 * values are read from their storage entries only when {@link TorchTensor#load} is called. Entry names are
 * checked (no absolute paths, no {@code ..}) and every size the archive claims is checked against the size of
 * the file before it decides an allocation.
 */
final class TorchZipReader implements Closeable, TorchTensor.StorageSource {
    /** Largest {@code data.pkl} read; real ones are kilobytes, the tensors live in other entries. */
    static final long MAX_PICKLE_BYTES = 512L << 20;
    static final long MAX_EXPANSION = 64;
    static final long EXPANSION_ALLOWANCE = 64L << 20;
    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");

    private final String file;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder order;
    private final boolean torchScript;
    private final Map<String, TorchTensor.Storage> storages = new HashMap<>();

    private TorchZipReader(String file, ZipFile zip, String prefix, ByteOrder order, boolean torchScript) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.order = order;
        this.torchScript = torchScript;
    }

    /** Opens and checks the archive; the caller closes it. */
    static TorchZipReader open(Path path) throws CheckpointException {
        String file = path.toString();
        ZipFile zip;
        long fileSize;
        try {
            fileSize = Files.size(path);
            zip = new ZipFile(path.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": damaged or truncated zip archive, cannot read it as a "
                    + "torch.save checkpoint (" + e.getMessage() + ")", e);
        }
        try {
            List<String> pickles = new ArrayList<>();
            boolean code = false;
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                checkName(file, name);
                checkSizes(file, e, fileSize);
                if (name.matches("[^/]+/data\\.pkl") || name.equals("data.pkl")) {
                    pickles.add(name);
                }
                code |= name.matches("[^/]+/code/.*");
            }
            if (pickles.isEmpty()) {
                throw new CheckpointException(file + " is a zip archive without a '<name>/data.pkl' entry, so it "
                        + "is not a torch.save checkpoint");
            }
            if (pickles.size() > 1) {
                throw new CheckpointException(file + ": the zip archive holds several pickles " + pickles
                        + "; a torch.save checkpoint has one");
            }
            String prefix = pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
            TorchZipReader reader = new TorchZipReader(file, zip, prefix, ByteOrder.LITTLE_ENDIAN, code);
            return reader.withByteOrder();
        } catch (CheckpointException | RuntimeException e) {
            closeQuietly(zip);
            if (e instanceof CheckpointException) {
                throw (CheckpointException) e;
            }
            throw new CheckpointException(file + ": damaged zip archive (" + e + ")", e);
        }
    }

    private TorchZipReader withByteOrder() throws CheckpointException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return this;
        }
        String s = new String(readFully(e, 16), StandardCharsets.US_ASCII).trim();
        switch (s) {
            case "little":
                return this;
            case "big":
                return new TorchZipReader(file, zip, prefix, ByteOrder.BIG_ENDIAN, torchScript);
            default:
                throw new CheckpointException(file + ": entry '" + e.getName() + "' names an unknown byte order '"
                        + s + "'");
        }
    }

    /** Entry names come from the file: refuse any that would point outside an extracted archive. */
    private static void checkName(String file, String name) throws CheckpointException {
        String n = name.replace('\\', '/');
        boolean bad = n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0;
        for (String part : n.split("/", -1)) {
            bad |= part.equals("..");
        }
        if (bad) {
            throw new CheckpointException(file + ": zip entry '" + name + "' points outside the archive "
                    + "(absolute path or '..'); refusing the file");
        }
    }

    /**
     * torch.save stores entries uncompressed, so an entry's size is bounded by the file's. A compressed entry (an
     * archive re-zipped by another tool) may expand, but not beyond {@link #MAX_EXPANSION} times its compressed
     * size once it is larger than {@link #EXPANSION_ALLOWANCE}: weights hardly compress, a zip bomb does.
     */
    private static void checkSizes(String file, ZipEntry e, long fileSize) throws CheckpointException {
        long size = e.getSize();
        long csize = e.getCompressedSize();
        boolean bomb = size > EXPANSION_ALLOWANCE && size / MAX_EXPANSION > csize;
        if (size < 0 || csize < 0 || csize > fileSize || bomb
                || (e.getMethod() == ZipEntry.STORED && size != csize)) {
            throw new CheckpointException(file + ": zip entry '" + e.getName() + "' claims " + size
                    + " bytes (" + csize + " stored) in a file of " + fileSize + " bytes; the archive is damaged "
                    + "or crafted");
        }
    }

    /** Runs the restricted unpickler over {@code data.pkl}. */
    Object unpickle() throws CheckpointException {
        ZipEntry e = zip.getEntry(prefix + "data.pkl");
        byte[] pickle = readFully(e, MAX_PICKLE_BYTES);
        String where = file + " (entry '" + e.getName() + "')";
        return new Unpickler(pickle, where, file, this::persistentLoad).load();
    }

    /** Whether the archive is a TorchScript module ({@code torch.jit.save}) rather than a pickled object. */
    boolean isTorchScript() {
        return torchScript;
    }

    private Object persistentLoad(Object pid) throws CheckpointException {
        String where = file + " (entry '" + prefix + "data.pkl')";
        if (!(pid instanceof List) || ((List<?>) pid).size() < 5 || !"storage".equals(((List<?>) pid).get(0))) {
            throw new CheckpointException(where + ": unsupported persistent id (a " + Values.typeName(pid)
                    + "); torch.save writes ('storage', type, key, location, numel)");
        }
        List<?> p = (List<?>) pid;
        Object type = p.get(1);
        Object key = p.get(2);
        Object numel = p.get(4);
        if (!(type instanceof PickleGlobals.TorchType)) {
            throw new CheckpointException(where + ": storage '" + key + "' has type " + Values.typeName(type)
                    + ", which is not a torch storage type");
        }
        if (!(key instanceof String) || !STORAGE_KEY.matcher((String) key).matches()) {
            throw new CheckpointException(where + ": malformed storage key " + Values.describe(key));
        }
        if (!(numel instanceof Long)) {
            throw new CheckpointException(where + ": storage '" + key + "' has a size of type "
                    + Values.typeName(numel));
        }
        String cacheKey = key + "\0" + type;
        TorchTensor.Storage s = storages.get(cacheKey);
        if (s == null) {
            s = new TorchTensor.Storage(this, (String) key, (PickleGlobals.TorchType) type, (Long) numel);
            storages.put(cacheKey, s);
        }
        return s;
    }

    @Override
    public String entryName(String key) {
        return prefix + "data/" + key;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public long entrySize(String key, String tensorName) throws CheckpointException {
        ZipEntry e = zip.getEntry(entryName(key));
        if (e == null) {
            throw new CheckpointException(file + ": tensor '" + tensorName + "' refers to storage '"
                    + entryName(key) + "', which is missing from the archive");
        }
        return e.getSize();
    }

    @Override
    public ByteBuffer read(String key, long byteOffset, int length, String tensorName)
            throws CheckpointException {
        ZipEntry e = zip.getEntry(entryName(key));
        if (e == null) {
            throw new CheckpointException(file + ": tensor '" + tensorName + "' refers to storage '"
                    + entryName(key) + "', which is missing from the archive");
        }
        try (InputStream in = zip.getInputStream(e)) {
            in.skipNBytes(byteOffset);
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
                throw new EOFException();
            }
            return ByteBuffer.wrap(b).order(order);
        } catch (IOException ex) {
            throw new CheckpointException(file + ": storage entry '" + e.getName() + "' of tensor '" + tensorName
                    + "' is truncated or damaged (" + ex + ")", ex);
        }
    }

    /** An entry's bytes; its claimed size was checked against the file, and it may not exceed {@code max}. */
    private byte[] readFully(ZipEntry e, long max) throws CheckpointException {
        long size = e.getSize();
        if (size > max) {
            throw new CheckpointException(file + ": zip entry '" + e.getName() + "' claims " + size
                    + " bytes, more than the " + max + " this reader accepts for it");
        }
        try (InputStream in = zip.getInputStream(e)) {
            // readNBytes grows its buffer as bytes arrive: a false claim allocates nothing
            byte[] b = in.readNBytes((int) size);
            if (b.length != size) {
                throw new EOFException("got " + b.length + " of " + size + " bytes");
            }
            return b;
        } catch (IOException ex) {
            throw new CheckpointException(file + ": zip entry '" + e.getName() + "' is truncated or damaged ("
                    + ex + ")", ex);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
