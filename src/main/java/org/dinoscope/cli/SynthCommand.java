package org.dinoscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dinoscope synth}: Cell Painting-like plates with known mechanisms of action. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write synthetic Cell Painting plates (5 channels: DNA, ER, RNA, AGP, Mito) whose cells follow "
                + "10 mechanisms of action and DMSO controls, 2 compounds each at several doses, "
                + "over plates in batches with batch effects, in the ImageXpress layout with platemap.csv, "
                + "channels.txt and synth.json. Deterministic for a seed; rerun to complete an interrupted run.",
                "Embed them with: dinoscope embed --layout DIR --pattern imagexpress "
                        + "--channel-map " + SyntheticPlates.CHANNEL_MAP + " --platemap DIR/platemap.csv ..."})
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plates", defaultValue = "2", description = "Plates (default: ${DEFAULT-VALUE}).")
    int plates;

    @Option(names = "--batches", defaultValue = "2", description = "Batches; plate i is in batch i mod N (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--fields", defaultValue = "2", description = "Fields per well (default: ${DEFAULT-VALUE}).")
    int fields;

    @Option(names = "--size", defaultValue = "224", description = "Field size in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--doses", split = ",", defaultValue = "0.3,1,3", description = "Doses in µM (default: ${DEFAULT-VALUE}).")
    List<Double> doses;

    @Option(names = "--dmso-wells", defaultValue = "6", description = "DMSO wells per plate (default: ${DEFAULT-VALUE}).")
    int dmsoWells;

    @Option(names = "--threads", defaultValue = "2", description = "Threads painting fields (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        SynthOptions o = new SynthOptions(seed, plates, batches, fields, size, doses, dmsoWells);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), "fields");
        long t0 = System.nanoTime();
        int painted = SyntheticPlates.generate(out, o, threads, progress);
        progress.finish();
        int wells = SyntheticPlates.design(o).size();
        spec.commandLine().getOut().printf("%d plates, %d wells, %d fields in %s (%d painted now, %.1f s)%n",
                plates, wells, wells * fields, out, painted, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
