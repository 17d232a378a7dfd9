package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.Macro;
import ij.Menus;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

/**
 * The target of every DINOscope entry in {@code plugins.config} (plain ImageJ 1; in Fiji the SciJava commands own
 * the entries). It uses nothing but ImageJ and the JDK, so that it can say what is missing when a jar DINOscope
 * needs is not installed: ImageJ 1 would otherwise swallow the NoClassDefFoundError and the command would silently
 * do nothing. With every jar there, it hands the command to {@link IJ1Bridge}.
 */
public class IJ1Menu implements PlugIn {
    /** A class of each jar the commands cannot start without, and the jar's name. */
    private static final String[][] REQUIRED = {
        {"org.scijava.Context", "scijava-common"},
        {"org.scijava.parsington.ExpressionParser", "parsington"},
        {"ai.djl.engine.Engine", "api (DJL)"},
        {"ai.djl.pytorch.engine.PtEngine", "pytorch-engine"},
        {"ai.djl.pytorch.jni.PyTorchLibrary", "pytorch-jni"},
        {"com.google.gson.Gson", "gson"},
        {"org.apache.commons.csv.CSVFormat", "commons-csv"},
        {"net.imglib2.img.array.ArrayImgs", "imglib2"},
        {"org.jfree.chart.JFreeChart", "jfreechart"},
        {"org.apache.commons.math3.linear.RealMatrix", "commons-math3"},
        {"smile.manifold.UMAP", "smile-core"},
    };

    static final String HOW_TO_INSTALL = "Fiji: add the DINOscope update site (Help > Update...). Plain ImageJ 1: "
            + "copy DINOscope's jar into plugins/ and every jar of its lib folder into plugins/jars/, "
            + "native jars included, not in a subfolder (docs/install.md), then restart ImageJ.";

    @Override
    public void run(String commandClass) {
        String missing = missing(IJ1Menu.class.getClassLoader());
        if (missing != null) {
            report(missing);
            return;
        }
        try {
            new IJ1Bridge().run(commandClass);
        } catch (LinkageError e) {
            report(linkageMessage(e));
        }
    }

    /** What the class loader lacks of the required jars, as one message; null when nothing is missing. */
    static String missing(ClassLoader loader) {
        List<String> jars = new ArrayList<>();
        for (String[] r : REQUIRED) {
            try {
                Class.forName(r[0], false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                jars.add(r[1]);
            }
        }
        if (jars.isEmpty()) {
            return null;
        }
        return "DINOscope cannot start: " + (jars.size() == 1 ? "the jar " : "the jars ") + String.join(", ", jars)
                + (jars.size() == 1 ? " is" : " are") + " missing" + whereImageJLooks() + ". " + HOW_TO_INSTALL;
    }

    /** A class or native library that failed to load while a command ran. */
    static String linkageMessage(LinkageError e) {
        String what = e instanceof UnsatisfiedLinkError ? "a native library failed to load"
                : "a class is missing";
        return "DINOscope cannot run: " + what + " (" + e.getMessage() + ")" + whereImageJLooks() + ". "
                + HOW_TO_INSTALL;
    }

    /** Where this ImageJ looks for jars, for the message; empty outside an ImageJ installation. */
    private static String whereImageJLooks() {
        String plugins = Menus.getPlugInsPath();
        return plugins == null ? "" : " (ImageJ 1 loads jars from " + plugins + " and its subfolders one level deep, "
                + "such as " + plugins + "jars" + File.separator + ")";
    }

    /**
     * One message: in the Log and on stderr, and in a dialog unless no window may open (batch mode); a macro that
     * ran the command is then aborted, as after any failed command.
     */
    static void report(String message) {
        System.err.println(message);
        IJ.log(message);
        // as Fiji.noWindows(), which this class cannot use: Fiji's class links to DINOscope's core and its jars
        if (!GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) {
            IJ.error("DINOscope", message);
        }
        if (Macro.getOptions() != null || Interpreter.getInstance() != null) {
            Macro.abort();
        }
    }
}
