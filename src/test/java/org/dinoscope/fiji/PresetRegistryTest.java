package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.dinoscope.cli.Main;
import org.dinoscope.model.Pooling;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;
import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import picocli.CommandLine;

/**
 * The model presets ({@link Preset}) and input scalings ({@link Scaling}) are registries. The CLI help and the
 * DINOscope Settings keys ({@link Settings#WEIGHTS_PARAMETERS}) are derived from them; the Fiji commands' choices
 * and Settings fields are annotation literals (Java allows nothing else there, and a SciJava DynamicCommand, whose
 * choices could be set at run time, is not a CommandModule: CommandService.run returns no future for it, which
 * scripts calling the commands rely on). This test ties every literal list to the registry, so a preset or scaling
 * added there fails here until it is in every place.
 */
class PresetRegistryTest {
    private static final List<String> PRESETS = Arrays.stream(Preset.values()).map(Preset::id).toList();

    private static CommandInfo info(Class<? extends Command> c) {
        return IJ1Bridge.context().service(CommandService.class).getCommand(c);
    }

    private static Set<Object> choices(CommandInfo info, String input) {
        return new HashSet<>(info.getInput(input).getChoices());
    }

    @Test
    void everyPresetAndScalingIsAChoiceOfEveryCommandThatLoadsAModel() {
        Set<Object> scalings = new HashSet<>(Stream.concat(Stream.of(ModelParameters.MODEL_SCALING),
                Arrays.stream(Scaling.values()).map(Scaling::id)).toList());
        for (Class<? extends Command> c : List.of(EmbedPlateCommand.class, EmbedImageCommand.class,
                AttentionMapCommand.class, TrainCommand.class)) {
            CommandInfo info = info(c);
            // Train starts DINO self-distillation from a ViT with a CLS token: not from an MAE encoder
            Set<Object> expected = new HashSet<>(PRESETS.stream()
                    .filter(p -> c != TrainCommand.class || Preset.byId(p).pooling() == Pooling.CLS)
                    .toList());
            assertEquals(expected, choices(info, "model"), c.getSimpleName());
            assertEquals("demo", info.getInput("model").getChoices().get(0), c.getSimpleName() + ": default first");
            assertEquals(scalings, choices(info, "scaling"), c.getSimpleName());
            assertEquals(ModelParameters.MODEL_SCALING, info.getInput("scaling").getChoices().get(0));
        }
    }

    @Test
    void everyPresetWithWeightsIsADinoscopeSettingsField() {
        CommandInfo info = info(SettingsCommand.class);
        Set<String> fields = new HashSet<>();
        for (ModuleItem<?> item : info.inputs()) {
            if (item.getName().endsWith("_weights")) {
                assertEquals(String.class, item.getType(), item.getName());
                fields.add(item.getName());
            }
        }
        assertEquals(new HashSet<>(Settings.WEIGHTS_PARAMETERS.values()), fields);
        for (Preset p : Preset.values()) {
            assertEquals(p.needsWeights(), Settings.WEIGHTS_PARAMETERS.containsKey(p.id()), p.id());
        }
        assertEquals("cellpaintssl_dino_weights", Settings.WEIGHTS_PARAMETERS.get("cellpaintssl-dino"));
    }

    @Test
    void everyPresetIsInTheCliHelp() {
        StringWriter help = new StringWriter();
        new CommandLine(new Main()).getSubcommands().get("embed").usage(new PrintWriter(help));
        String text = help.toString().replaceAll("\\s+", " ");
        assertTrue(text.contains("Model preset: " + String.join(", ", PRESETS) + " (default: random"), text);
    }
}
