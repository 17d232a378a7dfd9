package org.dinoscope.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.dinoscope.model.checkpoint.Tensor;

/**
 * Seeded random ViT weights initialised as DINO initialises a network before training: normal with std
 * 0.02 for linear layers, the class token and position embeddings (DINO's {@code trunc_normal_} cuts at
 * +-2 absolute, i.e. 100 std, so in effect it does not truncate) and, like the class token, register tokens;
 * zero biases; unit
 * LayerNorms; PyTorch's default uniform(+-1/sqrt(fan_in)) for the patch projection. The {@code random}
 * preset is the baseline that shows how much structure a random projection already keeps.
 */
public final class RandomWeights {
    private RandomWeights() {
    }

    public static Map<String, Tensor> create(VitArchitecture arch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : arch.expectedShapes().entrySet()) {
            String k = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(Tensor.numel(shape))];
            if (k.startsWith("patch_embed.proj")) {
                double bound = 1.0 / Math.sqrt((double) arch.inChans() * arch.patch() * arch.patch());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            } else if (k.endsWith("norm1.weight") || k.endsWith("norm2.weight") || k.equals("norm.weight")) {
                Arrays.fill(v, 1f);
            } else if (k.endsWith(".weight") || k.equals("cls_token") || k.equals("pos_embed")
                    || k.equals("register_tokens")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.02 * gaussian(rng));
                }
            } // biases stay zero
            out.put(k, new Tensor(shape, v));
        }
        return out;
    }

    /**
     * Register tokens [1, r, dim] added to trained weights that have none: normal with std 0.02, like the class
     * token, from their own seeded stream.
     */
    public static Tensor registerTokens(int r, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed).split();
        float[] v = new float[r * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.02 * gaussian(rng));
        }
        return new Tensor(new long[] {1, r, dim}, v);
    }

    /** Box-Muller on the seeded stream, so the weights do not depend on java.util.Random's internals. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
