package org.dinoscope.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import ai.djl.Device;
import com.google.gson.JsonParser;

import org.dinoscope.ProgressListener;
import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.Preset;
import org.dinoscope.model.RandomWeights;
import org.dinoscope.model.VitArchitecture;
import org.dinoscope.model.checkpoint.Checkpoint;
import org.dinoscope.model.checkpoint.SafetensorsFile;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;

/**
 * A DINO or WS-DINO run over a plate layout: draws multi-crop batches, steps {@link DinoTraining} along
 * DINO's schedules, writes {@code loss.csv} as it goes, and every few steps (and when cancelled or done)
 * {@code checkpoint.safetensors} (everything, to resume exactly), {@code model.safetensors} (the teacher's
 * backbone, what {@code embed --weights} takes), then tells the step listener (the CLI and Fiji draw
 * {@code loss.png} there, from the losses it keeps in memory); {@code init.safetensors} keeps the backbone it
 * started from. Rerunning with the same options and
 * output folder continues from the checkpoint: every step's draws come from a generator seeded by the
 * run's seed and the step number, so the resumed run ends where an uninterrupted one would.
 */
public final class Trainer {
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String MODEL = "model.safetensors";
    /** The backbone before the first step: the baseline a run is compared with. */
    public static final String INIT = "init.safetensors";
    public static final String LOSS_CSV = "loss.csv";
    public static final String LOSS_PNG = "loss.png";
    private static final String CSV_HEADER = "step,loss,lr,weight_decay,teacher_momentum,teacher_temp,seconds";

    /** Told after every step (Fiji draws the live loss curve from it) and after every checkpoint. */
    public interface StepListener {
        StepListener NONE = (network, step, total, loss, lr) -> { };

        void step(String network, int step, int total, double loss, double lr);

        /**
         * After a checkpoint of {@code network} was written to {@code dir}: the loss of every step so far, as loss.csv
         * holds it (the CLI and Fiji draw loss.png from it; training itself draws nothing).
         */
        default void saved(String network, Path dir, int[] steps, double[] losses) throws IOException {
        }
    }

    /** The loss of one step, as loss.csv holds it (6 decimals). */
    private record Loss(int step, double loss) {
    }

    /** What a run left: the embed-ready model files (one per network), steps done, the last loss. */
    public record Result(List<Path> models, int steps, double lastLoss, boolean cancelled) {
    }

    private Trainer() {
    }

    public static Result run(TrainOptions o, PlateLayout layout, Path out, ProgressListener progress,
                             StepListener listener) throws IOException {
        return run(o, layout, out, progress, listener, (step, crops) -> crops);
    }

    /** As above, each step's crops passed through {@code crops} (step, crops) first: for tests of failing steps. */
    static Result run(TrainOptions o, PlateLayout layout, Path out, ProgressListener progress, StepListener listener,
                      BiFunction<Integer, Crops, Crops> crops) throws IOException {
        o.validate();
        Preset preset = Preset.byId(o.preset);
        TrainOptions.Mode mode = o.mode != null ? o.mode
                : preset.inputMode() == Preset.InputMode.MULTI_CHANNEL ? TrainOptions.Mode.MULTI_CHANNEL
                : preset.inChans() == 1 ? TrainOptions.Mode.SINGLE_CHANNEL : TrainOptions.Mode.PER_CHANNEL;
        Files.createDirectories(out);
        Files.writeString(out.resolve("train.json"), o.toJson() + "\n", StandardCharsets.UTF_8);
        FieldPool pool = new FieldPool(layout, o.inputScaling(), o.weakLabel, o.exclude);
        DataStamp data = DataStamp.of(layout);
        List<Path> models = new ArrayList<>();
        int done = 0;
        double last = Double.NaN;
        if (mode == TrainOptions.Mode.PER_CHANNEL) {
            for (int c = 0; c < pool.channels(); c++) {
                String name = layout.channels().get(c);
                Run r = new Run(o, preset, mode, pool, data, new int[] {c}, name, out.resolve(name), progress,
                        listener, crops);
                Result one = r.go();
                models.addAll(one.models());
                done += one.steps();
                last = one.lastLoss();
                if (one.cancelled()) {
                    return new Result(models, done, last, true);
                }
            }
            return new Result(models, done, last, false);
        }
        int[] channels;
        try {
            channels = mode == TrainOptions.Mode.SINGLE_CHANNEL ? null : preset.inputChannels(layout.channels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (the layout's channels)", e);
        }
        return new Run(o, preset, mode, pool, data, channels, "all", out, progress, listener, crops).go();
    }

    /**
     * What a run trains on: a SHA-256 over every field's key and file stamp ({@link FieldSpec#stamp}), the count
     * and the layout's source. Recorded in the checkpoint and the model; a checkpoint is only continued on the
     * same data.
     */
    record DataStamp(String sha256, int fields, String source) {
        static DataStamp of(PlateLayout layout) {
            StringBuilder sb = new StringBuilder();
            for (FieldSpec f : layout.fields()) {
                sb.append(f.key()).append('\t').append(f.stamp(layout.channels())).append('\n');
            }
            return new DataStamp(FieldSpec.sha256(sb.toString(), 32), layout.fields().size(), layout.source());
        }
    }

    /** A step that was not kept, and why. */
    private static final class StepFailure extends RuntimeException {
        private final int step;

        StepFailure(int step, String why) {
            super(why, null, false, false);
            this.step = step;
        }
    }

    /** One network's run. */
    private static final class Run {
        private static final int ATTEMPTS = 3;
        private final TrainOptions o;
        private final Preset preset;
        private final TrainOptions.Mode mode;
        private final FieldPool pool;
        private final DataStamp data;
        /** The last loss a resumed checkpoint recorded (what a rerun of a finished run reports). */
        private double resumedLoss = Double.NaN;
        /** Field channels the network sees, or null for a random channel per sample. */
        private final int[] channels;
        private final String name;
        private final Path dir;
        private final ProgressListener progress;
        /** The loss of every step of this network so far. */
        private final List<Loss> losses = new ArrayList<>();
        private final StepListener listener;
        private final BiFunction<Integer, Crops, Crops> cropHook;

        Run(TrainOptions o, Preset preset, TrainOptions.Mode mode, FieldPool pool, DataStamp data, int[] channels,
            String name, Path dir, ProgressListener progress, StepListener listener,
            BiFunction<Integer, Crops, Crops> cropHook) {
            this.cropHook = cropHook;
            this.data = data;
            this.o = o;
            this.preset = preset;
            this.mode = mode;
            this.pool = pool;
            this.channels = channels;
            this.name = name;
            this.dir = dir;
            this.progress = progress;
            this.listener = listener;
        }

        /**
         * Runs to the end, or to a cancel. A step that fails (its loss, gradients or, before any checkpoint is
         * written, the state are not finite) is not kept: the run goes back to its last checkpoint (or its start) and goes on
         * from there, which ends exactly where an uninterrupted run would; the same step failing
         * {@value #ATTEMPTS} times stops the run (it diverged).
         */
        Result go() throws IOException {
            int failedStep = -1;
            int failures = 0;
            while (true) {
                try {
                    return attempt();
                } catch (StepFailure f) {
                    failures = f.step == failedStep ? failures + 1 : 1;
                    failedStep = f.step;
                    if (failures >= ATTEMPTS) {
                        throw new IOException(name + ": step " + f.step + " failed " + failures + " times ("
                                + f.getMessage() + "); the last checkpoint in " + dir + " is kept (try a lower --lr "
                                + "or --clip-grad)");
                    }
                    progress.progress(f.step, o.steps, name + ": step " + f.step + " was not kept ("
                            + f.getMessage() + "); going on from the last checkpoint");
                }
            }
        }

        private Result attempt() throws IOException {
            Files.createDirectories(dir);
            Path ckpt = dir.resolve(CHECKPOINT);
            Device device = EngineSetup.device(o.device);
            DinoHead head;
            DinoTraining t;
            int start;
            if (Files.exists(ckpt)) {
                Map<String, String> meta = SafetensorsFile.metadata(ckpt);
                String saved = meta.get("options");
                if (saved == null || !sameOptions(saved, o.toJson())) {
                    throw new IOException(ckpt + " was written by a run with other options; rerun with the same "
                            + "options to continue it, or choose another output folder");
                }
                if (!data.sha256().equals(meta.get("data_sha256"))) {
                    throw new IOException(ckpt + " was written by a run on other data (then: " + meta.getOrDefault(
                            "data_fields", "?") + " fields of " + meta.getOrDefault("data_source", "an unrecorded "
                            + "layout") + "; now: " + data.fields() + " fields of " + data.source() + "; fields, files, "
                            + "sizes or modification times differ); rerun with the same --layout and files to continue "
                            + "it, or choose another output folder");
                }
                resumedLoss = Double.parseDouble(meta.getOrDefault("loss", "NaN"));
                Map<String, Tensor> state = SafetensorsFile.readTensors(ckpt);
                VitArchitecture arch = VitArchitecture.detect(backboneOf(state), null, ckpt);
                head = headFor(o, arch);
                t = DinoTraining.restore(arch, head, state, device);
                start = Integer.parseInt(meta.get("step"));
                progress.progress(start, o.steps, name + ": resuming at step " + start + " from " + ckpt);
            } else {
                Map<String, Tensor> backbone;
                VitArchitecture arch;
                if (o.init != null) {
                    Checkpoint init = Checkpoint.read(Path.of(o.init));
                    backbone = init.tensors();
                    arch = VitArchitecture.detect(backbone, null, init.file());
                    if (o.registers != null && o.registers != arch.registers()) {
                        if (arch.registers() > 0) {
                            throw new IllegalArgumentException(init.file() + " has " + arch.registers()
                                    + " register tokens; --registers " + o.registers + " cannot change them (leave "
                                    + "--registers out to keep them)");
                        }
                        backbone = new LinkedHashMap<>(backbone);
                        backbone.put("register_tokens", RandomWeights.registerTokens(o.registers, arch.dim(),
                                o.seed));
                        arch = arch.withRegisters(o.registers);
                    }
                } else {
                    int grid = o.globalSize / o.patch;
                    arch = new VitArchitecture(o.dim, o.depth, o.dim / 64, o.patch, inChansFromScratch(), 4 * o.dim,
                            grid, grid, true, true, o.registers == null ? 0 : o.registers);
                    backbone = RandomWeights.create(arch, o.seed);
                }
                checkChannels(arch);
                head = headFor(o, arch);
                t = DinoTraining.start(arch, backbone, head, head.init(o.seed + 1), device);
                start = 0;
                SafetensorsFile.write(dir.resolve(INIT), t.teacherBackbone(), metadata(0));
            }
            try (DinoTraining training = t; BufferedWriter csv = lossCsv(start)) {
                return loop(training, start, csv);
            }
        }

        private int inChansFromScratch() {
            if (mode == TrainOptions.Mode.MULTI_CHANNEL) {
                return channels.length;
            }
            return Math.max(1, preset.inChans());
        }

        private void checkChannels(VitArchitecture arch) {
            if (mode == TrainOptions.Mode.MULTI_CHANNEL && arch.inChans() != channels.length) {
                throw new IllegalArgumentException("multi-channel training feeds " + channels.length
                        + " channels but the network takes " + arch.inChans() + " ('patch_embed.proj.weight')");
            }
            float[] mean = preset.mean();
            if (mean != null && mean.length != arch.inChans()) {
                throw new IllegalArgumentException("preset " + preset + " normalises " + mean.length
                        + " channel(s); the network takes " + arch.inChans());
            }
        }

        private Result loop(DinoTraining t, int start, BufferedWriter csv) throws IOException {
            VitArchitecture arch = t.architecture();
            Schedule lr = Schedule.cosine(o.lr, o.minLr, o.steps, o.warmup());
            Schedule wd = Schedule.cosine(o.weightDecay, o.weightDecayEnd, o.steps, 0);
            Schedule momentum = Schedule.cosine(o.momentumTeacher, 1, o.steps, 0);
            Schedule temp = Schedule.linearThenFlat(o.warmupTeacherTemp, o.teacherTemp, o.steps,
                    o.warmupTeacherTempSteps);
            long began = System.nanoTime();
            double loss = resumedLoss;
            int step = start;
            for (; step < o.steps; step++) {
                if (progress.isCancelled()) {
                    save(t, step, loss);
                    progress.progress(step, o.steps, name + ": cancelled at step " + step + "; checkpoint saved");
                    return new Result(List.of(dir.resolve(MODEL)), step, loss, true);
                }
                long t0 = System.nanoTime();
                Crops crops = cropHook.apply(step, batch(arch, new SplittableRandom(mix(o.seed, step))));
                DinoTraining.StepParams p = new DinoTraining.StepParams(lr.at(step), wd.at(step), momentum.at(step),
                        temp.at(step), o.studentTemp, o.centerMomentum, o.clipGrad, step < o.freezeLastLayerSteps);
                loss = t.step(crops, p, false);
                if (t.lastFailure() != null) {
                    throw new StepFailure(step, t.lastFailure());
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                String row = String.format(Locale.ROOT, "%d,%.6f,%.6g,%.6g,%.6f,%.6f,%.3f%n", step, loss, p.lr(),
                        p.weightDecay(), p.momentum(), p.teacherTemp(), secs);
                csv.write(row);
                csv.flush();
                losses.add(new Loss(step, Double.parseDouble(row.split(",")[1])));
                listener.step(name, step, o.steps, loss, p.lr());
                double perStep = (System.nanoTime() - began) / 1e9 / (step - start + 1);
                progress.progress(step + 1, o.steps, String.format(Locale.ROOT,
                        "%s: step %d/%d, loss %.4f, lr %.2e, %.2f s/step, %s left", name, step + 1, o.steps, loss,
                        p.lr(), perStep, duration(perStep * (o.steps - step - 1))));
                if ((step + 1) % o.checkpointEvery == 0 || step + 1 == o.steps) {
                    save(t, step + 1, loss);
                }
            }
            return new Result(List.of(dir.resolve(MODEL)), step, loss, false);
        }

        /** One batch of crops, crop-major, normalised as the preset prescribes. */
        private Crops batch(VitArchitecture arch, SplittableRandom rng) throws IOException {
            int b = o.batchSize;
            int c = arch.inChans();
            int g = o.globalSize;
            int l = o.localSize;
            float[] globals = new float[2 * b * c * g * g];
            float[] locals = new float[o.localCrops * b * c * l * l];
            for (int i = 0; i < b; i++) {
                FieldPool.Sample s = pool.draw(rng);
                int[] chans = channels != null ? (channels.length == c ? channels : replicate(channels[0], c))
                        : replicate(rng.nextInt(pool.channels()), c);
                FieldPool.Img ga = pool.image(s.globalField());
                FieldPool.Img lo = pool.image(s.localField());
                for (int v = 0; v < 2; v++) {
                    MultiCrop.view(ga.data(), ga.width(), ga.height(), chans, g, o.globalScaleMin, o.globalScaleMax,
                            o.scaleReference, o.intensityAugmentation, rng, globals, (v * b + i) * c * g * g);
                }
                for (int v = 0; v < o.localCrops; v++) {
                    MultiCrop.view(lo.data(), lo.width(), lo.height(), chans, l, o.localScaleMin, o.localScaleMax,
                            o.scaleReference, o.intensityAugmentation, rng, locals, (v * b + i) * c * l * l);
                }
            }
            normalise(globals, c, g * g);
            normalise(locals, c, l * l);
            return new Crops(b, c, g, globals, o.localCrops, l, locals);
        }

        private void normalise(float[] a, int c, int plane) {
            for (int i = 0; i < a.length; i++) {
                a[i] = preset.normalise(a[i], (i / plane) % c);
            }
        }

        private static int[] replicate(int channel, int n) {
            int[] out = new int[n];
            Arrays.fill(out, channel);
            return out;
        }

        /** What every file of a run records: format, step, network and writer. */
        private Map<String, String> metadata(int step) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("step", Integer.toString(step));
            meta.put("network", name);
            meta.put("data_sha256", data.sha256());
            meta.put("data_fields", Integer.toString(data.fields()));
            meta.put("data_source", data.source());
            meta.put("written_by", "DINOscope " + Version.get());
            return meta;
        }

        /** Writes the checkpoint and model after {@code step} steps; a state that is not finite is never written. */
        private void save(DinoTraining t, int step, double loss) throws IOException {
            if (!t.finite()) {
                throw new StepFailure(step - 1, "weights, optimizer state or centre NOT finite after the step");
            }
            Map<String, String> meta = metadata(step);
            meta.put("loss", Double.toString(loss));
            meta.put("options", o.toJson());
            SafetensorsFile.write(dir.resolve(CHECKPOINT), t.state(), meta);
            Map<String, String> modelMeta = metadata(step);
            modelMeta.put("preset", o.preset);
            modelMeta.put(LoadedModel.SCALING_KEY, o.inputScaling().id());
            modelMeta.put("mode", mode.id());
            SafetensorsFile.write(dir.resolve(MODEL), t.teacherBackbone(), modelMeta);
            listener.saved(name, dir, losses.stream().mapToInt(Loss::step).toArray(),
                    losses.stream().mapToDouble(Loss::loss).toArray());
        }

        /** loss.csv with the rows of steps before {@code start} (a resumed run drops the ones after its checkpoint). */
        private BufferedWriter lossCsv(int start) throws IOException {
            Path csv = dir.resolve(LOSS_CSV);
            List<String> keep = new ArrayList<>();
            keep.add(CSV_HEADER);
            if (start > 0 && Files.exists(csv)) {
                for (String line : Files.readAllLines(csv)) {
                    if (!line.startsWith("step") && !line.isBlank() && Integer.parseInt(line.split(",")[0]) < start) {
                        keep.add(line);
                        String[] f = line.split(",");
                        losses.add(new Loss(Integer.parseInt(f[0]), Double.parseDouble(f[1])));
                    }
                }
            }
            Files.write(csv, keep, StandardCharsets.UTF_8);
            return Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    static Map<String, Tensor> backboneOf(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String prefix = DinoTraining.TEACHER + DinoTraining.BACKBONE;
        state.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static DinoHead headFor(TrainOptions o, VitArchitecture arch) {
        return new DinoHead(arch.dim(), o.hidden, o.bottleneck, o.outDim, o.batchNormInHead);
    }

    private static boolean sameOptions(String a, String b) {
        return JsonParser.parseString(a).equals(JsonParser.parseString(b));
    }

    /** A per-step seed: SplittableRandom's mixing of the run seed and the step. */
    static long mix(long seed, int step) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (step + 1));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
