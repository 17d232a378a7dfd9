package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ij.ImagePlus;
import ij.process.ShortProcessor;

import org.dinoscope.ProgressListener;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import ij.measure.ResultsTable;
import org.dinoscope.train.TrainOptions;
import org.dinoscope.train.Trainer;
import org.scijava.module.Module;
import org.scijava.prefs.PrefService;

/**
 * The commands with no display (java.awt.headless=true): through SciJava's CommandService with pre- and
 * postprocessing, as Fiji runs them headless, and as the ImageJ 1 bridge runs them. Good inputs give outputs;
 * a wrong path or option ends the command with a message that names it, without a dialog (none can open
 * headless, and Fiji.fail opens none in macros). Preferences go to target/prefs (surefire's
 * java.util.prefs.userRoot), never to the user's.
 */
class HeadlessCommandsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Settings, and the inputs SciJava remembers from earlier runs (also of earlier test runs). */
    @org.junit.jupiter.api.BeforeEach
    @AfterEach
    void forgetSettings() {
        PrefService prefs = IJ1Bridge.context().service(PrefService.class);
        prefs.clear(Settings.class);
        prefs.clear(TrainCommand.class);
        prefs.clear(EmbedPlateCommand.class);
        prefs.clear(SettingsCommand.class);
    }

    private static Future<CommandModule> run(Class<? extends Command> c, Map<String, Object> in) {
        return IJ1Bridge.context().service(CommandService.class).run(c, true, in);
    }

    /**
     * Runs a command as the ImageJ 1 bridge does: a module of the context, services injected and its
     * initializer run, then the given inputs, no pre- or postprocessing.
     */
    private static Module runAsBridge(Class<? extends Command> c, Map<String, Object> in) throws Exception {
        CommandInfo info = IJ1Bridge.context().service(CommandService.class).getCommand(c);
        return IJ1Bridge.run(IJ1Bridge.module(info), in).get();
    }

    /** The messages along a failure's chain of causes. */
    private static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append('\n');
        }
        return s.toString();
    }

    /** The message a failed command left in its exception chain. */
    private static String failure(Future<CommandModule> f) throws InterruptedException {
        try {
            f.get();
            return "no failure";
        } catch (ExecutionException e) {
            return messages(e);
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

    @Test
    void generateSamplePlateWritesWhatTheSynthCommandWritesAndShowsAField() throws Exception {
        Module m = runAsBridge(GenerateSamplePlateCommand.class, Map.of("out", dir.resolve("fiji").toFile(), "seed", 7L,
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
    void trainRunsHeadlessWritesAModelAndEmbedPlateUsesItAtOnce() throws Exception {
        SynthOptions o = new SynthOptions(5, 1, 1, 1, 224, List.of(1.0), 1);
        Path plate = dir.resolve("plate");
        SyntheticPlates.generate(plate, o, 1, ProgressListener.NONE);
        // a tiny network to start from, so that the dialog's defaults (ViT-S) need not be trained here
        TrainOptions tiny = org.dinoscope.testutil.TinyTraining.options(1, 1);
        var layout = org.dinoscope.plate.Layouts.open(plate, "imagexpress", SyntheticPlates.CHANNEL_MAP,
                plate.resolve("platemap.csv"), w -> { });
        Path init = Trainer.run(tiny, layout, dir.resolve("init"), ProgressListener.NONE,
                Trainer.StepListener.NONE).models().get(0);

        Path out = dir.resolve("ws");
        Map<String, Object> in = new java.util.HashMap<>(Map.of("layout", plate.toFile(), "channel_map",
                SyntheticPlates.CHANNEL_MAP, "platemap", plate.resolve("platemap.csv").toFile(), "init", init.toFile(),
                "steps", 2, "batch_size", 2, "global_size", 32, "local_size", 16, "local_crops", 2));
        in.putAll(Map.of("out_dim", 16, "device", "cpu", "out", out.toFile(), "exclude", "Metadata_Compound=DMSO",
                "scaling", "dtype-max"));
        runAsBridge(TrainCommand.class, in);
        assertEquals(3, Files.readAllLines(out.resolve(Trainer.LOSS_CSV)).size());
        assertTrue(Files.exists(out.resolve(Trainer.LOSS_PNG)));
        TrainOptions used = TrainOptions.fromJson(Files.readString(out.resolve("train.json")));
        assertEquals("Metadata_Compound", used.weakLabel);
        assertEquals(init.toString(), used.init);
        assertEquals("Metadata_Compound=DMSO", used.exclude);
        assertEquals("dtype-max", used.scaling);
        assertEquals("dtype-max", org.dinoscope.model.checkpoint.SafetensorsFile.metadata(out.resolve(Trainer.MODEL))
                .get(org.dinoscope.model.LoadedModel.SCALING_KEY));

        CommandModule m = run(EmbedPlateCommand.class, Map.of("layout", plate.toFile(), "channel_map",
                SyntheticPlates.CHANNEL_MAP, "model", "demo", "weights", out.resolve(Trainer.MODEL).toFile(),
                "device", "cpu", "out", dir.resolve("embedded").toFile())).get();
        ResultsTable wells = (ResultsTable) m.getOutput("wells");
        assertEquals(SyntheticPlates.design(o).size(), wells.size());
        assertTrue(wells.columnExists("DNA_63") && !wells.columnExists("DNA_64"));

        String bad = failure(run(TrainCommand.class, Map.of("layout", plate.toFile(), "channel_map",
                SyntheticPlates.CHANNEL_MAP, "platemap", plate.resolve("platemap.csv").toFile(), "weak_label",
                "Metadata_Nope", "out", dir.resolve("bad").toFile())));
        assertTrue(bad.contains("DINOscope Train WS-DINO: ") && bad.contains("Metadata_Nope"), bad);
        String badExclude = failure(run(TrainCommand.class, Map.of("layout", plate.toFile(), "channel_map",
                SyntheticPlates.CHANNEL_MAP, "platemap", plate.resolve("platemap.csv").toFile(), "exclude", "DMSO",
                "out", dir.resolve("bad2").toFile())));
        assertTrue(badExclude.contains("COLUMN=VALUE"), badExclude);
    }

    /** What a command printed (IJ.log writes to stdout when ImageJ has no Log window) while it ran. */
    private static String logOf(java.util.concurrent.Callable<?> command) throws Exception {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            command.call();
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs a command while Esc is pressed again and again (as a user who wants it to stop). */
    private static Object withEscPressed(java.util.concurrent.Callable<?> command) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread esc = new Thread(() -> {
            while (running.get()) {
                ij.IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        esc.start();
        try {
            return command.call();
        } finally {
            running.set(false);
            esc.join();
            ij.IJ.resetEscape();
        }
    }

    /** Finished or cancelled with Esc, a command's outcome is in the Log, in full. */
    @Test
    void theOutcomeOfFinishedAndCancelledCommandsIsInTheLog() throws Exception {
        Map<String, Object> plate = Map.of("out", dir.resolve("p").toFile(), "plates", 1, "batches", 1,
                "fields", 1, "size", 32, "doses", "1", "dmso_wells", 1);
        String log = logOf(() -> run(GenerateSamplePlateCommand.class, plate).get());
        assertTrue(log.contains("DINOscope Generate Sample Plate: 1 plates, ") && log.contains("platemap.csv"), log);

        Map<String, Object> bigger = Map.of("out", dir.resolve("p2").toFile(), "plates", 2, "batches", 1,
                "fields", 2, "size", 64, "doses", "1", "dmso_wells", 1, "threads", 1);
        log = logOf(() -> withEscPressed(() -> run(GenerateSamplePlateCommand.class, bigger).get()));
        assertTrue(log.contains("DINOscope Generate Sample Plate: cancelled; run again with the same parameters"),
                log);

        Path out = dir.resolve("embedded");
        log = logOf(() -> withEscPressed(() -> run(EmbedPlateCommand.class, Map.of("layout",
                dir.resolve("p").toFile(), "channel_map", SyntheticPlates.CHANNEL_MAP, "model", "random",
                "batch_size", 4, "device", "cpu", "out", out.toFile())).get()));
        assertTrue(log.matches("(?s).*DINOscope Embed Plate: cancelled after \\d+ of \\d+ fields; run again on the "
                + "same output folder \\(" + java.util.regex.Pattern.quote(out.toString()) + "\\) to continue.*"), log);
    }

    /** ImageJ 1's dialogs show readable labels; macros and the recorder keep the parameter names. */
    @Test
    void dialogLabelsAreReadableAndTheRecorderWritesParameterNames() throws Exception {
        for (CommandInfo info : IJ1Bridge.context().service(CommandService.class).getCommands()) {
            if (!info.getClassName().startsWith("org.dinoscope.fiji.")) {
                continue;
            }
            for (var item : info.inputs()) {
                if (!org.scijava.service.Service.class.isAssignableFrom(item.getType())) {
                    assertTrue(!item.getLabel().contains("_") && (Character.isUpperCase(item.getLabel().charAt(0))
                            || item.getLabel().startsWith("uniDINO")), info.getLabel() + ": " + item.getLabel());
                }
            }
        }
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("layout", new java.io.File("/my plates/p1"));
        values.put("batch_size", 16);
        values.put("platemap", null);
        values.put("show_field", true);
        values.put("all_open_images", false);
        IJ1Bridge.recordOptions(List.of("layout", "batch_size", "platemap", "show_field", "all_open_images"), values);
        assertEquals("layout=[/my plates/p1] batch_size=16 show_field",
                ij.plugin.frame.Recorder.getCommandOptions().trim());
        ij.plugin.frame.Recorder.resetCommandOptions();
        assertEquals("Input scaling; model default: what a trained\nmodel records, else the preset's",
                IJ1Bridge.wrap("Input scaling; model default: what a trained model records, else the preset's", 45));
        assertEquals("DINOscope 1\nEngine: PyTorch\non cpu", IJ1Bridge.wrap("DINOscope 1\nEngine: PyTorch on cpu", 15));
    }

    /** A dialog starts from the values given last time, except where a command stores its own (Settings). */
    @Test
    void dialogsStartFromTheValuesGivenLastTime() throws Exception {
        var modules = IJ1Bridge.context().service(org.scijava.module.ModuleService.class);
        CommandInfo plate = IJ1Bridge.context().service(CommandService.class).getCommand(EmbedPlateCommand.class);
        Module m = IJ1Bridge.module(plate);
        @SuppressWarnings("unchecked")
        var batch = (org.scijava.module.ModuleItem<Object>) plate.getInput("batch_size");
        assertEquals(16, IJ1Bridge.initialValue(modules, m, batch));
        modules.save(batch, 7);
        assertEquals(7, IJ1Bridge.initialValue(modules, IJ1Bridge.module(plate), batch));
        CommandInfo settings = IJ1Bridge.context().service(CommandService.class).getCommand(SettingsCommand.class);
        @SuppressWarnings("unchecked")
        var device = (org.scijava.module.ModuleItem<Object>) settings.getInput("device");
        modules.save(device, "gpu");
        assertEquals("auto", IJ1Bridge.initialValue(modules, IJ1Bridge.module(settings), device),
                "Settings start from the stored settings (persist = false)");
    }

    @Test
    void generateSamplePlateNamesABadOption() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> runAsBridge(GenerateSamplePlateCommand.class,
                Map.of("out", dir.resolve("p").toFile(), "doses", "1,lots")));
        assertTrue(messages(e).contains("DINOscope Generate Sample Plate: doses=1,lots: 'lots' is not a number"),
                messages(e));
    }

    @Test
    void settingsAreStoredShownAgainAndUsedByTheOtherCommands() throws Exception {
        Path weights = Files.writeString(dir.resolve("my-unidino.pth"), "not a checkpoint");
        runAsBridge(SettingsCommand.class, Map.of("device", "cpu", "unidino_weights", weights.toString()));
        CommandInfo info = IJ1Bridge.context().service(CommandService.class).getCommand(SettingsCommand.class);
        Module shown = IJ1Bridge.module(info);
        assertEquals("cpu", shown.getInput("device"));
        assertEquals(weights.toString(), shown.getInput("unidino_weights"));

        // a macro naming only the device keeps the stored weights
        runAsBridge(SettingsCommand.class, Map.of("device", "auto"));
        assertEquals(weights.toString(), IJ1Bridge.module(info).getInput("unidino_weights"));

        // Embed Image with no weights file uses the stored one for its preset
        ImagePlus imp = new ImagePlus("x", new ShortProcessor(224, 224));
        ExecutionException e = assertThrows(ExecutionException.class, () -> runAsBridge(EmbedImageCommand.class,
                Map.of("image", imp, "model", "unidino")));
        assertTrue(messages(e).contains("my-unidino.pth"), messages(e));
    }

    @Test
    void settingsRefuseAMissingFileAndAGpuTheEngineLacks() throws Exception {
        ExecutionException missing = assertThrows(ExecutionException.class, () -> runAsBridge(SettingsCommand.class,
                Map.of("mae_weights", dir.resolve("nowhere.pth").toString())));
        assertTrue(messages(missing).contains("mae_weights: no file " + dir.resolve("nowhere.pth")), messages(missing));
        ExecutionException gpu = assertThrows(ExecutionException.class, () -> runAsBridge(SettingsCommand.class,
                Map.of("device", "gpu")));
        assertTrue(messages(gpu).contains("device 'gpu' asked for"), messages(gpu));
        assertEquals("", Settings.get(IJ1Bridge.context().service(PrefService.class), Settings.DEVICE),
                "nothing stored from a refused setting");
    }

    @Test
    void aboutNamesTheVersionsAndTheDefaultModel() throws Exception {
        String about = (String) runAsBridge(AboutCommand.class, Map.of()).getOutput("about");
        for (String s : List.of("PyTorch 2.7.1", "DJL 0.35.1", "Smile 3.1.1", "ImgLib2 8.0.0", "SciJava Common 2.100.1",
                "Default model: demo")) {
            assertTrue(about.contains(s), s + " in\n" + about);
        }
        assertTrue(about.contains("flavour cpu, device cpu()\nlibtorch: ") && about.contains("(bundled"), about);
    }

    /**
     * The libtorch folder of Settings is checked when given and stored; the engine, once started, keeps the libtorch
     * it loaded until Fiji restarts, and About names that one. (The loading itself: OwnLibtorchIT.)
     */
    @Test
    void settingsCheckTheLibtorchFolderAndAboutNamesTheLoadedOne() throws Exception {
        org.dinoscope.engine.EngineSetup.engine(); // started on the bundled natives before anything is stored
        try {
            ExecutionException wrong = assertThrows(ExecutionException.class, () -> runAsBridge(SettingsCommand.class,
                    Map.of("libtorch_folder", dir.toString())));
            assertTrue(messages(wrong).contains("DINOscope Settings (libtorch_folder) " + dir + ": holds no "
                    + System.mapLibraryName("torch")), messages(wrong));
            PrefService prefs = IJ1Bridge.context().service(PrefService.class);
            assertEquals("", Settings.get(prefs, Settings.LIBTORCH_FOLDER), "nothing stored from a refused folder");

            Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
            Files.createFile(lib.resolve(System.mapLibraryName("torch"))); // a stand-in: never loaded in this JVM
            Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cpu\n");
            String shown = (String) runAsBridge(SettingsCommand.class, Map.of("libtorch_folder", lib.toString()))
                    .getOutput("settings");
            assertTrue(shown.contains(", libtorch " + lib + " (folders used from the next start"), shown);
            assertEquals(lib.toString(), Settings.get(prefs, Settings.LIBTORCH_FOLDER));
            CommandInfo info = IJ1Bridge.context().service(CommandService.class).getCommand(SettingsCommand.class);
            assertEquals(lib.toString(), IJ1Bridge.module(info).getInput("libtorch_folder"));

            String about = (String) runAsBridge(AboutCommand.class, Map.of()).getOutput("about");
            assertTrue(about.contains("(bundled") && !about.contains(lib.toString()), about);
        } finally {
            org.dinoscope.engine.EngineSetup.useLibtorch(null, null);
        }
    }

    /**
     * plugins.config lists every DINOscope command under the label and menu it has in Fiji, through IJ1Menu, and
     * nothing else; labels are unique and every parameter a macro sets is a lowercase snake_case name.
     */
    @Test
    void pluginsConfigListsEveryCommandUnderItsLabel() throws Exception {
        java.util.Map<String, String> config = new java.util.TreeMap<>();
        try (var in = IJ1Bridge.class.getResourceAsStream("/plugins.config")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^Plugins>DINOscope, \"([^\"]+)\", org\\.dinoscope\\.fiji\\.IJ1Menu\\(\"([\\w.]+)\"\\)$")
                        .matcher(line.trim());
                if (m.matches()) {
                    assertEquals(null, config.put(m.group(1), m.group(2)), "label " + m.group(1) + " twice");
                } else {
                    assertTrue(line.isBlank() || line.startsWith("#"), line);
                }
            }
        }
        java.util.Map<String, String> commands = new java.util.TreeMap<>();
        for (CommandInfo info : IJ1Bridge.context().service(CommandService.class).getCommands()) {
            if (info.getClassName().startsWith("org.dinoscope.fiji.")) {
                commands.put(info.getLabel(), info.getClassName());
                assertEquals(List.of("Plugins", "DINOscope", info.getLabel()),
                        info.getMenuPath().stream().map(org.scijava.MenuEntry::getName).toList());
                for (var item : info.inputs()) {
                    assertTrue(item.getName().matches("[a-z][a-z0-9_]*"), info.getLabel() + ": " + item.getName());
                }
            }
        }
        assertEquals(commands, config);
        assertTrue(commands.keySet().containsAll(List.of("Normalize Profiles...", "Evaluate Profiles...",
                "Profile Map (UMAP)", "Similarity Heatmap")), commands.toString());
    }
}
