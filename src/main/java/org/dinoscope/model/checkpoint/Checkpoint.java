package org.dinoscope.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dinoscope.NonFinite;

/**
 * The weights of a network read from a checkpoint file: PyTorch's {@code torch.save} zip archives and
 * safetensors files, told apart by their content, not their extension.
 *
 * <p>{@code torch.save} files are pickles, and loading a pickle the way Python does runs whatever code the file
 * names. This reader never does: its {@link Unpickler} is a restricted interpreter that knows tensors, storages
 * and plain containers, turns any other class into an inert placeholder without loading it (no
 * {@code Class.forName}, no reflection, nothing executed), and refuses a file outright when its pickle references
 * a global that can only serve to run code ({@code os.system}, {@code builtins.eval}, {@code subprocess.Popen},
 * ...). Sizes claimed by the file are checked against the file before memory is allocated for them.
 *
 * <p>The tensors the network needs are picked by {@link CheckpointLayout} (plain state dict, DINO teacher or
 * student, {@code model} / {@code state_dict} wrappers), renamed without {@code module.} / {@code backbone.}
 * prefixes, and widened to fp32. Only those tensors are read from disk.
 */
public final class Checkpoint {
    /** Format names reported by {@link #format()}. */
    public static final String TORCH_ZIP = "torch.save (zip)";
    public static final String SAFETENSORS = "safetensors";

    private final Path file;
    private final String format;
    private final String layout;
    private final Map<String, Tensor> tensors;
    private final List<String> ignored;
    private final String sha256;

    private Checkpoint(Path file, String format, String layout, Map<String, Tensor> tensors,
            List<String> ignored, String sha256) {
        this.file = file;
        this.format = format;
        this.layout = layout;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.ignored = Collections.unmodifiableList(ignored);
        this.sha256 = sha256;
    }

    /**
     * Reads a checkpoint.
     *
     * @throws CheckpointException when the file cannot be read, is not a checkpoint, is damaged, crafted, or
     *     holds no tensors; the message names the file and the entry at fault
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        if (file == null) {
            throw new CheckpointException("no checkpoint file given");
        }
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new CheckpointException(name + " is a directory, not a checkpoint file");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(name + ": no such checkpoint file");
        }
        try {
            long size = Files.size(file);
            byte[] head = new byte[512];
            int n = readHead(file, head);
            String notCheckpoint = name + " is not a PyTorch checkpoint (torch.save zip) or safetensors file";
            if (size == 0) {
                throw new CheckpointException(notCheckpoint + ": it is empty");
            }
            String format;
            CheckpointLayout.Resolved resolved;
            Map<String, Tensor> tensors;
            if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4
                    || head[2] == 5 && head[3] == 6)) {
                format = TORCH_ZIP;
                try (TorchZipReader zip = TorchZipReader.open(file)) {
                    resolved = CheckpointLayout.ofTorch(zip.unpickle(), name, zip.isTorchScript());
                    tensors = load(resolved, name);
                }
            } else if (isLegacyTorch(head, n)) {
                throw new CheckpointException(name + " is a legacy torch.save file (PyTorch < 1.6, not a zip "
                        + "archive) or a plain pickle, which DINOscope does not read; re-save it with torch.save in a "
                        + "recent PyTorch (>= 1.6), e.g. torch.save(torch.load(old), new), or convert it to "
                        + "safetensors");
            } else if (SafetensorsReader.looksLikeSafetensors(head, n)) {
                format = SAFETENSORS;
                resolved = CheckpointLayout.ofSafetensors(SafetensorsReader.read(file, size), name);
                tensors = load(resolved, name);
            } else {
                throw new CheckpointException(notCheckpoint);
            }
            return new Checkpoint(file, format, resolved.layout, tensors, new ArrayList<>(resolved.ignored),
                    sha256(file));
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(name + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new CheckpointException(name + ": malformed checkpoint (" + e + ")", e);
        }
    }

    private static Map<String, Tensor> load(CheckpointLayout.Resolved resolved, String name)
            throws CheckpointException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, LazyTensor> e : resolved.tensors.entrySet()) {
            Tensor t = e.getValue().load(e.getKey());
            requireFinite(t, e.getKey(), name);
            out.put(e.getKey(), t);
        }
        return out;
    }

    /** NaN or infinite weights make every embedding NaN; refuse them here, naming the tensor. */
    private static void requireFinite(Tensor t, String tensor, String name) throws CheckpointException {
        NonFinite bad = NonFinite.in(t.data());
        if (bad != null) {
            throw new CheckpointException(String.format("%s: tensor '%s' holds %s (first at flat index %d: %s); the "
                    + "weights are damaged or come from a diverged training, and would make every embedding NaN", name,
                    tensor, bad.describe(t.data().length), bad.first(), bad.firstValue()));
        }
    }

    private static int readHead(Path file, byte[] head) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill as much as the file has
            }
            return b.position();
        }
    }

    /** Pre-1.6 torch.save files are bare pickles (0x80 = PROTO) or, before 0.4, tar archives. */
    private static boolean isLegacyTorch(byte[] head, int n) {
        boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
        boolean tar = n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r';
        return pickle || tar;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        StringBuilder sb = new StringBuilder(64);
        for (byte b : md.digest()) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    /** {@value #TORCH_ZIP} or {@value #SAFETENSORS}. */
    public String format() {
        return format;
    }

    /**
     * Where the weights were found: "plain state dict", "DINO training checkpoint (teacher)", "DINO training
     * checkpoint (student)", "'model' wrapper", "'state_dict' wrapper" (nested wrappers joined by " / "),
     * "safetensors state dict".
     */
    public String layout() {
        return layout;
    }

    /** The network's tensors, in file order, named without {@code module.} / {@code backbone.} prefixes. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Entries left out by the layout rules (heads, optimizer, epoch, args, non-tensor values), readable. */
    public List<String> ignored() {
        return ignored;
    }

    /** Hex SHA-256 of the file's bytes, for provenance. */
    public String sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return "Checkpoint[" + file + ", " + format + ", " + layout + ", " + tensors.size() + " tensors]";
    }
}
