package org.dinoscope.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;
import org.scijava.prefs.PrefService;

/** What every DINOscope command asks about the model, turned into a loaded network. */
final class ModelParameters {
    /** The scaling choice that leaves it to the model: what a model from Train records, else the preset's. */
    static final String MODEL_SCALING = "model default";

    private ModelParameters() {
    }

    /**
     * @param prefs   where DINOscope Settings keeps its defaults (null: none)
     * @param weights a file; none for the random preset or to use the file stored in DINOscope Settings for the
     *                preset; several per-channel files are separated by ';' in {@code weightsList}
     * @param device  cpu, gpu, auto, or "default" for the device stored in DINOscope Settings
     * @param scaling an input scaling id, or {@link #MODEL_SCALING}
     */
    static LoadedModel load(PrefService prefs, String preset, File weights, String weightsList, int heads,
            String device, String scaling) throws IOException {
        List<Path> files = new ArrayList<>();
        if (weights != null && !weights.getPath().isBlank()) {
            files.add(weights.toPath());
        }
        if (weightsList != null) {
            for (String s : weightsList.split(";")) {
                if (!s.isBlank()) {
                    files.add(Path.of(s.trim()));
                }
            }
        }
        String stored = Settings.weights(prefs, preset);
        if (files.isEmpty() && !stored.isEmpty()) {
            Settings.requireFiles("the " + preset + " weights stored in DINOscope Settings", stored);
            for (String s : stored.split(";")) {
                files.add(Path.of(s.trim()));
            }
        }
        Scaling chosen = scaling == null || scaling.equals(MODEL_SCALING) ? null : Scaling.byId(scaling);
        return load(prefs, new ModelSpec(Preset.byId(preset), files, heads > 0 ? heads : null, 0L, chosen), device);
    }

    /** A model as a spec says (e.g. the one a table's sidecar records), with the cache folder and device of Settings. */
    static LoadedModel load(PrefService prefs, ModelSpec spec, String device) throws IOException {
        Settings.applyCacheFolder(prefs);
        LoadedModel m = LoadedModel.load(spec, EngineSetup.device(Settings.device(prefs, device)));
        m.notes().forEach(n -> IJ.log("DINOscope: note: " + n));
        return m;
    }
}
