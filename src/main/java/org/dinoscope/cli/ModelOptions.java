package org.dinoscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;

import picocli.CommandLine.Option;

/** The options that choose and load a model, shared by every command that runs one. */
public final class ModelOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--model", paramLabel = "PRESET", defaultValue = "random",
            description = "Model preset: unidino, cellpaintssl-dino, wsdino, imagenet-dino, mae, demo, random "
                    + "(default: ${DEFAULT-VALUE}, the untrained baseline; 'dinoscope demo' alone defaults to demo). "
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
