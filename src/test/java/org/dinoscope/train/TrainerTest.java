package org.dinoscope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dinoscope.ProgressListener;
import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.FieldEmbedder;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.model.Scaling;
import org.dinoscope.model.checkpoint.Checkpoint;
import org.dinoscope.model.checkpoint.SafetensorsFile;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.plate.FieldLoader;
import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;

/** Whole training runs on a tiny synthetic plate: outputs, embed reads the model, exact resume, cancel, WS-DINO draws. */
class TrainerTest {
    @TempDir
    static Path tmp;
    static PlateLayout layout;

    @BeforeAll
    static void plate() throws IOException {
        Path dir = tmp.resolve("plate");
        SyntheticPlates.generate(dir, new SynthOptions(3, 1, 1, 2, 96, List.of(1.0), 2), 2, ProgressListener.NONE);
        layout = Layouts.open(dir, "imagexpress", SyntheticPlates.CHANNEL_MAP, dir.resolve("platemap.csv"), w -> { });
    }

    static TrainOptions tiny(int steps) {
        TrainOptions o = org.dinoscope.testutil.TinyTraining.options(steps, 2);
        o.lr = 1e-3;
        o.checkpointEvery = 2;
        o.seed = 7;
        return o;
    }

    @Test
    void aRunLeavesAModelEmbedReadsACheckpointALossCurve() throws Exception {
        Path out = tmp.resolve("run");
        List<Integer> seen = new java.util.ArrayList<>();
        List<String> curves = new java.util.ArrayList<>();
        Trainer.Result r = Trainer.run(tiny(3), layout, out, ProgressListener.NONE, new Trainer.StepListener() {
            @Override
            public void step(String network, int step, int total, double loss, double lr) {
                seen.add(step);
            }

            @Override
            public void saved(String network, Path dir, int[] steps, double[] losses) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < steps.length; i++) {
                    sb.append(String.format(java.util.Locale.ROOT, "%d,%.6f;", steps[i], losses[i]));
                }
                curves.add(sb.toString());
            }
        });
        assertEquals(List.of(0, 1, 2), seen);
        assertEquals(3, r.steps());
        assertFalse(r.cancelled());
        assertTrue(Double.isFinite(r.lastLoss()) && r.lastLoss() > 0);
        List<String> csv = Files.readAllLines(out.resolve(Trainer.LOSS_CSV));
        assertEquals(4, csv.size());
        assertTrue(csv.get(0).startsWith("step,loss,lr"));
        // at each checkpoint (steps 2 and 3), the listener gets the curve loss.csv holds: the CLI and Fiji draw it
        StringBuilder fromCsv = new StringBuilder();
        csv.subList(1, 4).forEach(l -> fromCsv.append(l.split(",")[0]).append(',').append(l.split(",")[1]).append(';'));
        assertEquals(2, curves.size(), curves.toString());
        assertEquals(fromCsv.toString(), curves.get(1));
        assertTrue(fromCsv.toString().startsWith(curves.get(0)), curves.toString());
        assertEquals("3", SafetensorsFile.metadata(out.resolve(Trainer.CHECKPOINT)).get("step"));
        // the starting point is kept, and training moved away from it
        float[] before = Checkpoint.read(out.resolve(Trainer.INIT)).tensors().get("blocks.0.mlp.fc1.weight").data();
        float[] after = Checkpoint.read(out.resolve(Trainer.MODEL)).tensors().get("blocks.0.mlp.fc1.weight").data();
        assertEquals(before.length, after.length);
        assertFalse(java.util.Arrays.equals(before, after));

        // the full checkpoint reads as a DINO training checkpoint (teacher), the model file as a plain state dict
        Checkpoint ck = Checkpoint.read(out.resolve(Trainer.CHECKPOINT));
        assertEquals("DINO training checkpoint (teacher)", ck.layout());
        Checkpoint model = Checkpoint.read(out.resolve(Trainer.MODEL));
        assertArrayEquals(model.tensors().get("pos_embed").data(), ck.tensors().get("pos_embed").data());
        assertTrue(ck.ignored().stream().anyMatch(s -> s.startsWith("student")));

        // embed uses it with the preset it was trained for: 64 features per channel
        try (LoadedModel m = LoadedModel.load(ModelSpec.of(Preset.DEMO, out.resolve(Trainer.MODEL)), Device.cpu())) {
            FieldEmbedder fe = new FieldEmbedder(m, new EmbedOptions(16, null, EmbedOptions.SmallField.RESIZE, "DNA"));
            var e = fe.embed(FieldLoader.load(layout.fields().get(0), layout.channels()), layout.channels());
            assertEquals(64 * 5, e.vector().length);
            assertEquals(Scaling.PERCENTILE, m.scaling(), "the demo preset's scaling");
        }
    }

    /** A model records the scaling it was trained with, and embed uses it unless the user chooses another. */
    @Test
    void theModelRecordsItsInputScalingAndEmbedUsesIt() throws Exception {
        TrainOptions o = tiny(1);
        o.scaling = "dtype-max";
        Path out = tmp.resolve("scaled");
        Trainer.run(o, layout, out, ProgressListener.NONE, Trainer.StepListener.NONE);
        Path model = out.resolve(Trainer.MODEL);
        assertEquals("dtype-max", SafetensorsFile.metadata(model).get(LoadedModel.SCALING_KEY));
        try (LoadedModel m = LoadedModel.load(ModelSpec.of(Preset.DEMO, model), Device.cpu())) {
            assertEquals(Scaling.DTYPE_MAX, m.scaling());
        }
        try (LoadedModel m = LoadedModel.load(new ModelSpec(Preset.DEMO, List.of(model), null, 0L, Scaling.PERCENTILE),
                Device.cpu())) {
            assertEquals(Scaling.PERCENTILE, m.scaling());
        }
        TrainOptions wrong = tiny(1);
        wrong.scaling = "fancy";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wrong::validate);
        assertTrue(e.getMessage().contains("fancy") && e.getMessage().contains("percentile"), e.getMessage());
    }

    /**
     * Register tokens added to weights without them: the run starts from those weights plus registers, trains the
     * registers, and leaves a model that embed reads with them; the same count again is accepted, another refused.
     */
    @Test
    void registersAddedToInitialWeightsAreTrainedAndKeptInTheModel() throws Exception {
        Path first = tmp.resolve("plain");
        Trainer.run(tiny(1), layout, first, ProgressListener.NONE, Trainer.StepListener.NONE);
        TrainOptions o = tiny(2);
        o.init = first.resolve(Trainer.MODEL).toString();
        o.registers = 2;
        Path out = tmp.resolve("registers");
        Trainer.run(o, layout, out, ProgressListener.NONE, Trainer.StepListener.NONE);
        float[] start = Checkpoint.read(out.resolve(Trainer.INIT)).tensors().get("register_tokens").data();
        float[] end = Checkpoint.read(out.resolve(Trainer.MODEL)).tensors().get("register_tokens").data();
        assertEquals(2 * 64, start.length);
        assertFalse(java.util.Arrays.equals(start, end), "the registers were trained");
        assertArrayEquals(org.dinoscope.model.RandomWeights.registerTokens(2, 64, 7).data(), start);
        try (LoadedModel m = LoadedModel.load(ModelSpec.of(Preset.DEMO, out.resolve(Trainer.MODEL)), Device.cpu())) {
            assertEquals(2, m.network(0).architecture().registers());
            FieldEmbedder fe = new FieldEmbedder(m, new EmbedOptions(16, null, EmbedOptions.SmallField.RESIZE, "DNA"));
            var e = fe.embed(FieldLoader.load(layout.fields().get(0), layout.channels()), layout.channels());
            assertEquals(64 * 5, e.vector().length);
        }
        TrainOptions again = tiny(1);
        again.init = out.resolve(Trainer.MODEL).toString();
        again.registers = 3;
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Trainer.run(again, layout,
                tmp.resolve("three"), ProgressListener.NONE, Trainer.StepListener.NONE));
        assertTrue(ex.getMessage().endsWith("has 2 register tokens; --registers 3 cannot change them (leave "
                + "--registers out to keep them)"), ex.getMessage());
    }

    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws Exception {
        Path straight = tmp.resolve("straight");
        Trainer.run(tiny(4), layout, straight, ProgressListener.NONE, Trainer.StepListener.NONE);

        Path resumed = tmp.resolve("resumed");
        int[] calls = {0};
        ProgressListener cancelAfterTwo = new ProgressListener() {
            int done;

            @Override
            public void progress(long d, long total, String message) {
                done = (int) d;
            }

            @Override
            public boolean isCancelled() {
                calls[0]++;
                return done >= 2;
            }
        };
        Trainer.Result first = Trainer.run(tiny(4), layout, resumed, cancelAfterTwo, Trainer.StepListener.NONE);
        assertTrue(first.cancelled());
        assertEquals(2, first.steps());
        assertEquals("2", SafetensorsFile.metadata(resumed.resolve(Trainer.CHECKPOINT)).get("step"));
        Trainer.Result second = Trainer.run(tiny(4), layout, resumed, ProgressListener.NONE, Trainer.StepListener.NONE);
        assertEquals(4, second.steps());

        Map<String, Tensor> a = SafetensorsFile.readTensors(straight.resolve(Trainer.CHECKPOINT));
        Map<String, Tensor> b = SafetensorsFile.readTensors(resumed.resolve(Trainer.CHECKPOINT));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
        }
        assertEquals(column(straight, 1), column(resumed, 1));
    }

    /** Crops of a step with a NaN in them: the step's loss is not finite. */
    static Crops poisoned(Crops c) {
        float[] g = c.globals().clone();
        g[0] = Float.NaN;
        return new Crops(c.batch(), c.channels(), c.globalSize(), g, c.localCount(), c.localSize(), c.locals());
    }

    @Test
    void aFailedStepIsRedoneFromTheLastCheckpointAndTheRunEndsAsAnUninterruptedOne() throws Exception {
        Path straight = tmp.resolve("straight-f");
        Trainer.run(tiny(5), layout, straight, ProgressListener.NONE, Trainer.StepListener.NONE);
        // step 3 fails once (after the checkpoint at step 2), step 0 once (before any checkpoint)
        for (int failing : new int[] {3, 0}) {
            Path out = tmp.resolve("failing-" + failing);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            List<String> messages = new java.util.ArrayList<>();
            ProgressListener log = (d, total, message) -> messages.add(message);
            Trainer.Result r = Trainer.run(tiny(5), layout, out, log, Trainer.StepListener.NONE,
                    (step, c) -> step == failing && seen.add(step) ? poisoned(c) : c);
            assertEquals(5, r.steps());
            assertTrue(messages.stream().anyMatch(m -> m.contains("step " + failing + " was not kept (loss NaN; "
                    + "crops NOT finite")), String.join("\n", messages));
            Map<String, Tensor> a = SafetensorsFile.readTensors(straight.resolve(Trainer.CHECKPOINT));
            Map<String, Tensor> b = SafetensorsFile.readTensors(out.resolve(Trainer.CHECKPOINT));
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
            }
            assertEquals(column(straight, 1), column(out, 1));
        }
    }

    @Test
    void aStepThatKeepsFailingStopsTheRunAndKeepsTheCheckpoint() throws Exception {
        Path out = tmp.resolve("diverged");
        IOException e = assertThrows(IOException.class, () -> Trainer.run(tiny(5), layout, out,
                ProgressListener.NONE, Trainer.StepListener.NONE, (step, c) -> step == 3 ? poisoned(c) : c));
        assertTrue(e.getMessage().contains("step 3 failed 3 times") && e.getMessage().contains(out.toString()),
                e.getMessage());
        assertEquals("2", SafetensorsFile.metadata(out.resolve(Trainer.CHECKPOINT)).get("step"));
    }

    static List<String> column(Path run, int col) throws IOException {
        return Files.readAllLines(run.resolve(Trainer.LOSS_CSV)).stream().map(l -> l.split(",")[col]).toList();
    }

    @Test
    void otherOptionsDoNotSilentlyContinueAnOldRun() throws Exception {
        Path out = tmp.resolve("changed");
        Trainer.run(tiny(2), layout, out, ProgressListener.NONE, Trainer.StepListener.NONE);
        TrainOptions other = tiny(2);
        other.lr = 2e-3;
        IOException e = assertThrows(IOException.class,
                () -> Trainer.run(other, layout, out, ProgressListener.NONE, Trainer.StepListener.NONE));
        assertTrue(e.getMessage().contains(out.resolve(Trainer.CHECKPOINT).toString()), e.getMessage());
    }

    @Test
    void perChannelModeTrainsOneNetworkPerChannel() throws Exception {
        TrainOptions o = tiny(1);
        o.mode = TrainOptions.Mode.PER_CHANNEL;
        Trainer.Result r = Trainer.run(o, layout, tmp.resolve("per"), ProgressListener.NONE, Trainer.StepListener.NONE);
        assertEquals(5, r.models().size());
        assertEquals(tmp.resolve("per").resolve("DNA").resolve(Trainer.MODEL), r.models().get(0));
        for (Path p : r.models()) {
            assertTrue(Files.exists(p), p.toString());
        }
        TrainOptions multi = tiny(1);
        multi.mode = TrainOptions.Mode.MULTI_CHANNEL;
        multi.preset = "random"; // no per-channel normalisation constants, so any channel count
        Path out = tmp.resolve("multi");
        Trainer.run(multi, layout, out, ProgressListener.NONE, Trainer.StepListener.NONE);
        assertEquals(5, Checkpoint.read(out.resolve(Trainer.MODEL)).tensors().get("patch_embed.proj.weight").shape()[1]);
    }

    @Test
    void weakLabelDrawsPairsOfOneLabelWithLabelsBalanced() throws Exception {
        FieldPool pool = new FieldPool(layout, Preset.DEMO.scaling(), "Metadata_Compound");
        assertTrue(pool.labelCount() > 2);
        Map<String, Integer> perLabel = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(3);
        int draws = 4000;
        int distinct = 0;
        for (int i = 0; i < draws; i++) {
            FieldPool.Sample s = pool.draw(rng);
            String a = pool.spec(s.globalField()).metadata().get("Metadata_Compound");
            assertEquals(a, pool.spec(s.localField()).metadata().get("Metadata_Compound"));
            perLabel.merge(a, 1, Integer::sum);
            if (s.globalField() != s.localField()) {
                distinct++;
            }
        }
        // DMSO has many more wells than any compound, yet every label is drawn about equally often
        double expected = (double) draws / pool.labelCount();
        for (Map.Entry<String, Integer> e : perLabel.entrySet()) {
            assertEquals(expected, e.getValue(), 5 * Math.sqrt(expected), e.getKey());
        }
        assertTrue(distinct > draws / 3, "pairs of two images: " + distinct);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new FieldPool(layout, Preset.DEMO.scaling(), "Metadata_Nope"));
        assertTrue(bad.getMessage().contains("Metadata_Nope"));
    }

    @Test
    void excludedFieldsAreNeverDrawn() throws Exception {
        FieldPool all = new FieldPool(layout, Preset.DEMO.scaling(), "Metadata_Compound");
        FieldPool treated = new FieldPool(layout, Preset.DEMO.scaling(), "Metadata_Compound", "Metadata_Compound=DMSO");
        long dmso = layout.fields().stream().filter(f -> "DMSO".equals(f.metadata().get("Metadata_Compound"))).count();
        assertTrue(dmso > 0);
        assertEquals(all.size() - dmso, treated.size());
        assertEquals(dmso, treated.excludedCount());
        assertEquals(all.labelCount() - 1, treated.labelCount());
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            FieldPool.Sample s = treated.draw(rng);
            assertFalse("DMSO".equals(treated.spec(s.globalField()).metadata().get("Metadata_Compound")));
            assertFalse("DMSO".equals(treated.spec(s.localField()).metadata().get("Metadata_Compound")));
        }
        // two conditions on one column: both values go
        String other = treated.spec(0).metadata().get("Metadata_Compound");
        FieldPool fewer = new FieldPool(layout, Preset.DEMO.scaling(), null, "Metadata_Compound=DMSO, Metadata_Compound=" + other);
        assertTrue(fewer.size() < treated.size());
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> new FieldPool(layout, Preset.DEMO.scaling(), null, "Metadata_Nope=DMSO"));
        assertTrue(column.getMessage().contains("Metadata_Nope") && column.getMessage().contains("Metadata_Compound"),
                column.getMessage());
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> new FieldPool(layout, Preset.DEMO.scaling(), null, "DMSO"));
        assertTrue(syntax.getMessage().contains("COLUMN=VALUE"), syntax.getMessage());
    }

    @Test
    void schedulesAreDinosCosineScheduler() {
        // numpy, DINO's utils.cosine_scheduler(0.1, 0.01, 1, 10) and (5e-4, 1e-6, 10, 1, warmup_epochs=3)
        double[] a = {0.1, 0.09779754323328192, 0.09140576474687263, 0.08145033635316129, 0.06890576474687264,
            0.05500000000000001, 0.041094235253127366, 0.028549663646838724, 0.018594235253127367,
            0.012202456766718087};
        double[] b = {0.0, 0.00025, 0.0005, 0.0005, 0.00047529173254165356, 0.000406060705563754,
            0.0003060189730221005, 0.00019498102697789956, 9.493929443624602e-05, 2.570826745834645e-05};
        for (int i = 0; i < 10; i++) {
            assertEquals(a[i], Schedule.cosine(0.1, 0.01, 10, 0).at(i), 1e-15);
            assertEquals(b[i], Schedule.cosine(5e-4, 1e-6, 10, 3).at(i), 1e-15);
        }
        // teacher temperature: np.linspace(0.04, 0.07, 3) then 0.07
        Schedule t = Schedule.linearThenFlat(0.04, 0.07, 10, 3);
        assertEquals(0.055, t.at(1), 1e-15);
        assertEquals(0.07, t.at(2), 1e-15);
        assertEquals(0.07, t.at(9), 1e-15);
    }
}
