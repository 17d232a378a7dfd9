package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.dinoscope.plate.PlateLayout;
import org.dinoscope.train.TrainOptions;
import org.dinoscope.train.Trainer;
import org.dinoscope.viz.LossChart;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dinoscope train}: DINO or WS-DINO fine-tuning on a plate layout. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train or fine-tune a ViT with DINO on a plate layout; with --weak-label, WS-DINO (global "
                + "crops from one image, local crops from another image with the same label, labels drawn "
                + "uniformly). Writes DIR/model.safetensors (the teacher backbone: embed --weights), "
                + "DIR/checkpoint.safetensors (everything, to resume), loss.csv and loss.png; per-channel mode "
                + "writes one subfolder per channel. Rerun the same command to continue an interrupted run.",
                "Defaults are DINO's for ViT-S/16 (docs/training.md)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LayoutOptions layout;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--model", defaultValue = "demo", paramLabel = "PRESET",
            description = "Preset whose input preprocessing the model is trained (and used) with (default: "
                    + "${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--init", paramLabel = "FILE", description = "Initial weights: any checkpoint embed reads "
            + "(default: DINO's random initialisation of --dim/--depth/--patch).")
    Path init;

    @Option(names = "--weak-label", paramLabel = "COLUMN",
            description = "Metadata column for WS-DINO, e.g. Metadata_Compound.")
    String weakLabel;

    @Option(names = "--exclude", paramLabel = "COLUMN=VALUE[,...]",
            description = "Leave out the fields whose metadata match, e.g. Metadata_Compound=DMSO to train on "
                    + "treated wells only, as WS-DINO did.")
    String exclude;

    @Option(names = "--mode", paramLabel = "MODE", description = "per-channel (one network per channel, "
            + "WS-DINO), single-channel (one network, a random channel per sample, uniDINO) or multi-channel "
            + "(default: from the preset).")
    String mode;

    @Option(names = "--steps", defaultValue = "1000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--dim", defaultValue = "384", description = "Embedding dimension without --init; heads = dim / 64 (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--depth", defaultValue = "12", description = "Blocks without --init (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--patch", defaultValue = "16", description = "Patch size without --init (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--registers", paramLabel = "N", description = "Register tokens (Darcet et al. 2024, DINOv2's "
            + "register_tokens): a new network gets N; --init weights without registers get N added (default: none, or "
            + "as many as --init has).")
    Integer registers;

    @Option(names = "--global-size", defaultValue = "224", description = "Global crop size (default: ${DEFAULT-VALUE}).")
    int globalSize;

    @Option(names = "--local-size", defaultValue = "96", description = "Local crop size (default: ${DEFAULT-VALUE}).")
    int localSize;

    @Option(names = "--local-crops", defaultValue = "8", description = "Local crops per image (default: ${DEFAULT-VALUE}).")
    int localCrops;

    @Option(names = "--global-scale", defaultValue = "0.4,1", split = ",", paramLabel = "MIN,MAX",
            description = "Area fraction of global crops (default: ${DEFAULT-VALUE}).")
    double[] globalScale;

    @Option(names = "--local-scale", defaultValue = "0.05,0.4", split = ",", paramLabel = "MIN,MAX",
            description = "Area fraction of local crops (default: ${DEFAULT-VALUE}).")
    double[] localScale;

    @Option(names = "--scale-reference", defaultValue = "0", paramLabel = "PX",
            description = "Crop scales are fractions of a PX x PX square (at most the field) instead of the field, so "
                    + "that fields of different sizes give crops of one pixel size; 0: the field (DINO) "
                    + "(default: ${DEFAULT-VALUE}).")
    int scaleReference;

    @Option(names = "--scaling", paramLabel = "SCALING",
            description = "Input scaling (percentile, dtype-max, uint16-max, clip-10000), recorded in the model so "
                    + "that embed uses it (default: the preset's).")
    String scaling;

    @Option(names = "--lr", defaultValue = "6.25e-5", description = "Peak learning rate; DINO: 0.0005 x batch / 256 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", defaultValue = "1e-6", description = "Final learning rate (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--warmup-steps", defaultValue = "-1", description = "Learning-rate warm-up steps (default: 10%% of the steps).")
    int warmupSteps;

    @Option(names = "--weight-decay", defaultValue = "0.04", description = "Initial weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--weight-decay-end", defaultValue = "0.4", description = "Final weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecayEnd;

    @Option(names = "--momentum-teacher", defaultValue = "0.996", description = "Initial teacher EMA momentum, raised to 1 on a cosine (default: ${DEFAULT-VALUE}).")
    double momentumTeacher;

    @Option(names = "--teacher-temp", defaultValue = "0.04", description = "Teacher temperature after warm-up (default: ${DEFAULT-VALUE}).")
    double teacherTemp;

    @Option(names = "--warmup-teacher-temp", defaultValue = "0.04", description = "Initial teacher temperature (default: ${DEFAULT-VALUE}).")
    double warmupTeacherTemp;

    @Option(names = "--warmup-teacher-temp-steps", defaultValue = "0", description = "Teacher temperature warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmupTeacherTempSteps;

    @Option(names = "--student-temp", defaultValue = "0.1", description = "Student temperature (default: ${DEFAULT-VALUE}).")
    double studentTemp;

    @Option(names = "--center-momentum", defaultValue = "0.9", description = "Momentum of the loss centre (default: ${DEFAULT-VALUE}).")
    double centerMomentum;

    @Option(names = "--clip-grad", defaultValue = "3.0", description = "Per-parameter gradient norm limit, 0 for none (default: ${DEFAULT-VALUE}).")
    double clipGrad;

    @Option(names = "--freeze-last-layer-steps", defaultValue = "0", description = "Steps without updates of the head's last layer (default: ${DEFAULT-VALUE}).")
    int freezeLastLayerSteps;

    @Option(names = "--out-dim", defaultValue = "65536", description = "Head output dimension (default: ${DEFAULT-VALUE}).")
    int outDim;

    @Option(names = "--hidden-dim", defaultValue = "2048", description = "Head MLP width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--bottleneck-dim", defaultValue = "256", description = "Head bottleneck (default: ${DEFAULT-VALUE}).")
    int bottleneck;

    @Option(names = "--bn-head", description = "Batch norm in the head's MLP (DINO's --use_bn_in_head).")
    boolean bnHead;

    @Option(names = "--no-intensity-aug", description = "Turn off the per-channel brightness/contrast jitter.")
    boolean noIntensityAug;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "50", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    LibtorchOption libtorch;

    TrainOptions options() {
        TrainOptions o = new TrainOptions();
        o.preset = preset;
        o.init = init == null ? null : init.toString();
        o.weakLabel = weakLabel;
        o.exclude = exclude;
        o.mode = mode == null ? null : TrainOptions.Mode.byId(mode);
        o.steps = steps;
        o.batchSize = batchSize;
        o.dim = dim;
        o.depth = depth;
        o.patch = patch;
        o.registers = registers;
        o.globalSize = globalSize;
        o.localSize = localSize;
        o.localCrops = localCrops;
        o.globalScaleMin = pair(globalScale, "--global-scale")[0];
        o.globalScaleMax = globalScale[1];
        o.localScaleMin = pair(localScale, "--local-scale")[0];
        o.localScaleMax = localScale[1];
        o.scaleReference = scaleReference;
        o.scaling = scaling;
        o.lr = lr;
        o.minLr = minLr;
        o.warmupSteps = warmupSteps;
        o.weightDecay = weightDecay;
        o.weightDecayEnd = weightDecayEnd;
        o.momentumTeacher = momentumTeacher;
        o.teacherTemp = teacherTemp;
        o.warmupTeacherTemp = warmupTeacherTemp;
        o.warmupTeacherTempSteps = warmupTeacherTempSteps;
        o.studentTemp = studentTemp;
        o.centerMomentum = centerMomentum;
        o.clipGrad = clipGrad;
        o.freezeLastLayerSteps = freezeLastLayerSteps;
        o.outDim = outDim;
        o.hidden = hidden;
        o.bottleneck = bottleneck;
        o.intensityAugmentation = !noIntensityAug;
        o.batchNormInHead = bnHead;
        o.seed = seed;
        o.checkpointEvery = checkpointEvery;
        o.device = device;
        return o;
    }

    private static double[] pair(double[] v, String option) {
        if (v.length != 2) {
            throw new IllegalArgumentException(option + " takes MIN,MAX");
        }
        return v;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outW = spec.commandLine().getOut();
        if (!layout.given()) {
            throw new IllegalArgumentException("--layout is required");
        }
        TrainOptions o = options();
        o.validate(); // options first: a bad value is named before the plates are scanned
        PlateLayout plates = layout.read(err);
        ConsoleProgress progress = new ConsoleProgress(err, "steps");
        Trainer.Result r = Trainer.run(o, plates, out, progress, new Trainer.StepListener() {
            @Override
            public void step(String network, int step, int total, double loss, double lr) {
            }

            @Override
            public void saved(String network, Path dir, int[] steps, double[] losses) throws IOException {
                LossChart.savePng(dir.resolve(Trainer.LOSS_PNG), "DINO loss (" + network + ")", steps, losses);
            }
        });
        progress.finish();
        outW.printf("%s after %d steps (last loss %.4f); embed with --model %s --weights %s%n",
                r.cancelled() ? "stopped" : "trained", r.steps(), r.lastLoss(), o.preset,
                String.join(" --weights ", r.models().stream().map(Path::toString).toList()));
        return 0;
    }
}
