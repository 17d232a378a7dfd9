package org.dinoscope.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.model.VitForward;

/**
 * DINO's projection head ({@code DINOHead}, nlayers = 3): Linear, GELU, Linear, GELU, Linear to the
 * bottleneck, L2 normalisation, then a weight-normalised Linear without bias whose norm {@code weight_g}
 * is fixed at 1 ({@code norm_last_layer=True}). Tensor names follow the PyTorch module
 * ({@code mlp.0}, {@code mlp.2}, {@code mlp.4}, {@code last_layer.weight_g}, {@code last_layer.weight_v}).
 */
public record DinoHead(int in, int hidden, int bottleneck, int out, boolean batchNorm) {
    public static final String WEIGHT_G = "last_layer.weight_g";
    public static final String WEIGHT_V = "last_layer.weight_v";
    private static final float BN_EPS = 1e-5f;

    public DinoHead(int in, int hidden, int bottleneck, int out) {
        this(in, hidden, bottleneck, out, false);
    }

    /** Names of the three linear layers: {@code mlp.0, mlp.2, mlp.4}, or with batch norm {@code mlp.0, mlp.3, mlp.6}. */
    private String[] linears() {
        return batchNorm ? new String[] {"mlp.0", "mlp.3", "mlp.6"} : new String[] {"mlp.0", "mlp.2", "mlp.4"};
    }

    /** Shapes by tensor name, in module order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        String[] l = linears();
        s.put(l[0] + ".weight", new long[] {hidden, in});
        s.put(l[0] + ".bias", new long[] {hidden});
        if (batchNorm) {
            s.put("mlp.1.weight", new long[] {hidden});
            s.put("mlp.1.bias", new long[] {hidden});
        }
        s.put(l[1] + ".weight", new long[] {hidden, hidden});
        s.put(l[1] + ".bias", new long[] {hidden});
        if (batchNorm) {
            s.put("mlp.4.weight", new long[] {hidden});
            s.put("mlp.4.bias", new long[] {hidden});
        }
        s.put(l[2] + ".weight", new long[] {bottleneck, hidden});
        s.put(l[2] + ".bias", new long[] {bottleneck});
        s.put(WEIGHT_G, new long[] {out, 1});
        s.put(WEIGHT_V, new long[] {out, bottleneck});
        return s;
    }

    /**
     * DINO's initialisation: MLP weights normal(0, 0.02) (its trunc_normal_ cuts at +-2, 100 std away),
     * zero biases; the last layer keeps PyTorch's Linear default, uniform(+-1/sqrt(bottleneck)), and its
     * norm is filled with 1.
     */
    public Map<String, Tensor> init(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes().entrySet()) {
            float[] v = new float[Math.toIntExact(Tensor.numel(e.getValue()))];
            String k = e.getKey();
            if (k.equals(WEIGHT_G) || batchNorm && (k.equals("mlp.1.weight") || k.equals("mlp.4.weight"))) {
                Arrays.fill(v, 1f);
            } else if (k.equals(WEIGHT_V)) {
                double bound = 1 / Math.sqrt(bottleneck);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            } else if (k.endsWith(".weight")) {
                for (int i = 0; i < v.length; i++) {
                    double u1 = rng.nextDouble();
                    double u2 = rng.nextDouble();
                    v[i] = (float) (0.02 * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
                }
            }
            out.put(k, new Tensor(e.getValue(), v));
        }
        return out;
    }

    /**
     * Head output (logits before temperature) for backbone features [N, in]. With batch norm (DINO's
     * {@code use_bn_in_head}), each hidden layer is normalised with the statistics of the N rows it is given
     * (training mode; the head is discarded after training, so no running statistics are kept).
     */
    public NDArray forward(Map<String, NDArray> w, NDArray x) {
        String[] l = linears();
        NDArray h = VitForward.linear(w, x, l[0]);
        h = Activation.gelu(batchNorm ? batchNorm(w, h, "mlp.1") : h);
        h = VitForward.linear(w, h, l[1]);
        h = Activation.gelu(batchNorm ? batchNorm(w, h, "mlp.4") : h);
        h = VitForward.linear(w, h, l[2]);
        h = h.div(h.norm(new int[] {-1}, true).maximum(1e-12f)); // F.normalize(p=2, eps=1e-12)
        NDArray v = w.get(WEIGHT_V);
        NDArray weight = v.div(v.norm(new int[] {1}, true)).mul(w.get(WEIGHT_G)); // torch weight_norm, dim=0
        return h.matMul(weight.transpose());
    }

    /** BatchNorm1d in training mode: biased batch variance, eps 1e-5, affine. */
    private static NDArray batchNorm(Map<String, NDArray> w, NDArray h, String name) {
        NDArray mean = h.mean(new int[] {0}, true);
        NDArray centred = h.sub(mean);
        NDArray var = centred.square().mean(new int[] {0}, true);
        return centred.div(var.add(BN_EPS).sqrt()).mul(w.get(name + ".weight")).add(w.get(name + ".bias"));
    }
}
