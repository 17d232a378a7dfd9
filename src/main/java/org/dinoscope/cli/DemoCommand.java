package org.dinoscope.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.google.gson.JsonObject;

import org.dinoscope.embed.EmbedOptions;
import org.dinoscope.embed.PlateEmbedder;
import org.dinoscope.eval.Clustering;
import org.dinoscope.eval.Evaluation;
import org.dinoscope.eval.NearestNeighbour;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.profile.Standardize;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;
import org.dinoscope.viz.ChannelAttribution;
import org.dinoscope.viz.Charts;
import org.dinoscope.viz.Plots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dinoscope demo}: the main job on a fresh machine. Makes (or reuses) the sample plate set,
 * embeds it with the default model, and writes profiles and a short report with a PCA plot.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Make (or reuse) the synthetic sample plates in sample-data/generated, embed them with the "
                + "default model, and write profiles and a report (Markdown + PNG) to --out.",
                "The default model is 'demo', the embedded small ViT trained with dinoscope train on real "
                        + "fluorescence fields and synthetic plates of other seeds (docs/models.md); --model random gives "
                        + "the untrained baseline. The report says which model ran."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "dinoscope-demo", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the sample plates are made (default: sample-data/generated in the DINOscope folder).")
    Path data;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("dinoscope.home", "."));
        Path plates = data != null ? data : home.resolve("sample-data").resolve("generated");
        SynthOptions synth = SynthOptions.defaults(1);
        ConsoleProgress progress = new ConsoleProgress(err, "fields");
        int painted = SyntheticPlates.generate(plates, synth, 2, progress);
        progress.finish();
        o.printf("sample plates: %s (%s)%n", plates, painted > 0 ? painted + " fields painted" : "reused");

        PlateLayout layout = Layouts.open(plates, "imagexpress", SyntheticPlates.CHANNEL_MAP,
                plates.resolve("platemap.csv"), w -> err.println("dinoscope: " + w));
        EmbedOptions options = EmbedOptions.defaults();
        PlateEmbedder.Options po = new PlateEmbedder.Options(options, false, Double.NaN, Profiles.Combine.MEAN,
                1, ".csv");
        Path profiles = out.resolve("profiles");
        PlateEmbedder.Result r;
        String modelDescription;
        if (!spec.commandLine().getParseResult().hasMatchedOption("--model")) {
            model.preset = "demo"; // the demo's default; embed and the others keep their own
        }
        try (LoadedModel m = model.load()) {
            modelDescription = m.preset().id() + (m.checkpoints().isEmpty() ? " (seeded random ViT-S/16, seed "
                    + m.spec().seed() + ")" : " (" + m.checkpoints().get(0).file().getFileName() + ")");
            ConsoleProgress embedProgress = new ConsoleProgress(err, "fields");
            r = new PlateEmbedder(m, po).run(layout, profiles, embedProgress);
            embedProgress.finish();
        }
        if (!r.failures().isEmpty()) {
            err.printf("dinoscope: %d fields failed; see %s%n", r.failures().size(), r.failureTable());
        }

        ProfileTable wells = r.wells();
        List<String> notes = new ArrayList<>();
        boolean[] dmso = new boolean[wells.rows()];
        for (int i = 0; i < dmso.length; i++) {
            dmso[i] = "DMSO".equals(wells.metadata(i, "Metadata_Compound"));
        }
        ProfileTable normalised = new Standardize("Metadata_Plate").apply(wells, dmso, dmso, notes::add);
        normalised.write(out.resolve("wells_standardized.csv"));
        List<String> treatment = List.of("Metadata_Compound", "Metadata_Concentration");
        List<String> perBatch = List.of("Metadata_Compound", "Metadata_Concentration", "Metadata_Batch");
        Evaluation.Result ev = Evaluation.run(normalised, Evaluation.Options.defaults()
                .withBatch("Metadata_Batch").withSource(null).withAggregation(perBatch, Profiles.Combine.MEAN)
                .withReplicateBy(treatment).withMapNegatives("controls").withNull(1000, 0), notes::add);
        ev.evaluated().write(out.resolve("treatment_profiles.csv"));
        ev.writeReport(out.resolve("evaluation.json"));
        Path pca = out.resolve("pca.png");
        Path heatmap = out.resolve("similarity.png");
        for (Plots.Kind kind : List.of(Plots.Kind.PCA, Plots.Kind.HEATMAP)) {
            Plots.Plot p = Plots.draw(ev.evaluated(), new Plots.Options(kind, "Metadata_moa", perBatch, List.of(),
                    Profiles.Combine.MEAN, "Metadata_Compound", "DMSO", true, 15, 0.1, 0, Clustering.Method.COMPLETE,
                    ChannelAttribution.DEFAULT_PATTERN, 100, (kind == Plots.Kind.PCA ? "Treatment profiles, PCA ("
                            : "Treatment similarity (") + modelDescription + ")"), notes::add);
            int side = kind == Plots.Kind.HEATMAP ? Math.min(4000, 300 + 11 * p.rows().rows()) : 700;
            Charts.savePng(p.chart(), kind == Plots.Kind.PCA ? pca : heatmap, kind == Plots.Kind.PCA ? 1000 : side + 150,
                    side);
        }
        NearestNeighbour.Accuracy nsc = ev.accuracies().get("nsc");
        NearestNeighbour.Accuracy nscb = ev.accuracies().get("nscb");
        JsonObject map = ev.report().getAsJsonObject("map");

        double seconds = (System.nanoTime() - t0) / 1e9;
        String report = report(modelDescription, layout, r, ev.evaluated().rows(), nsc, nscb, map, seconds);
        Path md = out.resolve("report.md");
        Files.writeString(md, report, StandardCharsets.UTF_8);
        o.printf("NSC %.3f (n=%d), NSCB %.3f (n=%d), replicate mAP %.3f%n", nsc.accuracy(), nsc.n(), nscb.accuracy(),
                nscb.n(), map.get("mean_average_precision").getAsDouble());
        o.println("report:   " + md.toAbsolutePath());
        o.println("plots:    " + pca.toAbsolutePath() + ", " + heatmap.toAbsolutePath());
        o.println("profiles: " + r.fieldTable().toAbsolutePath() + ", " + r.wellTable().toAbsolutePath());
        o.printf("done in %.0f s%n", seconds);
        return r.failures().isEmpty() ? 0 : 1;
    }

    private static String report(String model, PlateLayout layout, PlateEmbedder.Result r, int treatments,
                                 NearestNeighbour.Accuracy nsc, NearestNeighbour.Accuracy nscb, JsonObject map,
                                 double seconds) {
        StringBuilder s = new StringBuilder();
        s.append("# DINOscope demo report\n\n");
        s.append("Model: **").append(model).append("**.");
        if (model.startsWith("demo")) {
            s.append(" The embedded default model: a small ViT (dim 192, 6 blocks, patch 16) trained with "
                    + "`dinoscope train` (DINO, batch norm in the head, 2000 steps) on 172 real fluorescence fields "
                    + "and synthetic plates of other seeds, each channel scaled by its own 1st and 99.9th percentiles; "
                    + "docs/models.md has the command, its sources and its evaluation on real and held-out images.");
        } else if (model.startsWith("random")) {
            s.append(" The `random` preset: a ViT-S/16 with seeded random weights, the baseline that shows how "
                    + "much a random projection keeps.");
        }
        s.append("\n\n## Data\n\n");
        s.append(String.format("Synthetic Cell Painting plates (docs/synthetic-data.md): %d plates, %d wells, %d fields, "
                + "channels %s; %d mechanisms of action plus DMSO, 2 compounds each at 3 doses, 2 batches.%n%n",
                layout.plates().size(), layout.wells().size(), layout.fields().size(), String.join(", ", layout.channels()),
                10));
        s.append(String.format("Embedded %d fields (%d failed) in %.0f s; network busy %.0f %% of the embedding time.%n%n",
                r.fields() - r.failures().size(), r.failures().size(), r.timing().wallSeconds(),
                100 * r.timing().networkBusy()));
        s.append("## Profiles\n\n");
        s.append("- `profiles/fields.csv`: one row per field; `profiles/wells.csv`: mean of the well's fields.\n");
        s.append("- `wells_standardized.csv`: wells standardised per plate against the plate's DMSO wells.\n");
        s.append("- `treatment_profiles.csv`: those averaged per compound, concentration and batch (DMSO dropped): ")
                .append(treatments).append(" profiles.\n");
        s.append("- `evaluation.json`: every metric (`dinoscope evaluate` computes the same on any table).\n\n");
        s.append("## Does the nearest neighbour share the mechanism?\n\n");
        s.append("Cosine similarity between treatment profiles; the neighbour must be another compound (NSC), and "
                + "also from another batch (NSCB).\n\n");
        s.append("| metric | accuracy | queries | chance (1 / mechanisms) |\n|---|---:|---:|---:|\n");
        s.append(String.format("| NSC | %.3f | %d | 0.100 |%n", nsc.accuracy(), nsc.n()));
        s.append(String.format("| NSCB | %.3f | %d | 0.100 |%n%n", nscb.accuracy(), nscb.n()));
        s.append("## Do replicates retrieve each other?\n\n");
        s.append(String.format("Each treated well ranks the other wells of its treatment (the other plate) against the DMSO "
                + "wells by cosine similarity; mean average precision (copairs) over %d treatments: **%.3f**; "
                + "%.0f %% of treatments are retrieved significantly (permutation test, BH-corrected p < 0.05).%n%n",
                map.getAsJsonArray("groups").size(), map.get("mean_average_precision").getAsDouble(),
                100 * map.get("fraction_retrieved").getAsDouble()));
        s.append("## PCA of the treatment profiles\n\n![PCA](pca.png)\n\n");
        s.append("## Clustered similarity of the treatment profiles\n\n![similarity](similarity.png)\n\n");
        s.append(String.format("Total time: %.0f s.%n", seconds));
        return s.toString();
    }
}
