package org.dinoscope.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinoscope.model.checkpoint.CheckpointException;
import org.dinoscope.model.checkpoint.Tensor;

/**
 * The shape of a ViT as read from its weights: nothing is configured by hand but the number of heads,
 * which a checkpoint does not record (DESIGN.md: heads = dim / 64 unless set).
 *
 * <p>{@code registers} is the number of register tokens ("Vision Transformers Need Registers", Darcet et al.
 * 2024; DINOv2's {@code register_tokens}, shape [1, R, dim]): learned tokens inserted after the class token,
 * without position embedding, that every block attends to and that no output reads. They give the network a
 * place for global scratch work other than background patches, which otherwise become high-attention
 * artefacts. 0 for every network without them.
 */
public record VitArchitecture(int dim, int depth, int heads, int patch, int inChans, int mlpHidden,
                              int gridH, int gridW, boolean hasFinalNorm, boolean hasQkvBias, int registers) {

    public static final double LAYER_NORM_EPS = 1e-6;
    private static final Pattern BLOCK_KEY = Pattern.compile("^blocks\\.(\\d+)\\.(.+)$");

    public VitArchitecture {
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("embedding dimension " + dim + " is not divisible by " + heads
                    + " heads");
        }
        if (registers < 0) {
            throw new IllegalArgumentException("negative number of register tokens: " + registers);
        }
    }

    /** A ViT without register tokens. */
    public VitArchitecture(int dim, int depth, int heads, int patch, int inChans, int mlpHidden, int gridH, int gridW,
                           boolean hasFinalNorm, boolean hasQkvBias) {
        this(dim, depth, heads, patch, inChans, mlpHidden, gridH, gridW, hasFinalNorm, hasQkvBias, 0);
    }

    /** The same network with {@code r} register tokens. */
    public VitArchitecture withRegisters(int r) {
        return new VitArchitecture(dim, depth, heads, patch, inChans, mlpHidden, gridH, gridW, hasFinalNorm,
                hasQkvBias, r);
    }

    /** Index of the first patch token: after the class token and the register tokens. */
    public int firstPatchToken() {
        return 1 + registers;
    }

    public int headDim() {
        return dim / heads;
    }

    /** ViT-S/16 with the given number of input channels, as DINO defines it (dim 384, 12 blocks, 6 heads). */
    public static VitArchitecture vitSmall(int patch, int inChans) {
        int grid = 224 / patch;
        return new VitArchitecture(384, 12, 6, patch, inChans, 1536, grid, grid, true, true);
    }

    /**
     * Reads the architecture from tensor shapes and checks every tensor the forward pass needs.
     *
     * @param heads number of attention heads, or {@code null} for dim / 64
     * @param file  named in error messages
     */
    public static VitArchitecture detect(Map<String, Tensor> tensors, Integer heads, Path file)
            throws CheckpointException {
        Tensor pe = require(tensors, "patch_embed.proj.weight", file);
        if (pe.rank() != 4 || pe.dim(2) != pe.dim(3)) {
            throw wrongShape(file, "patch_embed.proj.weight", pe, "[dim, channels, patch, patch]");
        }
        int dim = (int) pe.dim(0);
        int inChans = (int) pe.dim(1);
        int patch = (int) pe.dim(2);

        TreeSet<Integer> blockIds = new TreeSet<>();
        for (String k : tensors.keySet()) {
            Matcher m = BLOCK_KEY.matcher(k);
            if (m.matches()) {
                blockIds.add(Integer.parseInt(m.group(1)));
            }
        }
        if (blockIds.isEmpty()) {
            throw new CheckpointException(file + ": no transformer blocks ('blocks.0.*') in the weights");
        }
        int depth = blockIds.last() + 1;
        Tensor fc1 = require(tensors, "blocks.0.mlp.fc1.weight", file);
        int mlpHidden = (int) fc1.dim(0);

        Tensor pos = require(tensors, "pos_embed", file);
        if (pos.rank() != 3 || pos.dim(0) != 1 || pos.dim(2) != dim) {
            throw wrongShape(file, "pos_embed", pos, "[1, 1 + patches, " + dim + "]");
        }
        int nPatches = (int) pos.dim(1) - 1;
        int grid = (int) Math.round(Math.sqrt(nPatches));
        if (grid * grid != nPatches) {
            throw new CheckpointException(file + ": tensor 'pos_embed' holds " + nPatches
                    + " patch positions, which is not a square grid");
        }
        int h = heads != null ? heads : dim / 64;
        if (h <= 0 || dim % h != 0) {
            throw new CheckpointException(file + ": embedding dimension " + dim + " cannot be split into "
                    + h + " heads" + (heads == null ? " (dim / 64); set the number of heads" : ""));
        }
        boolean hasNorm = tensors.containsKey("norm.weight");
        // DINO, uniDINO and MAE train with a qkv bias; some encoders (Recursion's, CellPaintSSL's MAE at
        // inference) have none, and then the projection runs without one.
        boolean qkvBias = tensors.containsKey("blocks.0.attn.qkv.bias");
        int registers = 0;
        Tensor reg = tensors.get("register_tokens");
        if (reg != null) {
            if (reg.rank() != 3 || reg.dim(0) != 1 || reg.dim(1) < 1 || reg.dim(2) != dim) {
                throw wrongShape(file, "register_tokens", reg, "[1, registers, " + dim + "]");
            }
            registers = (int) reg.dim(1);
        }
        VitArchitecture arch = new VitArchitecture(dim, depth, h, patch, inChans, mlpHidden, grid, grid, hasNorm,
                qkvBias, registers);
        arch.check(tensors, file);
        return arch;
    }

    /** Every tensor with the shape this architecture needs; a missing or misshapen one names file and key. */
    public void check(Map<String, Tensor> tensors, Path file) throws CheckpointException {
        Map<String, long[]> expected = expectedShapes();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = require(tensors, e.getKey(), file);
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw wrongShape(file, e.getKey(), t, Arrays.toString(e.getValue()));
            }
        }
    }

    /** Names and shapes of every tensor the forward pass reads, in a stable order. */
    public Map<String, long[]> expectedShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("cls_token", new long[] {1, 1, dim});
        if (registers > 0) {
            m.put("register_tokens", new long[] {1, registers, dim});
        }
        m.put("pos_embed", new long[] {1, 1 + (long) gridH * gridW, dim});
        m.put("patch_embed.proj.weight", new long[] {dim, inChans, patch, patch});
        m.put("patch_embed.proj.bias", new long[] {dim});
        for (int b = 0; b < depth; b++) {
            String p = "blocks." + b + ".";
            m.put(p + "norm1.weight", new long[] {dim});
            m.put(p + "norm1.bias", new long[] {dim});
            m.put(p + "attn.qkv.weight", new long[] {3L * dim, dim});
            if (hasQkvBias) {
                m.put(p + "attn.qkv.bias", new long[] {3L * dim});
            }
            m.put(p + "attn.proj.weight", new long[] {dim, dim});
            m.put(p + "attn.proj.bias", new long[] {dim});
            m.put(p + "norm2.weight", new long[] {dim});
            m.put(p + "norm2.bias", new long[] {dim});
            m.put(p + "mlp.fc1.weight", new long[] {mlpHidden, dim});
            m.put(p + "mlp.fc1.bias", new long[] {mlpHidden});
            m.put(p + "mlp.fc2.weight", new long[] {dim, mlpHidden});
            m.put(p + "mlp.fc2.bias", new long[] {dim});
        }
        if (hasFinalNorm) {
            m.put("norm.weight", new long[] {dim});
            m.put("norm.bias", new long[] {dim});
        }
        return m;
    }

    /** Keys of the checkpoint the network does not use (decoder, heads, mask token ...), for {@code info}. */
    public List<String> unusedKeys(Map<String, Tensor> tensors) {
        Map<String, long[]> used = expectedShapes();
        List<String> out = new ArrayList<>();
        for (String k : tensors.keySet()) {
            if (!used.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (long[] s : expectedShapes().values()) {
            n += Tensor.numel(s);
        }
        return n;
    }

    public String describe() {
        return String.format("ViT dim %d, depth %d, heads %d, patch %d, %d input channel%s, MLP %d, "
                        + "trained token grid %dx%d%s%s%s",
                dim, depth, heads, patch, inChans, inChans == 1 ? "" : "s", mlpHidden, gridH, gridW,
                hasFinalNorm ? "" : ", no final norm", hasQkvBias ? "" : ", no qkv bias",
                registers == 0 ? "" : ", " + registers + " register token" + (registers == 1 ? "" : "s"));
    }

    private static Tensor require(Map<String, Tensor> tensors, String key, Path file) throws CheckpointException {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new CheckpointException(file + ": tensor '" + key + "' is missing; this does not look like "
                    + "a ViT checkpoint (found " + tensors.size() + " tensors)");
        }
        return t;
    }

    private static CheckpointException wrongShape(Path file, String key, Tensor t, String expected) {
        return new CheckpointException(file + ": tensor '" + key + "' has shape " + t.shapeString()
                + ", expected " + expected);
    }
}
