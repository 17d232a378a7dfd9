package org.dinoscope.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.Preset;
import org.scijava.prefs.PrefService;

/**
 * What Plugins > DINOscope > DINOscope Settings... stores (SciJava preferences): the device, the folder where
 * DJL unpacks the PyTorch natives, a libtorch folder of the user's (instead of the bundled natives), and a weights
 * file per preset. Commands read them as defaults: a command
 * given no weights file uses the one stored for its preset; "default" as device means the stored device.
 */
final class Settings {
    /**
     * Presets that need weights (from the registry, {@link Preset}), and the Settings parameter holding each one's
     * file: the id in snake case with {@code _weights}, e.g. {@code cellpaintssl_dino_weights}.
     */
    static final Map<String, String> WEIGHTS_PARAMETERS = new LinkedHashMap<>();

    static {
        for (Preset p : Preset.values()) {
            if (p.needsWeights()) {
                WEIGHTS_PARAMETERS.put(p.id(), p.id().replace('-', '_') + "_weights");
            }
        }
    }

    static final String DEVICE = "device";
    static final String CACHE_FOLDER = "cache_folder";
    static final String LIBTORCH_FOLDER = "libtorch_folder";
    /** How messages name the setting. */
    static final String LIBTORCH_GIVEN = "DINOscope Settings (" + LIBTORCH_FOLDER + ")";

    private Settings() {
    }

    static String get(PrefService prefs, String key) {
        return prefs == null ? "" : prefs.get(Settings.class, key, "");
    }

    static void put(PrefService prefs, String key, String value) {
        if (value == null || value.isBlank()) {
            prefs.remove(Settings.class, key);
        } else {
            prefs.put(Settings.class, key, value.trim());
        }
    }

    /** The device to use: the command's own choice, or the stored one when the command says "default". */
    static String device(PrefService prefs, String choice) {
        if (choice != null && !choice.isBlank() && !choice.equals("default")) {
            return choice;
        }
        String stored = get(prefs, DEVICE);
        return stored.isEmpty() ? "auto" : stored;
    }

    /** The weights file(s) stored for a preset ("" when none); several per-channel files are ';'-separated. */
    static String weights(PrefService prefs, String preset) {
        String key = WEIGHTS_PARAMETERS.get(preset);
        return key == null ? "" : get(prefs, key);
    }

    /**
     * Points DJL at the stored cache folder, and the engine at the stored libtorch folder. DJL reads them once, when
     * the engine starts, so this runs before every engine use; a changed folder takes effect at the next start of
     * Fiji.
     */
    static void applyCacheFolder(PrefService prefs) {
        String folder = get(prefs, CACHE_FOLDER);
        if (!folder.isEmpty() && System.getenv(EngineSetup.CACHE_PROPERTY) == null) {
            System.setProperty(EngineSetup.CACHE_PROPERTY, folder);
        }
        EngineSetup.configure();
        String libtorch = get(prefs, LIBTORCH_FOLDER);
        EngineSetup.useLibtorch(libtorch.isEmpty() ? null : Path.of(libtorch), LIBTORCH_GIVEN);
    }

    /** Fails naming the file when a stored or given weights file does not exist. */
    static void requireFiles(String what, String files) {
        for (String f : files.split(";")) {
            if (!f.isBlank() && !Files.isRegularFile(new File(f.trim()).toPath())) {
                throw new IllegalArgumentException(what + ": no file " + f.trim());
            }
        }
    }
}
