package org.dinoscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import ai.djl.Device;

import com.google.gson.GsonBuilder;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.engine.PeakMemory;
import org.dinoscope.model.Pooling;
import org.dinoscope.model.RandomWeights;
import org.dinoscope.model.VisionTransformer;
import org.dinoscope.model.VitArchitecture;
import org.dinoscope.train.Crops;
import org.dinoscope.train.DinoHead;
import org.dinoscope.train.DinoTraining;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dinoscope bench}: crops per second of the ViT-S forward pass at several batch sizes, and the
 * process's peak resident memory. scripts/bench/bench_pytorch.py measures the same network in PyTorch.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure ViT-S crops per second for several batch sizes, and peak memory; with --train, DINO training steps.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", description = "Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--patch", defaultValue = "16", description = "Patch size, 16 or 8 (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--in-chans", defaultValue = "1", description = "Input channels (default: ${DEFAULT-VALUE}).")
    int inChans;

    @Option(names = "--seconds", defaultValue = "10", description = "Time measured per batch size (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @picocli.CommandLine.Mixin
    LibtorchOption libtorch;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--train", description = "Instead: DINO training steps of ViT-S (2 x 224 px global and 8 x 96 px "
            + "local crops per image, DINO's head with 65536 outputs): seconds per step and peak memory.")
    boolean train;

    @Option(names = "--steps", defaultValue = "3", description = "Timed training steps per batch size, after one "
            + "warm-up step (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() throws IOException {
        if (train) {
            return trainSteps();
        }
        var out = spec.commandLine().getOut();
        Device dev = EngineSetup.device(device);
        VitArchitecture arch = VitArchitecture.vitSmall(patch, inChans);
        List<Map<String, Object>> rows = new ArrayList<>();
        out.println("ViT-S/" + patch + ", " + inChans + " input channel(s), 224x224 crops, "
                + EngineSetup.describe(dev) + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.printf("%-6s %12s %12s %14s%n", "batch", "crops/s", "ms/batch", "peak RSS MiB");
        try (VisionTransformer vit = new VisionTransformer(arch, RandomWeights.create(arch, 0), dev)) {
            SplittableRandom rng = new SplittableRandom(1);
            for (int b : batchSizes) {
                float[] input = new float[b * inChans * 224 * 224];
                for (int i = 0; i < input.length; i++) {
                    input[i] = (float) rng.nextDouble();
                }
                vit.forward(input, b, 224, 224, Pooling.CLS, false); // warm-up
                int iterations = 0;
                long start = System.nanoTime();
                double elapsed;
                do {
                    vit.forward(input, b, 224, 224, Pooling.CLS, false);
                    iterations++;
                    elapsed = (System.nanoTime() - start) / 1e9;
                } while (elapsed < seconds || iterations < 3);
                double cropsPerSecond = (double) iterations * b / elapsed;
                double msPerBatch = 1000 * elapsed / iterations;
                long peak = PeakMemory.residentPeakBytes();
                out.printf("%-6d %12.2f %12.1f %14.0f%n", b, cropsPerSecond, msPerBatch, peak / 1048576.0);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("batch", b);
                row.put("crops_per_second", cropsPerSecond);
                row.put("ms_per_batch", msPerBatch);
                row.put("iterations", iterations);
                row.put("peak_rss_mib", peak / 1048576.0);
                rows.add(row);
            }
        }
        writeJson(dev, "network", "ViT-S/" + patch + " in_chans " + inChans, rows);
        return 0;
    }

    private Integer trainSteps() throws IOException {
        var out = spec.commandLine().getOut();
        Device dev = EngineSetup.device(device);
        VitArchitecture arch = VitArchitecture.vitSmall(patch, inChans);
        DinoHead head = new DinoHead(arch.dim(), 2048, 256, 65536);
        out.println("DINO training step, ViT-S/" + patch + ", " + inChans + " input channel(s), 2 x 224 + 8 x 96 px "
                + "crops, head 2048-256-65536, " + EngineSetup.describe(dev) + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.printf("%-6s %12s %14s%n", "batch", "s/step", "peak RSS MiB");
        List<Map<String, Object>> rows = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        DinoTraining.StepParams p = new DinoTraining.StepParams(5e-4, 0.04, 0.996, 0.04, 0.1, 0.9, 3.0, false);
        for (int b : batchSizes) {
            try (DinoTraining t = DinoTraining.start(arch, RandomWeights.create(arch, 0), head, head.init(1), dev)) {
                float[] g = new float[2 * b * inChans * 224 * 224];
                float[] l = new float[8 * b * inChans * 96 * 96];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) rng.nextDouble();
                }
                for (int i = 0; i < l.length; i++) {
                    l[i] = (float) rng.nextDouble();
                }
                Crops crops = new Crops(b, inChans, 224, g, 8, 96, l);
                t.step(crops, p, false); // warm-up
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    t.step(crops, p, false);
                }
                double perStep = (System.nanoTime() - start) / 1e9 / steps;
                long peak = PeakMemory.residentPeakBytes();
                out.printf("%-6d %12.2f %14.0f%n", b, perStep, peak / 1048576.0);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("batch", b);
                row.put("seconds_per_step", perStep);
                row.put("steps", steps);
                row.put("peak_rss_mib", peak / 1048576.0);
                rows.add(row);
            }
        }
        writeJson(dev, "benchmark", "DINO training step, ViT-S/" + patch + " in_chans " + inChans
                + ", 2x224 + 8x96 crops, head out 65536", rows);
        return 0;
    }

    private void writeJson(Device dev, String key, String what, List<Map<String, Object>> rows) throws IOException {
        if (json == null) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("implementation", "DINOscope (DJL " + EngineSetup.describe(dev) + ")");
        doc.put(key, what);
        doc.put("results", rows);
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(doc) + "\n",
                StandardCharsets.UTF_8);
    }
}
