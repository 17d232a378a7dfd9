package org.dinoscope.fiji;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.prefs.PrefService;
import org.scijava.service.Service;

/**
 * Runs a DINOscope SciJava command from plain ImageJ 1, which knows only {@code plugins.config} (through
 * {@link IJ1Menu}, which first checks that DINOscope's jars are there): the argument is the command's class. Inputs come from the macro options (key=value, keys are the
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
            context = new Context(List.of(CommandService.class, PrefService.class), index);
        }
        return context;
    }

    @Override
    public void run(String commandClass) {
        CommandInfo info = context().service(CommandService.class).getCommand(commandClass);
        if (info == null) {
            IJ.error("DINOscope", "no command " + commandClass + " in this DINOscope jar");
            return;
        }
        String options = Macro.getOptions();
        try {
            Module module = module(info);
            Map<String, Object> inputs = options != null ? fromMacro(module, options) : fromDialog(module);
            if (inputs == null) {
                return; // dialog cancelled
            }
            run(module, inputs).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LinkageError le) {
                // a jar or native library missing: not reported by the command, which catches exceptions only
                IJ1Menu.report(IJ1Menu.linkageMessage(le));
                return;
            }
            // the command has already reported its error (Log, and a dialog interactively); a macro stops
            // here, on its own thread, as it would after an ImageJ error, but with no dialog left open
            if (options != null) {
                ij.macro.Interpreter.abort();
            }
        } catch (MethodCallException e) {
            IJ.log("DINOscope: " + info.getLabel() + " could not start: " + e.getCause());
        }
    }

    /**
     * The command as a module of this context, services injected and its initializer run, so that its inputs
     * hold the values a dialog should start from (DINOscope Settings shows what it stored).
     */
    static Module module(CommandInfo info) throws MethodCallException {
        Module module = context().service(ModuleService.class).createModule(info);
        module.initialize();
        return module;
    }

    /** Runs a module with the given inputs, without pre- and postprocessing (no UI here). */
    static Future<Module> run(Module module, Map<String, Object> inputs) {
        return context().service(ModuleService.class).run(module, false, inputs);
    }

    /** Inputs a user gives: not the services SciJava injects. */
    private static boolean userInput(ModuleItem<?> item) {
        return !Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class;
    }

    /** The value the module holds now (set by its field or initializer), else the declared default. */
    private static Object current(Module module, ModuleItem<?> item) {
        Object v = module.getInput(item.getName());
        return v != null ? v : item.getDefaultValue();
    }

    private static Map<String, Object> fromMacro(Module module, String options) {
        ModuleInfo info = module.getInfo();
        Map<String, Object> in = new LinkedHashMap<>();
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> type = item.getType();
            String key = item.getName();
            if (!userInput(item)) {
                continue;
            }
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
                Object def = current(module, item);
                if (def != null) {
                    in.put(key, def);
                }
                continue;
            }
            in.put(key, convert(type, v, key));
        }
        return in;
    }

    private static Map<String, Object> fromDialog(Module module) {
        ModuleInfo info = module.getInfo();
        GenericDialog gd = new GenericDialog("DINOscope " + info.getLabel());
        for (ModuleItem<?> item : info.inputs()) {
            Class<?> type = item.getType();
            String key = item.getName();
            Object def = current(module, item);
            if (type == ImagePlus.class || !userInput(item)) {
                continue;
            }
            if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                String[] choices = item.getChoices().stream().map(String::valueOf).toArray(String[]::new);
                gd.addChoice(key, choices, def != null ? def.toString() : choices[0]);
            } else if (type == boolean.class || type == Boolean.class) {
                gd.addCheckbox(key, Boolean.TRUE.equals(def));
            } else if (isWhole(type) || type == double.class || type == Double.class) {
                double v = def != null ? ((Number) def).doubleValue() : 0;
                // small values (epsilons, thresholds like 1e-5) in scientific notation, or they would read as 0
                int digits = isWhole(type) ? 0 : v != 0 && Math.abs(v) < 1e-3 ? -3 : 3;
                gd.addNumericField(key, v, digits, digits < 0 ? 10 : 6, null);
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
            if (!userInput(item)) {
                continue;
            } else if (type == ImagePlus.class) {
                in.put(key, activeImage(info));
            } else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                in.put(key, gd.getNextChoice());
            } else if (type == boolean.class || type == Boolean.class) {
                in.put(key, gd.getNextBoolean());
            } else if (type == int.class || type == Integer.class) {
                in.put(key, (int) Math.round(gd.getNextNumber()));
            } else if (type == long.class || type == Long.class) {
                in.put(key, Math.round(gd.getNextNumber()));
            } else if (type == double.class || type == Double.class) {
                in.put(key, gd.getNextNumber());
            } else {
                String s = gd.getNextString();
                in.put(key, type == File.class ? (s.isBlank() ? null : new File(s)) : s);
            }
        }
        return in;
    }

    private static boolean isWhole(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class;
    }

    private static ImagePlus activeImage(ModuleInfo info) {
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
            if (type == long.class || type == Long.class) {
                return Math.round(Double.parseDouble(v));
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
