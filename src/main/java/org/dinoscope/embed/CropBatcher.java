package org.dinoscope.embed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.VisionTransformer;

/**
 * Runs crops of many fields through the network in full batches, whatever field they come from, and
 * hands each field its embedding once its last crop is done. Not thread-safe: one thread submits and
 * runs the network; other threads prepare {@link CropInputs}.
 */
public final class CropBatcher<T> {
    private final LoadedModel model;
    private final int batchSize;
    private final Listener<T> listener;
    private final Map<Integer, Deque<Item<T>>> queues = new HashMap<>();
    private long networkNanos;
    private long crops;

    /** Receives each field's embedding, with the tag it was submitted with. */
    public interface Listener<T> {
        void fieldDone(T tag, FieldEmbedder.Embedding embedding);
    }

    private static final class Pending<T> {
        final T tag;
        final CropInputs inputs;
        final float[] sum;
        int remaining;

        Pending(T tag, CropInputs inputs, int dim) {
            this.tag = tag;
            this.inputs = inputs;
            this.sum = new float[inputs.slots() * dim];
            this.remaining = inputs.size();
        }
    }

    private record Item<T>(Pending<T> field, int index) {
    }

    public CropBatcher(LoadedModel model, int batchSize, Listener<T> listener) {
        this.model = model;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    /** Queues a field's crops and runs every full batch. */
    public void submit(CropInputs inputs, T tag) {
        Pending<T> p = new Pending<>(tag, inputs, model.dim());
        for (int i = 0; i < inputs.size(); i++) {
            Deque<Item<T>> q = queues.computeIfAbsent(inputs.network()[i], k -> new ArrayDeque<>());
            q.add(new Item<>(p, i));
            if (q.size() >= batchSize) {
                run(inputs.network()[i], q);
            }
        }
    }

    /** Seconds spent in the network's forward passes so far. */
    public double networkSeconds() {
        return networkNanos / 1e9;
    }

    /** Crops run through the network so far. */
    public long crops() {
        return crops;
    }

    /** Runs what is left in partial batches. */
    public void flush() {
        for (Map.Entry<Integer, Deque<Item<T>>> e : queues.entrySet()) {
            while (!e.getValue().isEmpty()) {
                run(e.getKey(), e.getValue());
            }
        }
    }

    private void run(int network, Deque<Item<T>> queue) {
        VisionTransformer net = model.network(network);
        int n = Math.min(batchSize, queue.size());
        int per = net.architecture().inChans() * EmbedOptions.CROP_SIZE * EmbedOptions.CROP_SIZE;
        float[] batch = new float[n * per];
        List<Item<T>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Item<T> item = queue.poll();
            items.add(item);
            System.arraycopy(item.field.inputs.inputs()[item.index], 0, batch, i * per, per);
        }
        long t0 = System.nanoTime();
        VisionTransformer.Output out = net.forward(batch, n, EmbedOptions.CROP_SIZE, EmbedOptions.CROP_SIZE,
                model.preset().pooling(), false);
        networkNanos += System.nanoTime() - t0;
        crops += n;
        int d = model.dim();
        for (int i = 0; i < n; i++) {
            Pending<T> p = items.get(i).field;
            int slot = p.inputs.slot()[items.get(i).index];
            float[] f = out.features(i);
            for (int k = 0; k < d; k++) {
                p.sum[slot * d + k] += f[k];
            }
            p.inputs.inputs()[items.get(i).index] = null; // let the crop's memory go
            if (--p.remaining == 0) {
                int crops = p.inputs.cropsUsed();
                for (int k = 0; k < p.sum.length; k++) {
                    p.sum[k] /= crops;
                }
                listener.fieldDone(p.tag, new FieldEmbedder.Embedding(p.sum, crops, p.inputs.cropsTotal()));
            }
        }
    }
}
