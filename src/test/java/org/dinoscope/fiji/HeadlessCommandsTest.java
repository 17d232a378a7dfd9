package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Future;

import ij.ImagePlus;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/**
 * Every command run through SciJava's CommandService with pre- and postprocessing, as Fiji runs them headless
 * (java.awt.headless=true, no display): good inputs give outputs, and a wrong path or option ends the command
 * with a message that names it, without a dialog (none can open headless, and Fiji.fail opens none in macros).
 */
class HeadlessCommandsTest {
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

    private static Future<CommandModule> run(Class<? extends Command> c, Map<String, Object> in) {
        return IJ1Bridge.context().service(CommandService.class).run(c, true, in);
    }

    /** The message a failed command left in its exception chain. */
    private static String failure(Future<CommandModule> f) throws InterruptedException {
        try {
            f.get();
            return "no failure";
        } catch (java.util.concurrent.ExecutionException e) {
            StringBuilder s = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                s.append(t.getMessage()).append('\n');
            }
            return s.toString();
        }
    }

    @Test
    void commandsRunWithNoDisplay() throws Exception {
        assertTrue(GraphicsEnvironment.isHeadless());
        CommandModule about = run(AboutCommand.class, Map.of()).get();
        assertTrue(((String) about.getOutput("about")).startsWith("DINOscope "));
        CommandModule plate = run(GenerateSamplePlateCommand.class, Map.of("out", dir.resolve("p").toFile(),
                "plates", 1, "batches", 1, "fields", 1, "size", 32, "doses", "1", "dmso_wells", 1)).get();
        assertTrue(((String) plate.getOutput("summary")).contains("1 plates"));
        assertTrue(Files.exists(dir.resolve("p/platemap.csv")));
        CommandModule settings = run(SettingsCommand.class, Map.of("device", "cpu")).get();
        assertTrue(((String) settings.getOutput("settings")).startsWith("DINOscope settings: device cpu"));
        // a setting not given keeps its stored value
        Path weights = Files.writeString(dir.resolve("w.pth"), "w");
        settings = run(SettingsCommand.class, Map.of("mae_weights", weights.toString())).get();
        assertTrue(((String) settings.getOutput("settings")).startsWith("DINOscope settings: device cpu"));
        assertTrue(((String) settings.getOutput("settings")).contains("mae: " + weights));
    }

    @Test
    void wrongPathsAndOptionsAreNamed() throws Exception {
        Path aFile = Files.writeString(dir.resolve("a-file.txt"), "x");
        String m = failure(run(EmbedPlateCommand.class, Map.of("layout", dir.resolve("no-plate").toFile(),
                "out", dir.resolve("o").toFile())));
        assertTrue(m.contains("DINOscope Embed Plate: ") && m.contains("no-plate"), m);
        m = failure(run(GenerateSamplePlateCommand.class, Map.of("out", aFile.toFile())));
        assertTrue(m.contains("DINOscope Generate Sample Plate: ") && m.contains("a-file.txt"), m);
        m = failure(run(SettingsCommand.class, Map.of("cache_folder", aFile.toString())));
        assertEquals(true, m.contains("DINOscope DINOscope Settings: cache_folder " + aFile + " is a file"), m);
        m = failure(run(AttentionMapCommand.class, Map.of("image", new ImagePlus("x", new ShortProcessor(224, 224)),
                "model", "mae", "weights", dir.resolve("mae.pth").toFile())));
        assertTrue(m.contains("DINOscope Attention Map: ") && m.contains("mae.pth"), m);
        m = failure(run(EmbedImageCommand.class, Map.of("image", new ImagePlus("x", new ShortProcessor(224, 224)),
                "model", "no-such-preset")));
        assertTrue(m.contains("no-such-preset"), m);
    }
}
