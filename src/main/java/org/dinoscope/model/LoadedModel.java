package org.dinoscope.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ai.djl.Device;

import org.dinoscope.model.checkpoint.Checkpoint;
import org.dinoscope.model.checkpoint.CheckpointException;
import org.dinoscope.model.checkpoint.SafetensorsFile;

/**
 * Networks ready to run for a {@link ModelSpec}: reads and checks the checkpoints against the preset and
 * puts the weights on the device. Holds one network, or one per channel.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelSpec spec;
    private final List<VisionTransformer> networks;
    private final List<Checkpoint> checkpoints;
    private final Scaling scaling;

    private LoadedModel(ModelSpec spec, List<VisionTransformer> networks, List<Checkpoint> checkpoints,
                        Scaling scaling) {
        this.spec = spec;
        this.networks = networks;
        this.checkpoints = checkpoints;
        this.scaling = scaling;
    }

    /**
     * What the user should know about the weights: a network other than the preset's paper describes (ViT-B
     * weights given to unidino) runs with the preset's input rules, but its profiles are not the paper's.
     */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            VitArchitecture a = networks.get(i).architecture();
            if (!preset().isPaperNetwork(a)) {
                out.add(String.format("%s: a ViT of dim %d, depth %d, patch %d, not the %s that preset %s describes; "
                        + "it runs with the preset's input rules, but its profiles are not the paper's",
                        checkpoints.get(i).file(), a.dim(), a.depth(), a.patch(), preset().paperNetwork(), preset()));
            }
        }
        return out;
    }

    public static LoadedModel load(ModelSpec spec, Device device) throws IOException {
        Preset preset = spec.preset();
        List<VisionTransformer> nets = new ArrayList<>();
        List<Checkpoint> cks = new ArrayList<>();
        try {
            if (spec.weights().isEmpty() && preset == Preset.DEMO) {
                spec = spec.withWeights(List.of(DemoModel.file()));
            }
            if (spec.weights().isEmpty()) {
                if (preset != Preset.RANDOM) {
                    throw new IOException("preset " + preset + " needs a weights file (--weights); only 'random' "
                            + "and 'demo' run without one");
                }
                VitArchitecture arch = VitArchitecture.vitSmall(16, 1);
                nets.add(new VisionTransformer(arch, RandomWeights.create(arch, spec.seed()), device));
            } else {
                for (Path w : spec.weights()) {
                    Checkpoint ck = Checkpoint.read(w);
                    VitArchitecture arch = VitArchitecture.detect(ck.tensors(), spec.heads(), w);
                    checkFits(preset, arch, w);
                    nets.add(new VisionTransformer(arch, ck.tensors(), device));
                    cks.add(ck);
                }
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(VisionTransformer::close);
            throw e;
        }
        return new LoadedModel(spec, nets, cks, scaling(spec, cks));
    }

    /**
     * The user's choice, else the scaling a model from {@code dinoscope train} was trained with (recorded in its
     * safetensors metadata), else the preset's.
     */
    private static Scaling scaling(ModelSpec spec, List<Checkpoint> cks) throws IOException {
        if (spec.scaling() != null) {
            return spec.scaling();
        }
        for (Checkpoint ck : cks) {
            if (Checkpoint.SAFETENSORS.equals(ck.format())) {
                String recorded = SafetensorsFile.metadata(ck.file()).get(SCALING_KEY);
                if (recorded != null) {
                    try {
                        return Scaling.byId(recorded);
                    } catch (IllegalArgumentException e) {
                        throw new CheckpointException(ck.file() + ": " + e.getMessage());
                    }
                }
            }
        }
        return spec.preset().scaling();
    }

    /** The safetensors metadata key under which {@code dinoscope train} records the input scaling. */
    public static final String SCALING_KEY = "scaling";

    /** How raw intensities become network input. */
    public Scaling scaling() {
        return scaling;
    }

    private static void checkFits(Preset preset, VitArchitecture arch, Path file) throws CheckpointException {
        if (preset.inChans() > 0 && arch.inChans() != preset.inChans()) {
            throw new CheckpointException(file + ": preset " + preset + " expects a network with " + preset.inChans()
                    + " input channel(s), this one has " + arch.inChans() + " ('patch_embed.proj.weight')");
        }
        if (preset.pooling() == Pooling.CLS && !arch.hasFinalNorm()) {
            throw new CheckpointException(file + ": preset " + preset + " takes the CLS token after the final norm, "
                    + "but tensor 'norm.weight' is missing");
        }
        float[] mean = preset.mean();
        if (mean != null && mean.length != arch.inChans()) {
            throw new CheckpointException(file + ": preset " + preset + " normalises " + mean.length
                    + " channels, the network takes " + arch.inChans());
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public Preset preset() {
        return spec.preset();
    }

    /** The network for field channel c (the shared one when there is only one). */
    public VisionTransformer network(int channel) {
        return networks.size() == 1 ? networks.get(0) : networks.get(channel);
    }

    public int networkCount() {
        return networks.size();
    }

    public int dim() {
        return networks.get(0).architecture().dim();
    }

    /** Checkpoints read (empty for the random preset). */
    public List<Checkpoint> checkpoints() {
        return Collections.unmodifiableList(checkpoints);
    }

    @Override
    public void close() {
        networks.forEach(VisionTransformer::close);
    }
}
