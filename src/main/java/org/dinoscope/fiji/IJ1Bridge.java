package org.dinoscope.fiji;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;

/**
 * Runs a DINOscope SciJava command from plain ImageJ 1, which knows only {@code plugins.config}: the
 * argument is the command's class. Inputs come from the macro options (key=value, keys are the
 * parameter names) or, interactively, from a GenericDialog whose labels are the parameter names, so
 * ImageJ's recorder writes {@code run("Embed Image", "model=random batch_size=16 ...")}. In Fiji the
 * SciJava command itself owns the menu entry and this class is not used.
 */
public class IJ1Bridge implements PlugIn {
    private static Context context;

    /** One SciJava context for the session, indexing plugins through this jar's class loader. */
    static synchronized Context context() {
        if (context == null) {
            PluginIndex index = new PluginIndex(new DefaultPluginFinder(IJ1Bridge.class.getClassLoader()));
            context = new Context(List.of(CommandService.class), index);
        }
        return context;
    }

    @Override
    public void run(String commandClass) {
        CommandService commands = context().service(CommandService.class);
        CommandInfo info = commands.getCommand(commandClass);
        if (info == null) {
            IJ.error("DINOscope", "no command " + commandClass + " in this DINOscope jar");
            return;
        }
        String options = Macro.getOptions();
        Map<String, Object> inputs = options != null ? fromMacro(info, options) : fromDialog(info);
        if (inputs == null) {
            return; // dialog cancelled
        }
        try {
            commands.run(info, false, inputs).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the command has already reported its error (log in macros, dialog interactively)
            IJ.log("DINOscope: " + info.getLabel() + " failed: " + e.getCause());
        }
    }

    private static Map<String, Object> fromMacro(CommandInfo info, String options) {
        Map<String, Object> in = new LinkedHashMap<>();
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> type = item.getType();
            String key = item.getName();
            if (type == ImagePlus.class) {
                in.put(key, activeImage(info));
                continue;
            }
            if (type == boolean.class || type == Boolean.class) {
                in.put(key, Macro.getValue(options, key, null) != null || (" " + options + " ").contains(" " + key + " "));
                continue;
            }
            String v = Macro.getValue(options, key, null);
            if (v == null) {
                Object def = item.getDefaultValue();
                if (def != null) {
                    in.put(key, def);
                }
                continue;
            }
            in.put(key, convert(type, v, key));
        }
        return in;
    }

    private static Map<String, Object> fromDialog(CommandInfo info) {
        GenericDialog gd = new GenericDialog("DINOscope " + info.getLabel());
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> type = item.getType();
            String key = item.getName();
            Object def = item.getDefaultValue();
            if (type == ImagePlus.class) {
                continue;
            }
            if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                String[] choices = item.getChoices().stream().map(String::valueOf).toArray(String[]::new);
                gd.addChoice(key, choices, def != null ? def.toString() : choices[0]);
            } else if (type == boolean.class || type == Boolean.class) {
                gd.addCheckbox(key, Boolean.TRUE.equals(def));
            } else if (type == int.class || type == Integer.class || type == double.class || type == Double.class) {
                gd.addNumericField(key, def != null ? ((Number) def).doubleValue() : 0,
                        type == int.class || type == Integer.class ? 0 : 3);
            } else if (type == File.class) {
                gd.addFileField(key, def != null ? def.toString() : "");
            } else {
                gd.addStringField(key, def != null ? def.toString() : "", 30);
            }
            if (item.getDescription() != null && !item.getDescription().isBlank()) {
                gd.addToSameRow();
                gd.addMessage(item.getDescription());
            }
        }
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        Map<String, Object> in = new LinkedHashMap<>();
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> type = item.getType();
            String key = item.getName();
            if (type == ImagePlus.class) {
                in.put(key, activeImage(info));
            } else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                in.put(key, gd.getNextChoice());
            } else if (type == boolean.class || type == Boolean.class) {
                in.put(key, gd.getNextBoolean());
            } else if (type == int.class || type == Integer.class) {
                in.put(key, (int) Math.round(gd.getNextNumber()));
            } else if (type == double.class || type == Double.class) {
                in.put(key, gd.getNextNumber());
            } else {
                String s = gd.getNextString();
                in.put(key, type == File.class ? (s.isBlank() ? null : new File(s)) : s);
            }
        }
        return in;
    }

    private static ImagePlus activeImage(CommandInfo info) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            throw new IllegalArgumentException("DINOscope " + info.getLabel() + ": no image is open");
        }
        return imp;
    }

    private static Object convert(Class<?> type, String v, String key) {
        try {
            if (type == int.class || type == Integer.class) {
                return (int) Math.round(Double.parseDouble(v));
            }
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(v);
            }
            if (type == File.class) {
                return v.isBlank() ? null : new File(v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DINOscope: option " + key + "=" + v + " is not a number");
        }
    }
}
