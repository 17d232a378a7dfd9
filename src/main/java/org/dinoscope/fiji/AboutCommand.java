package org.dinoscope.fiji;

import java.util.Map;

import ij.IJ;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import ai.djl.engine.Engine;

import smile.math.MathEx;

/**
 * Plugins > DINOscope > About DINOscope: versions of DINOscope and the libraries it runs on, the engine (flavour,
 * the libtorch folder it loaded, the device), where the engine
 * keeps its files, and where the models come from (the default model and the weights set in DINOscope
 * Settings).
 */
@Plugin(type = Command.class, label = "About DINOscope", menuPath = "Plugins>DINOscope>About DINOscope")
public class AboutCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(type = ItemIO.OUTPUT)
    String about;

    @Override
    public void run() {
        Settings.applyCacheFolder(prefs);
        StringBuilder s = new StringBuilder("DINOscope " + Version.get() + "\n");
        Map<String, Object> e = EngineSetup.details(EngineSetup.device(Settings.device(prefs, "default")));
        s.append("Engine: ").append(e.get("name")).append(' ').append(e.get("version")).append(" (DJL ")
                .append(e.get("djl")).append("), flavour ").append(e.get("flavour")).append(", device ")
                .append(e.get("device")).append('\n');
        s.append("libtorch: ").append(e.get("libtorch")).append(" (").append(e.get("libtorch_from"))
                .append(e.containsKey("libtorch_version") ? ", version " + e.get("libtorch_version") : "").append(")\n");
        s.append("DJL cache: ").append(System.getenv(EngineSetup.CACHE_PROPERTY) != null
                ? System.getenv(EngineSetup.CACHE_PROPERTY) : System.getProperty(EngineSetup.CACHE_PROPERTY)).append('\n');
        s.append("Smile ").append(versionOf(MathEx.class)).append(", ImgLib2 ")
                .append(versionOf(net.imglib2.RandomAccessibleInterval.class)).append(", SciJava Common ")
                .append(versionOf(Context.class)).append(", ImageJ ").append(IJ.getVersion())
                .append(", Java ").append(System.getProperty("java.version")).append('\n');
        s.append("Default model: demo (a small ViT trained by DINOscope's trainer on real fluorescence fields and "
                + "synthetic plates, embedded in the plugin; docs/models.md credits its sources); 'random' is the "
                + "untrained ViT-S/16 baseline\n");
        Settings.WEIGHTS_PARAMETERS.forEach((preset, key) -> {
            String w = Settings.weights(prefs, preset);
            if (!w.isEmpty()) {
                s.append("Weights for ").append(preset).append(": ").append(w).append('\n');
            }
        });
        s.append("Presets, their papers and released checkpoints: docs/models.md. Licence: GPL-3.0-or-later.");
        about = s.toString();
        IJ.log(about);
    }

    /** The Implementation-Version of the jar holding a class, or "unknown". */
    private static String versionOf(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
