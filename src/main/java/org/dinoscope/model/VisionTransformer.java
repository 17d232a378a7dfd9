package org.dinoscope.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.checkpoint.Tensor;

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
        this.manager = EngineSetup.engine().newBaseManager(device);
        for (Map.Entry<String, long[]> e : arch.expectedShapes().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            w.put(e.getKey(), manager.create(t.data(), new Shape(e.getValue())));
        }
        float[] pos = tensors.get("pos_embed").data();
        this.patchPos = Arrays.copyOfRange(pos, arch.dim(), pos.length);
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
            return Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
        }

        /** Attention of crop {@code i}, head {@code h}, over the patch grid (row-major), or null. */
        public float[] attention(int i, int h) {
            if (attention == null) {
                return null;
            }
            int p = gridH * gridW;
            int from = (i * heads + h) * p;
            return Arrays.copyOfRange(attention, from, from + p);
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
                pooled = VitForward.clsOutput(w, arch, x);
            } else {
                pooled = x.get(new NDIndex(":, {}:, :", arch.firstPatchToken())).mean(new int[] {1});
            }
            float[] features = pooled.toFloatArray();
            float[] att = attention == null ? null : attention.toFloatArray();
            return new Output(batch, dim, features, arch.heads(), gh, gw, att);
        }
    }

    private NDArray embedPatches(float[] input, int batch, int height, int width, int gh, int gw) {
        NDArray img = manager.create(input, new Shape(batch, arch.inChans(), height, width));
        return VitForward.embed(w, arch, img, positions(gh, gw));
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

    /** One pre-norm transformer block in its own scope; returns the new tokens and, if asked, CLS attention. */
    private NDArray[] block(NDArray x, int b, boolean keepAttention) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] out = VitForward.block(w, arch, x, b, keepAttention);
            NDArray clsAtt = out[1] == null ? null : out[1].duplicate();
            NDScope.unregister(out[0]);
            if (clsAtt != null) {
                NDScope.unregister(clsAtt);
            }
            return new NDArray[] {out[0], clsAtt};
        }
    }

    /** Arrays this network holds on its device (weights and cached position tables); for leak checks. */
    int liveArrays() {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
