package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.ImagePlus;
import ij.process.ShortProcessor;

import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;
import org.dinoscope.engine.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.prefs.PrefService;

/**
 * Generate Sample Plate..., DINOscope Settings... and About DINOscope, run as the ImageJ 1 bridge runs them
 * (a module of the SciJava context, services injected, initializer run) with no display. Preferences go to
 * target/prefs (surefire's java.util.prefs.userRoot), never to the user's.
 */
class NewCommandsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @AfterEach
    void forgetSettings() {
        IJ1Bridge.context().service(PrefService.class).clear(Settings.class);
    }

    private static Module run(Class<? extends Command> c, Map<String, Object> in) throws Exception {
        CommandInfo info = IJ1Bridge.context().service(CommandService.class).getCommand(c);
        return IJ1Bridge.run(IJ1Bridge.module(info), in).get();
    }

    private static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append('\n');
        }
        return s.toString();
    }

    @Test
    void generateSamplePlateWritesWhatTheSynthCommandWritesAndShowsAField() throws Exception {
        Module m = run(GenerateSamplePlateCommand.class, Map.of("out", dir.resolve("fiji").toFile(), "seed", 7L,
                "plates", 1, "batches", 1, "fields", 1, "size", 64, "doses", "1", "dmso_wells", 1, "show_field", true));
        SynthOptions o = new SynthOptions(7, 1, 1, 1, 64, List.of(1.0), 1);
        SyntheticPlates.generate(dir.resolve("core"), o, 1, ProgressListener.NONE);
        int wells = SyntheticPlates.design(o).size();
        assertTrue(((String) m.getOutput("summary")).contains("1 plates, " + wells + " wells, " + wells + " fields"),
                (String) m.getOutput("summary"));
        var well = SyntheticPlates.design(o).get(0);
        for (int c = 1; c <= 5; c++) {
            assertArrayEquals(Files.readAllBytes(SyntheticPlates.imageFile(dir.resolve("core"), well, 1, c)),
                    Files.readAllBytes(SyntheticPlates.imageFile(dir.resolve("fiji"), well, 1, c)));
        }
        assertEquals(Files.readString(dir.resolve("core/platemap.csv")), Files.readString(dir.resolve("fiji/platemap.csv")));
        ImagePlus field = (ImagePlus) m.getOutput("field");
        assertEquals(5, field.getNChannels());
        assertEquals("DNA", field.getStack().getSliceLabel(1));
        assertEquals("Mito", field.getStack().getSliceLabel(5));
    }

    @Test
    void generateSamplePlateNamesABadOption() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(GenerateSamplePlateCommand.class,
                Map.of("out", dir.resolve("p").toFile(), "doses", "1,lots")));
        assertTrue(messages(e).contains("DINOscope Generate Sample Plate: doses=1,lots: 'lots' is not a number"),
                messages(e));
    }

    @Test
    void settingsAreStoredShownAgainAndUsedByTheOtherCommands() throws Exception {
        Path weights = Files.writeString(dir.resolve("my-unidino.pth"), "not a checkpoint");
        run(SettingsCommand.class, Map.of("device", "cpu", "unidino_weights", weights.toString()));
        CommandInfo info = IJ1Bridge.context().service(CommandService.class).getCommand(SettingsCommand.class);
        Module shown = IJ1Bridge.module(info);
        assertEquals("cpu", shown.getInput("device"));
        assertEquals(weights.toString(), shown.getInput("unidino_weights"));

        // a macro naming only the device keeps the stored weights
        run(SettingsCommand.class, Map.of("device", "auto"));
        assertEquals(weights.toString(), IJ1Bridge.module(info).getInput("unidino_weights"));

        // Embed Image with no weights file uses the stored one for its preset
        ImagePlus imp = new ImagePlus("x", new ShortProcessor(224, 224));
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(EmbedImageCommand.class,
                Map.of("image", imp, "model", "unidino")));
        assertTrue(messages(e).contains("my-unidino.pth"), messages(e));
    }

    @Test
    void settingsRefuseAMissingFileAndAGpuTheEngineLacks() throws Exception {
        ExecutionException missing = assertThrows(ExecutionException.class, () -> run(SettingsCommand.class,
                Map.of("mae_weights", dir.resolve("nowhere.pth").toString())));
        assertTrue(messages(missing).contains("mae_weights: no file " + dir.resolve("nowhere.pth")), messages(missing));
        ExecutionException gpu = assertThrows(ExecutionException.class, () -> run(SettingsCommand.class,
                Map.of("device", "gpu")));
        assertTrue(messages(gpu).contains("device 'gpu' asked for"), messages(gpu));
        assertEquals("", Settings.get(IJ1Bridge.context().service(PrefService.class), Settings.DEVICE),
                "nothing stored from a refused setting");
    }

    @Test
    void aboutNamesTheVersionsAndTheDefaultModel() throws Exception {
        String about = (String) run(AboutCommand.class, Map.of()).getOutput("about");
        for (String s : List.of("PyTorch 2.7.1", "DJL 0.35.1", "Smile 3.1.1", "ImgLib2 8.0.0", "SciJava Common 2.100.1",
                "Default model: random")) {
            assertTrue(about.contains(s), s + " in\n" + about);
        }
    }
}
