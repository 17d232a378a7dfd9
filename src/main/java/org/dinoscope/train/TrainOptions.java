package org.dinoscope.train;

import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;

/**
 * Everything that defines a training run. Defaults are DINO's for ViT-S/16 (main_dino.py) where a
 * setting has a counterpart there, expressed per step instead of per epoch; docs/training.md lists each
 * with its source. Saved with every checkpoint, so a resumed run is checked against what started it.
 */
public final class TrainOptions {
    /** How channels reach the network. */
    public enum Mode {
        /** One network per channel, each trained on its channel alone (WS-DINO). */
        PER_CHANNEL,
        /** One single-channel network shared by all channels, a random channel per sample (uniDINO). */
        SINGLE_CHANNEL,
        /** One network over all channels at once (CellPaintSSL). */
        MULTI_CHANNEL;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode byId(String s) {
            for (Mode m : values()) {
                if (m.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + s + "'; known: per-channel, single-channel, "
                    + "multi-channel");
        }
    }

    /** Input preprocessing (and default mode) of this preset; the trained model is used with it. */
    public String preset = "demo";
    /**
     * Input scaling ({@link Scaling} id), recorded in the model so that {@code embed} uses it; null for the
     * preset's.
     */
    public String scaling;
    /** Initial weights (any checkpoint the engine reads), or null to start from DINO's random initialisation. */
    public String init;
    /** Architecture when there are no initial weights: heads = dim / 64, MLP 4 x dim. */
    public int dim = 384;
    public int depth = 12;
    public int patch = 16;
    /**
     * Register tokens (Darcet et al. 2024) to give the network: a new network gets them, {@code init} weights
     * without registers get them added (initialised like the class token); null keeps what {@code init} has
     * (none for a new network). Null is left out of the options JSON, so runs written before this option resume.
     */
    public Integer registers;
    /** null: from the preset (multi-channel presets train multi-channel, 1-channel ones single-channel). */
    public Mode mode;
    /** WS-DINO: the metadata column whose value pairs images (global crops from one, local from another). */
    public String weakLabel;
    /**
     * Fields left out, as {@code COLUMN=VALUE[,COLUMN=VALUE...]} (e.g. {@code Metadata_Compound=DMSO}: WS-DINO
     * trained on treated wells only); null for none.
     */
    public String exclude;
    public int steps = 1000;
    public int batchSize = 32;
    public int globalSize = 224;
    public int localSize = 96;
    public int localCrops = 8;
    public double globalScaleMin = 0.4;
    public double globalScaleMax = 1.0;
    public double localScaleMin = 0.05;
    public double localScaleMax = 0.4;
    /**
     * Side (px) of the square whose area the crop scales are fractions of; 0 for the field's own area (DINO).
     * Fields of many sizes then give crops of one pixel size, the cells' scale at which {@code embed} runs.
     */
    public int scaleReference = 0;
    /** Peak learning rate after warm-up (DINO: 0.0005 x batch / 256). */
    public double lr = 0.0005 * 32 / 256;
    public double minLr = 1e-6;
    /** Linear warm-up steps; -1 for 10 % of the steps (DINO: 10 of 100 epochs). */
    public int warmupSteps = -1;
    public double weightDecay = 0.04;
    public double weightDecayEnd = 0.4;
    public double momentumTeacher = 0.996;
    public double teacherTemp = 0.04;
    public double warmupTeacherTemp = 0.04;
    public int warmupTeacherTempSteps = 0;
    public double studentTemp = 0.1;
    public double centerMomentum = 0.9;
    /** Per-parameter gradient norm limit; 0 for none. */
    public double clipGrad = 3.0;
    /** Steps during which the head's last layer is not updated (DINO: 1 epoch). */
    public int freezeLastLayerSteps = 0;
    public int outDim = 65536;
    public int hidden = 2048;
    public int bottleneck = 256;
    /** Batch norm in the head's MLP (DINO's {@code --use_bn_in_head}, off by default there for ViTs). */
    public boolean batchNormInHead;
    /** Per-channel brightness and contrast jitter (after Kim et al. 2025). */
    public boolean intensityAugmentation = true;
    public long seed = 0;
    public int checkpointEvery = 50;
    public String device = "auto";

    /** The run's input scaling: the chosen one, else the preset's. */
    public Scaling inputScaling() {
        return scaling != null ? Scaling.byId(scaling) : Preset.byId(preset).scaling();
    }

    public int warmup() {
        return warmupSteps >= 0 ? warmupSteps : steps / 10;
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TrainOptions fromJson(String json) {
        return GSON.fromJson(json, TrainOptions.class);
    }

    public TrainOptions copy() {
        return fromJson(toJson());
    }

    /** Checks ranges; the message names the option. */
    public void validate() {
        check(steps > 0, "--steps must be positive");
        check(batchSize > 0, "--batch-size must be positive");
        check(localCrops >= 0, "--local-crops must be 0 or more");
        check(patch > 0, "--patch must be positive");
        check(outDim > 0, "--out-dim must be positive (the DINO head's output dimension)");
        check(globalSize % patch == 0 && localSize % patch == 0, "crop sizes (" + globalSize + ", " + localSize
                + ") must be multiples of the patch size " + patch);
        check(globalScaleMin > 0 && globalScaleMin <= globalScaleMax && globalScaleMax <= 1,
                "global crop scale must satisfy 0 < min <= max <= 1");
        check(localScaleMin > 0 && localScaleMin <= localScaleMax && localScaleMax <= 1,
                "local crop scale must satisfy 0 < min <= max <= 1");
        check(lr > 0 && teacherTemp > 0 && studentTemp > 0, "learning rate and temperatures must be positive");
        check(momentumTeacher >= 0 && momentumTeacher <= 1, "--momentum-teacher must be in [0, 1]");
        check(dim % 64 == 0 || init != null, "--dim must be a multiple of 64 (heads = dim / 64)");
        check(registers == null || registers >= 0, "--registers must be 0 or more");
        check(checkpointEvery > 0, "--checkpoint-every must be positive");
        check(scaleReference >= 0, "--scale-reference must be 0 (the field) or a side in pixels");
        inputScaling();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
