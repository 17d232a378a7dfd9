package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.model.VitArchitecture;
import org.dinoscope.model.checkpoint.Checkpoint;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dinoscope info [--weights FILE]}: what DINOscope sees in a checkpoint, and what runs the network (engine,
 * flavour, libtorch folder, device).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print what runs the network (engine, version, flavour, the libtorch folder, the device "
                + "'auto' picks) and, with --weights, what a checkpoint holds: format, layout, architecture, tensors "
                + "ignored.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE", description = "Checkpoint file.")
    Path weights;

    @Mixin
    LibtorchOption libtorch;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (default: embedding dim / 64).")
    Integer heads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (weights != null) {
            checkpoint(out);
        }
        EngineSetup.details(EngineSetup.device("auto"))
                .forEach((k, v) -> out.printf("%-30s %s%n", (k.equals("device") ? "device (auto)" : "engine "
                        + k.replace('_', ' ')) + ":", v));
        return 0;
    }

    private void checkpoint(PrintWriter out) throws IOException {
        Checkpoint ck = Checkpoint.read(weights);
        out.println("file:         " + ck.file());
        out.println("sha256:       " + ck.sha256());
        out.println("format:       " + ck.format());
        out.println("layout:       " + ck.layout());
        Map<String, Integer> dtypes = new TreeMap<>();
        for (Tensor t : ck.tensors().values()) {
            dtypes.merge(t.sourceDtype(), 1, Integer::sum);
        }
        out.println("tensors:      " + ck.tensors().size() + " " + dtypes);
        VitArchitecture arch = VitArchitecture.detect(ck.tensors(), heads, weights);
        out.println("architecture: " + arch.describe());
        out.printf("parameters:   %,d%n", arch.parameterCount());
        List<String> unused = arch.unusedKeys(ck.tensors());
        printList(out, "ignored by layout", ck.ignored());
        printList(out, "unused tensors", unused);
    }

    private static void printList(PrintWriter out, String label, List<String> items) {
        out.println(label + ": " + (items.isEmpty() ? "none" : items.size()));
        int shown = 0;
        for (String s : items) {
            if (shown++ == 20) {
                out.println("  ... and " + (items.size() - 20) + " more");
                break;
            }
            out.println("  " + s);
        }
    }
}
