package org.dinoscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dinoscope.ProgressListener;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;

/** {@code dinoscope train} end to end: a WS-DINO run, its model embedded, its checkpoint described, bad input named. */
class TrainCliTest {
    @TempDir
    Path dir;

    @Test
    void trainThenEmbedWithTheModelThenInfoOnTheCheckpoint() throws Exception {
        Path plate = dir.resolve("plate");
        SyntheticPlates.generate(plate, new SynthOptions(4, 1, 1, 1, 224, List.of(1.0), 1), 2, ProgressListener.NONE);
        String[] layout = {"--layout", plate.toString(), "--pattern", "imagexpress", "--channel-map",
            SyntheticPlates.CHANNEL_MAP, "--platemap", plate.resolve("platemap.csv").toString()};
        Path out = dir.resolve("run");
        List<String> args = new java.util.ArrayList<>(List.of("train"));
        args.addAll(List.of(layout));
        args.addAll(List.of("--out", out.toString(), "--weak-label", "Metadata_Compound", "--dim", "64", "--depth",
                "1", "--patch", "16", "--global-size", "64", "--local-size", "32", "--local-crops", "2",
                "--batch-size", "2", "--out-dim", "16", "--hidden-dim", "16", "--bottleneck-dim", "8", "--steps", "2",
                "--device", "cpu"));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("trained after 2 steps"), r.out());
        assertTrue(r.out().contains("--model demo --weights " + out.resolve("model.safetensors")), r.out());
        assertTrue(r.err().contains("step 2/2, loss "), r.err());
        assertTrue(Files.size(out.resolve("loss.png")) > 1000, "the CLI draws the loss curve at each checkpoint");
        String loss = r.out().substring(r.out().indexOf("(last loss "), r.out().indexOf(")", r.out().indexOf("(last loss ")));

        // a rerun of the finished run trains nothing and reports the loss the checkpoint recorded
        r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("trained after 2 steps " + loss + ")"), r.out());

        List<String> embed = new java.util.ArrayList<>(List.of("embed"));
        embed.addAll(List.of(layout));
        embed.addAll(List.of("--model", "demo", "--weights", out.resolve("model.safetensors").toString(), "--out",
                dir.resolve("profiles").toString(), "--device", "cpu"));
        r = CliTest.run(embed.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        String header = Files.readAllLines(dir.resolve("profiles/wells.csv")).get(0);
        assertTrue(header.contains("DNA_63") && header.contains("Mito_0") && !header.contains("DNA_64"), header);

        r = CliTest.run("info", "--weights", out.resolve("checkpoint.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DINO training checkpoint (teacher)"), r.out());

        r = CliTest.run("train", "--layout", plate.toString(), "--channel-map", SyntheticPlates.CHANNEL_MAP, "--out",
                dir.resolve("bad").toString(), "--weak-label", "Metadata_Nope");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Metadata_Nope"), r.err());

        // the checkpoint is only continued on the data it was trained on: a re-acquired image is another run
        Path image;
        try (var files = Files.walk(plate)) {
            image = files.filter(f -> f.toString().endsWith(".tif")).sorted().findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(image, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(image).toMillis() + 60_000));
        r = CliTest.run(args.toArray(String[]::new));
        assertEquals(1, r.code());
        assertTrue(r.err().contains(out.resolve("checkpoint.safetensors") + " was written by a run on other data "
                + "(then: 21 fields of "), r.err());
        assertTrue(r.err().contains("rerun with the same --layout and files"), r.err());
    }

    @Test
    void zeroPatchOrHeadDimensionIsNamed() {
        for (String[] bad : List.of(new String[] {"--patch", "0", "--patch must be positive"},
                new String[] {"--out-dim", "0", "--out-dim must be positive"})) {
            CliTest.Result r = CliTest.run("train", "--layout", dir.toString(), "--out", dir.resolve("o").toString(),
                    bad[0], bad[1]);
            assertEquals(1, r.code(), bad[0]);
            assertTrue(r.err().contains(bad[2]), r.err());
        }
    }

    @Test
    void theEmbeddedDemoModelLoadsWithoutWeightsAndIsRecorded() throws Exception {
        Path plate = dir.resolve("plate");
        SyntheticPlates.generate(plate, new SynthOptions(4, 1, 1, 1, 224, List.of(1.0), 1), 2, ProgressListener.NONE);
        CliTest.Result r = CliTest.run("embed", "--layout", plate.toString(), "--pattern", "imagexpress",
                "--channel-map", SyntheticPlates.CHANNEL_MAP, "--model", "demo", "--out", dir.resolve("p").toString(),
                "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        String header = Files.readAllLines(dir.resolve("p/wells.csv")).get(0);
        assertTrue(header.contains("Mito_191") && !header.contains("Mito_192"), header); // dim 192, 5 channels
        String sidecar = Files.readString(dir.resolve("p/wells.csv.json"));
        // docs/models.md names this checksum: the model trained by scripts/train/default_model.sh
        assertTrue(sidecar.contains("534337821a167efb49b9c62d42073232e484c8a495df4738be147928f94cff32"), sidecar);
        // trained with percentile scaling, which the model records and embed applies
        assertTrue(sidecar.contains("\"scaling\": \"percentile\""), sidecar);
    }
}
