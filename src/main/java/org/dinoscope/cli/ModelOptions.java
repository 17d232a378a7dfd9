package org.dinoscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that choose and load a model, shared by every command that runs one. */
public final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--model", paramLabel = "PRESET", defaultValue = "random",
            completionCandidates = PresetIds.class,
            description = "Model preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the untrained baseline; 'dinoscope demo' alone defaults to demo). "
                    + "See docs/models.md.")
    String preset;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Checkpoint (torch.save .pth or .safetensors), e.g. a model.safetensors from 'train'. Repeat "
                    + "once per channel for per-channel models (wsdino). Not needed for 'random'.")
    List<Path> weights = new ArrayList<>();

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (default: embedding dim / 64).")
    Integer heads;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the 'random' preset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scaling", paramLabel = "SCALING",
            description = "Input scaling: percentile (each channel of each field by its 1st and 99.9th percentiles), "
                    + "dtype-max, uint16-max or clip-10000 (default: the one a model from 'train' records, else the "
                    + "preset's: percentile for demo, the paper's for the others). See docs/models.md.")
    String scaling;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @picocli.CommandLine.Mixin
    LibtorchOption libtorch;
    /** The presets of the registry ({@link Preset}), for the help. */
    static final class PresetIds extends ArrayList<String> {
        PresetIds() {
            super(Arrays.stream(Preset.values()).map(Preset::id).toList());
        }
    }

    Preset presetValue() {
        return Preset.byId(preset);
    }

    Device deviceValue() {
        return EngineSetup.device(device);
    }

    /** Loads the model and prints its notes ({@link LoadedModel#notes}) to the command's error stream. */
    LoadedModel load() throws IOException {
        LoadedModel m = LoadedModel.load(new ModelSpec(presetValue(), weights, heads, seed,
                scaling == null ? null : Scaling.byId(scaling)), deviceValue());
        m.notes().forEach(n -> mixee.commandLine().getErr().println("dinoscope: note: " + n));
        return m;
    }
}
