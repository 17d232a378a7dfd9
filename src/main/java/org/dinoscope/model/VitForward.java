package org.dinoscope.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The ViT's arithmetic over a map of weight arrays (timm/DINO names), shared by inference
 * ({@link VisionTransformer}, which frees each block's arrays as it goes) and training (which lets the
 * engine record gradients through exactly the same operations).
 */
public final class VitForward {
    /** Resampling matrices by (source grid, target grid): built once, used at every training step. */
    private static final Map<List<Integer>, float[]> RESAMPLE = new ConcurrentHashMap<>();

    private VitForward() {
    }

    /**
     * Patch tokens with the class token prepended and the position embedding added, then the register tokens
     * (if any) inserted after the class token without position embedding, as DINOv2 does:
     * [B, 1 + R + gh*gw, D].
     */
    public static NDArray embed(Map<String, NDArray> w, VitArchitecture arch, NDArray img, NDArray positions) {
        long batch = img.getShape().get(0);
        int gh = (int) img.getShape().get(2) / arch.patch();
        int gw = (int) img.getShape().get(3) / arch.patch();
        NDArray x = Conv2d.conv2d(img, w.get("patch_embed.proj.weight"), w.get("patch_embed.proj.bias"),
                new Shape(arch.patch(), arch.patch())).singletonOrThrow(); // [B, D, gh, gw]
        x = x.reshape(batch, arch.dim(), (long) gh * gw).transpose(0, 2, 1);
        NDArray cls = w.get("cls_token").broadcast(batch, 1, arch.dim());
        NDArray tokens = cls.concat(x, 1).add(positions);
        if (arch.registers() == 0) {
            return tokens;
        }
        NDArray reg = w.get("register_tokens").broadcast(batch, arch.registers(), arch.dim());
        return tokens.get(new NDIndex(":, :1, :")).concat(reg, 1).concat(tokens.get(new NDIndex(":, 1:, :")), 1);
    }

    /**
     * The position embedding for a token grid as a differentiable function of {@code pos_embed}: DINO's
     * bicubic resampling is linear in the table, so it is applied as a matrix built (once per pair of grids)
     * from {@link PosEmbedInterpolation#dinoResize} on unit vectors. Used by training, where gradients must flow
     * into the table from crops of every size.
     */
    public static NDArray positions(NDManager manager, Map<String, NDArray> w, VitArchitecture arch, int gh, int gw) {
        NDArray pos = w.get("pos_embed");
        if (gh == arch.gridH() && gw == arch.gridW()) {
            return pos;
        }
        int src = arch.gridH() * arch.gridW();
        int dst = gh * gw;
        float[] m = RESAMPLE.computeIfAbsent(List.of(arch.gridH(), arch.gridW(), gh, gw),
                k -> resampleMatrix(arch.gridH(), arch.gridW(), gh, gw));
        NDArray resample = manager.create(m, new Shape(dst, src));
        NDArray patches = resample.matMul(pos.get(new NDIndex("0, 1:, :"))).expandDims(0);
        return pos.get(new NDIndex(":, :1, :")).concat(patches, 1);
    }

    /** Row-major [outH * outW, srcH * srcW]: column j is DINO's resampling of the j-th unit table. */
    private static float[] resampleMatrix(int srcH, int srcW, int outH, int outW) {
        int src = srcH * srcW;
        int dst = outH * outW;
        float[] m = new float[dst * src];
        float[] unit = new float[src];
        for (int j = 0; j < src; j++) {
            unit[j] = 1f;
            float[] col = PosEmbedInterpolation.dinoResize(unit, srcH, srcW, 1, outH, outW);
            unit[j] = 0f;
            for (int i = 0; i < dst; i++) {
                m[i * src + j] = col[i];
            }
        }
        return m;
    }

    /**
     * One pre-norm transformer block; returns the new tokens and, if asked, CLS-to-patch attention [B, H, P]
     * (the register tokens' share left out).
     */
    public static NDArray[] block(Map<String, NDArray> w, VitArchitecture arch, NDArray x, int b,
                                  boolean keepAttention) {
        String pre = "blocks." + b + ".";
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        int heads = arch.heads();
        int hd = arch.headDim();
        NDArray h = layerNorm(w, arch, x, pre + "norm1");
        NDArray qkv = linear(w, h, pre + "attn.qkv")
                .reshape(batch, tokens, 3, heads, hd)
                .transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1.0 / Math.sqrt(hd))).softmax(-1);
        NDArray a = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, arch.dim());
        NDArray y = x.add(linear(w, a, pre + "attn.proj"));
        NDArray m = linear(w, Activation.gelu(linear(w, layerNorm(w, arch, y, pre + "norm2"), pre + "mlp.fc1")),
                pre + "mlp.fc2");
        NDArray out = y.add(m);
        NDArray clsAtt = keepAttention ? att.get(new NDIndex(":, :, 0, {}:", arch.firstPatchToken())) : null;
        return new NDArray[] {out, clsAtt};
    }

    /** CLS token after the final norm, the DINO embedding: [B, D]. */
    public static NDArray clsOutput(Map<String, NDArray> w, VitArchitecture arch, NDArray tokens) {
        return layerNorm(w, arch, tokens.get(new NDIndex(":, 0, :")), "norm");
    }

    public static NDArray layerNorm(Map<String, NDArray> w, VitArchitecture arch, NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(arch.dim()), w.get(name + ".weight"), w.get(name + ".bias"),
                (float) VitArchitecture.LAYER_NORM_EPS).singletonOrThrow();
    }

    public static NDArray linear(Map<String, NDArray> w, NDArray x, String name) {
        NDArray bias = w.get(name + ".bias");
        NDList out = bias == null ? Linear.linear(x, w.get(name + ".weight"))
                : Linear.linear(x, w.get(name + ".weight"), bias);
        return out.singletonOrThrow();
    }
}
