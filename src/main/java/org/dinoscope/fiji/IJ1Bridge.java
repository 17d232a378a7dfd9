package org.dinoscope.fiji;

import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.util.ArrayList;
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
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

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
 * {@link IJ1Menu}, which first checks that DINOscope's jars are there): the argument is the command's class.
 * Inputs come from the macro options (key=value, keys are the parameter names) or, interactively, from a
 * GenericDialog with the parameters' readable labels and help, starting from the values given last time; the
 * recorder writes the parameter names, {@code run("Embed Image", "model=random batch_size=16 ...")}. In Fiji the
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
            Module done = run(module, inputs).get();
            if (options == null && inputs.isEmpty() && !Fiji.noWindows()) {
                // a command that asks nothing (About) shows its text as a message, as Fiji does
                for (ModuleItem<?> out : info.outputs()) {
                    if (out.getType() == String.class && done.getOutput(out.getName()) != null) {
                        IJ.showMessage(info.getLabel(), wrap((String) done.getOutput(out.getName()), 100));
                    }
                }
            }
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
                Interpreter.abort();
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

    /**
     * The inputs from a GenericDialog: readable labels (the parameters' labels), each field's help below it in small
     * type, wrapped, and the values the user gave last time (SciJava's persisted values, as Fiji remembers them;
     * macros never read them). The recorder records the parameter names, which macros use, not the labels. A
     * command with nothing to ask (About) opens no dialog.
     */
    private static Map<String, Object> fromDialog(Module module) {
        ModuleInfo info = module.getInfo();
        ModuleService modules = context().service(ModuleService.class);
        List<ModuleItem<?>> asked = new ArrayList<>();
        for (ModuleItem<?> item : info.inputs()) {
            if (userInput(item) && item.getType() != ImagePlus.class) {
                asked.add(item);
            }
        }
        Map<String, Object> in = new LinkedHashMap<>();
        for (ModuleItem<?> item : info.inputs()) {
            if (userInput(item) && item.getType() == ImagePlus.class) {
                in.put(item.getName(), activeImage(info));
            }
        }
        if (asked.isEmpty()) {
            return in;
        }
        GenericDialog gd = new GenericDialog("DINOscope " + info.getLabel());
        for (ModuleItem<?> item : asked) {
            Class<?> type = item.getType();
            String label = item.getLabel() != null && !item.getLabel().isBlank() ? item.getLabel() : item.getName();
            Object def = initialValue(modules, module, item);
            if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                String[] choices = item.getChoices().stream().map(String::valueOf).toArray(String[]::new);
                gd.addChoice(label, choices, def != null ? def.toString() : choices[0]);
            } else if (type == boolean.class || type == Boolean.class) {
                gd.addCheckbox(label, Boolean.TRUE.equals(def));
            } else if (isWhole(type) || type == double.class || type == Double.class) {
                double v = def != null ? ((Number) def).doubleValue() : 0;
                // small values (epsilons, thresholds like 1e-5) in scientific notation, or they would read as 0
                int digits = isWhole(type) ? 0 : v != 0 && Math.abs(v) < 1e-3 ? -3 : 3;
                gd.addNumericField(label, v, digits, digits < 0 ? 10 : 6, null);
            } else if (type == File.class) {
                gd.addFileField(label, def != null ? def.toString() : "", 30);
            } else {
                gd.addStringField(label, def != null ? def.toString() : "", 30);
            }
            if (item.getDescription() != null && !item.getDescription().isBlank()) {
                gd.setInsets(0, 10, 2);
                gd.addMessage(wrap(item.getDescription(), 70), HELP_FONT, Color.DARK_GRAY);
            }
        }
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        for (ModuleItem<?> item : asked) {
            Class<?> type = item.getType();
            Object v;
            if (item.getChoices() != null && !item.getChoices().isEmpty()) {
                v = gd.getNextChoice();
            } else if (type == boolean.class || type == Boolean.class) {
                v = gd.getNextBoolean();
            } else if (type == int.class || type == Integer.class) {
                v = (int) Math.round(gd.getNextNumber());
            } else if (type == long.class || type == Long.class) {
                v = Math.round(gd.getNextNumber());
            } else if (type == double.class || type == Double.class) {
                v = gd.getNextNumber();
            } else {
                String s = gd.getNextString();
                v = type == File.class ? (s.isBlank() ? null : new File(s)) : s;
            }
            in.put(item.getName(), v);
            if (v != null && item.isPersisted()) {
                save(modules, item, v);
            }
        }
        recordOptions(asked.stream().map(ModuleItem::getName).toList(), in);
        return in;
    }

    private static final Font HELP_FONT = new Font("SansSerif", Font.PLAIN, 11);

    /** Text broken into lines of at most width characters, at spaces; its own line breaks stay. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String word : text.replace("\n", " \n ").split(" ")) {
            if (word.equals("\n")) {
                out.append('\n');
                line = 0;
                continue;
            }
            if (line > 0 && line + 1 + word.length() > width) {
                out.append('\n');
                line = 0;
            } else if (line > 0) {
                out.append(' ');
                line++;
            }
            out.append(word);
            line += word.length();
        }
        return out.toString();
    }

    /**
     * What a dialog starts from: the value given last time in a dialog (SciJava's persisted value; none for
     * parameters with persist = false, such as DINOscope Settings, which start from the stored settings), else the
     * value the module holds now.
     */
    static Object initialValue(ModuleService modules, Module module, ModuleItem<?> item) {
        Object remembered = item.isPersisted() ? modules.load(item) : null;
        return remembered != null ? remembered : current(module, item);
    }

    /**
     * Replaces the options the dialog recorded (the first words of its labels) with the parameter names a macro
     * gives: key=value (in brackets when it has a space), a flag for true, nothing for false or no value.
     */
    static void recordOptions(List<String> keys, Map<String, Object> values) {
        Recorder.resetCommandOptions();
        for (String key : keys) {
            Object value = values.get(key);
            if (value instanceof Boolean b) {
                if (b) {
                    Recorder.recordOption(key);
                }
            } else if (value != null) {
                Recorder.recordOption(key, String.valueOf(value));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void save(ModuleService modules, ModuleItem<T> item, Object value) {
        modules.save(item, (T) value);
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
