package org.dinoscope.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.engine.Libtorch;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Plugins > DINOscope > DINOscope Settings...: the device, the DJL cache folder, a libtorch folder of the user's
 * (CPU, or CUDA 12.8 for the gpu device) and a weights file per preset,
 * kept in the SciJava preferences and used as defaults by the other commands. The dialog opens with the stored
 * values; a macro or a caller sets only the keys it names.
 */
@Plugin(type = Command.class, label = "DINOscope Settings...", menuPath = "Plugins>DINOscope>DINOscope Settings...",
        initializer = "load")
public class SettingsCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    String device;

    @Parameter(label = "Cache folder", style = "directory", required = false, persist = false,
            description = "Where DJL unpacks the PyTorch natives; empty = ~/.cache/dinoscope/djl or $DJL_CACHE_DIR")
    String cache_folder;

    @Parameter(label = "Libtorch folder", style = "directory", required = false, persist = false,
            description = "A libtorch 2.7.1 to run on instead of the bundled CPU natives: CPU, or CUDA 12.8 for the "
                    + "gpu device (e.g. torch/lib of a pip torch==2.7.1 from the cu128 index); empty = "
                    + "$DINOSCOPE_LIBTORCH or the bundled natives")
    String libtorch_folder;

    @Parameter(label = "uniDINO weights", required = false, persist = false)
    String unidino_weights;

    @Parameter(label = "CellPaintSSL DINO weights", required = false, persist = false)
    String cellpaintssl_dino_weights;

    @Parameter(label = "WS-DINO weights", required = false, persist = false, description = "one file, or one per channel separated by ;")
    String wsdino_weights;

    @Parameter(label = "ImageNet DINO weights", required = false, persist = false)
    String imagenet_dino_weights;

    @Parameter(label = "MAE weights", required = false, persist = false)
    String mae_weights;

    @Parameter(label = "Demo weights", required = false, persist = false,
            description = "a model.safetensors from Train WS-DINO... or dinoscope train")
    String demo_weights;

    @Parameter(type = ItemIO.OUTPUT)
    String settings;

    /**
     * Fills every setting not given (a dialog's start values, a macro's missing keys) with the stored value;
     * runs before the inputs are shown or applied.
     */
    public void load() {
        device = device != null ? device : Settings.device(prefs, "default");
        cache_folder = cache_folder != null ? cache_folder : Settings.get(prefs, Settings.CACHE_FOLDER);
        libtorch_folder = libtorch_folder != null ? libtorch_folder : Settings.get(prefs, Settings.LIBTORCH_FOLDER);
        unidino_weights = stored(unidino_weights, "unidino");
        cellpaintssl_dino_weights = stored(cellpaintssl_dino_weights, "cellpaintssl-dino");
        wsdino_weights = stored(wsdino_weights, "wsdino");
        imagenet_dino_weights = stored(imagenet_dino_weights, "imagenet-dino");
        mae_weights = stored(mae_weights, "mae");
        demo_weights = stored(demo_weights, "demo");
    }

    private String stored(String given, String preset) {
        return given != null ? given : Settings.weights(prefs, preset);
    }

    @Override
    public void run() {
        load();
        try {
            Map<String, String> weights = Map.of("unidino", unidino_weights, "cellpaintssl-dino",
                    cellpaintssl_dino_weights, "wsdino", wsdino_weights, "imagenet-dino", imagenet_dino_weights,
                    "mae", mae_weights, "demo", demo_weights);
            weights.forEach((preset, files) -> Settings.requireFiles(Settings.WEIGHTS_PARAMETERS.get(preset), files));
            if (!cache_folder.isBlank() && new File(cache_folder).isFile()) {
                throw new IllegalArgumentException("cache_folder " + cache_folder + " is a file, not a folder");
            }
            if (!libtorch_folder.isBlank()) { // names the folder and what it lacks
                Libtorch.inspect(Path.of(libtorch_folder.trim()), Settings.LIBTORCH_GIVEN);
            }
            boolean libtorchChanged = !libtorch_folder.trim().equals(Settings.get(prefs, Settings.LIBTORCH_FOLDER));
            Settings.put(prefs, Settings.CACHE_FOLDER, cache_folder);
            Settings.put(prefs, Settings.LIBTORCH_FOLDER, libtorch_folder);
            if (EngineSetup.started() && libtorchChanged) { // the engine keeps its libtorch until Fiji restarts
                EngineSetup.deviceName(device);
            } else {
                Settings.applyCacheFolder(prefs);
                EngineSetup.device(device); // refuses "gpu" when the engine has none, and unknown names
            }
            Settings.put(prefs, Settings.DEVICE, device);
            weights.forEach((preset, files) -> Settings.put(prefs, Settings.WEIGHTS_PARAMETERS.get(preset), files));
            StringBuilder s = new StringBuilder("DINOscope settings: device " + device + ", DJL cache "
                    + (cache_folder.isBlank() ? "default" : cache_folder) + ", libtorch "
                    + (libtorch_folder.isBlank() ? "the bundled CPU natives" : libtorch_folder)
                    + " (folders used from the next start of the engine)");
            Settings.WEIGHTS_PARAMETERS.forEach((preset, key) -> {
                String w = Settings.weights(prefs, preset);
                s.append("\n  ").append(preset).append(": ").append(w.isEmpty() ? "no weights file" : w);
            });
            settings = s.toString();
            IJ.log(settings);
        } catch (Exception e) {
            Fiji.fail("DINOscope Settings", e);
        }
    }
}
