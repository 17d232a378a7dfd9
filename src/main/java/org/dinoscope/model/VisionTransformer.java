package org.dinoscope.model;

import java.util.HashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * A DINO/timm vision transformer evaluated with DJL NDArray operations (PyTorch engine), inference only.
 * Weights live on the chosen device for the lifetime of this object; every forward pass frees its
 * intermediate arrays block by block, so memory follows one block's activations, not the depth.
 */
public final class VisionTransformer implements AutoCloseable {
    private final VitArchitecture arch;
    private final NDManager manager;
    private final Map<String, NDArray> w = new HashMap<>();
    private final float[] patchPos;
    private final Map<Long, NDArray> posByGrid = new HashMap<>();

    /** Copies the tensors the architecture needs onto the device. */
    public VisionTransformer(VitArchitecture arch, Map<String, Tensor> tensors, Device device) {
        this.arch = arch;
        this.manager = org.dinoscope.engine.EngineSetup.engine().newBaseManager(device);
        for (Map.Entry<String, long[]> e : arch.expectedShapes().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            w.put(e.getKey(), manager.create(t.data(), new Shape(e.getValue())));
        }
        float[] pos = tensors.get("pos_embed").data();
        this.patchPos = java.util.Arrays.copyOfRange(pos, arch.dim(), pos.length);
    }

    public VitArchitecture architecture() {
        return arch;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The result of one forward pass over a batch of crops. */
    public record Output(int batch, int dim, float[] features, int heads, int gridH, int gridW, float[] attention) {
        /** Feature vector of crop {@code i}. */
        public float[] features(int i) {
            return java.util.Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
        }

        /** Attention of crop {@code i}, head {@code h}, over the patch grid (row-major), or null. */
        public float[] attention(int i, int h) {
            if (attention == null) {
                return null;
            }
            int p = gridH * gridW;
            int from = (i * heads + h) * p;
            return java.util.Arrays.copyOfRange(attention, from, from + p);
        }
    }

    /**
     * Runs the network.
     *
     * @param input          row-major [batch, inChans, height, width]; height and width multiples of the patch
     * @param withAttention  also return the last block's CLS-to-patch attention per head
     */
    public Output forward(float[] input, int batch, int height, int width, Pooling pooling, boolean withAttention) {
        int p = arch.patch();
        if (height % p != 0 || width % p != 0) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " is not a multiple of patch " + p);
        }
        if ((long) batch * arch.inChans() * height * width != input.length) {
            throw new IllegalArgumentException("input holds " + input.length + " values, expected "
                    + batch + "x" + arch.inChans() + "x" + height + "x" + width);
        }
        int gh = height / p;
        int gw = width / p;
        int dim = arch.dim();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = embedPatches(input, batch, height, width, gh, gw);
            NDArray attention = null;
            for (int b = 0; b < arch.depth(); b++) {
                boolean last = b == arch.depth() - 1;
                NDArray[] out = block(x, b, last && withAttention);
                // The block's own scope let its outputs escape; this pass's scope frees them.
                NDScope.register(out[0]);
                if (out[1] != null) {
                    NDScope.register(out[1]);
                }
                x.close();
                x = out[0];
                attention = out[1];
            }
            NDArray pooled;
            if (pooling == Pooling.CLS) {
                if (!arch.hasFinalNorm()) {
                    throw new IllegalStateException("CLS pooling needs the final norm ('norm.weight'), which "
                            + "these weights do not have");
                }
                pooled = layerNorm(x.get(new NDIndex(":, 0, :")), "norm");
            } else {
                pooled = x.get(new NDIndex(":, 1:, :")).mean(new int[] {1});
            }
            float[] features = pooled.toFloatArray();
            float[] att = attention == null ? null : attention.toFloatArray();
            return new Output(batch, dim, features, arch.heads(), gh, gw, att);
        }
    }

    private NDArray embedPatches(float[] input, int batch, int height, int width, int gh, int gw) {
        int p = arch.patch();
        NDArray img = manager.create(input, new Shape(batch, arch.inChans(), height, width));
        NDArray x = Conv2d.conv2d(img, w.get("patch_embed.proj.weight"), w.get("patch_embed.proj.bias"),
                new Shape(p, p)).singletonOrThrow(); // [B, D, gh, gw]
        x = x.reshape(batch, arch.dim(), (long) gh * gw).transpose(0, 2, 1);
        NDArray cls = w.get("cls_token").broadcast(batch, 1, arch.dim());
        return cls.concat(x, 1).add(positions(gh, gw));
    }

    /** Position embedding [1, 1 + gh*gw, D] for a token grid, interpolated as DINO does and cached. */
    private NDArray positions(int gh, int gw) {
        long key = ((long) gh << 32) | gw;
        NDArray cached = posByGrid.get(key);
        if (cached != null) {
            return cached;
        }
        NDArray pos;
        if (gh == arch.gridH() && gw == arch.gridW()) {
            pos = w.get("pos_embed");
        } else {
            float[] resized = PosEmbedInterpolation.dinoResize(patchPos, arch.gridH(), arch.gridW(), arch.dim(),
                    gh, gw);
            float[] full = new float[(1 + gh * gw) * arch.dim()];
            float[] all = w.get("pos_embed").toFloatArray();
            System.arraycopy(all, 0, full, 0, arch.dim());
            System.arraycopy(resized, 0, full, arch.dim(), resized.length);
            pos = manager.create(full, new Shape(1, 1 + (long) gh * gw, arch.dim()));
        }
        NDScope.unregister(pos); // a cache entry outlives the forward pass that created it
        posByGrid.put(key, pos);
        return pos;
    }

    /** One pre-norm transformer block; returns the new tokens and, if asked, CLS-to-patch attention. */
    private NDArray[] block(NDArray x, int b, boolean keepAttention) {
        String pre = "blocks." + b + ".";
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        int heads = arch.heads();
        int hd = arch.headDim();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray h = layerNorm(x, pre + "norm1");
            NDArray qkv = linear(h, pre + "attn.qkv")
                    .reshape(batch, tokens, 3, heads, hd)
                    .transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
            NDArray q = qkv.get(0);
            NDArray k = qkv.get(1);
            NDArray v = qkv.get(2);
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1.0 / Math.sqrt(hd))).softmax(-1);
            NDArray a = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, arch.dim());
            NDArray y = x.add(linear(a, pre + "attn.proj"));
            NDArray m = linear(Activation.gelu(linear(layerNorm(y, pre + "norm2"), pre + "mlp.fc1")),
                    pre + "mlp.fc2");
            NDArray out = y.add(m);
            NDArray clsAtt = keepAttention ? att.get(new NDIndex(":, :, 0, 1:")).duplicate() : null;
            NDScope.unregister(out);
            if (clsAtt != null) {
                NDScope.unregister(clsAtt);
            }
            return new NDArray[] {out, clsAtt};
        }
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(arch.dim()), w.get(name + ".weight"), w.get(name + ".bias"),
                (float) VitArchitecture.LAYER_NORM_EPS).singletonOrThrow();
    }

    private NDArray linear(NDArray x, String name) {
        NDArray bias = w.get(name + ".bias");
        NDList out = bias == null ? Linear.linear(x, w.get(name + ".weight"))
                : Linear.linear(x, w.get(name + ".weight"), bias);
        return out.singletonOrThrow();
    }

    /** Arrays this network holds on its device (weights and cached position tables); for leak checks. */
    int liveArrays() {
        return ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
