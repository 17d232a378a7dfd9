package org.dinoscope.fiji;

import ij.IJ;

import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > DINOscope > About DINOscope: versions and where the engine keeps its files. */
@Plugin(type = Command.class, label = "About DINOscope", menuPath = "Plugins>DINOscope>About DINOscope")
public class AboutCommand implements Command {
    @Parameter(type = ItemIO.OUTPUT)
    String about;

    @Override
    public void run() {
        EngineSetup.configure();
        about = "DINOscope " + Version.get() + "\n"
                + "Engine: " + EngineSetup.describe(EngineSetup.device("auto")) + "\n"
                + "DJL cache: " + System.getProperty(EngineSetup.CACHE_PROPERTY, System.getenv(EngineSetup.CACHE_PROPERTY)) + "\n"
                + "Java " + System.getProperty("java.version") + ", ImageJ " + IJ.getVersion() + "\n"
                + "Model presets and their sources: docs/models.md. Licence: GPL-3.0-or-later.";
        IJ.log(about);
    }
}
