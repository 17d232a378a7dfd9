package org.dinoscope.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dinoscope layout}: what a plate layout holds, before embedding it. */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = "Print the plates, wells, fields and channels a layout describes, and every field with a "
                + "missing channel.")
public final class LayoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LayoutOptions layout;

    @Option(names = "--list", description = "Also list every field with its files.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!layout.given()) {
            throw new IllegalArgumentException("--layout is required");
        }
        PlateLayout l = layout.read(spec.commandLine().getErr());
        out.println("layout:   " + l.source());
        out.println("channels: " + String.join(", ", l.channels()));
        Map<String, int[]> perPlate = new TreeMap<>();
        for (FieldSpec f : l.fields()) {
            perPlate.computeIfAbsent(f.plate(), k -> new int[1])[0]++;
        }
        out.printf("plates:   %d%nwells:    %d%nfields:   %d%n", l.plates().size(), l.wells().size(), l.fields().size());
        perPlate.forEach((p, n) -> out.printf("  %s: %d fields%n", p, n[0]));
        out.println("metadata: " + String.join(", ", l.metadataColumns()));
        var incomplete = l.incomplete();
        out.println("fields with a missing channel: " + incomplete.size());
        for (FieldSpec f : incomplete) {
            out.println("  " + f.key() + ": missing " + String.join(", ",
                    f.missingChannels().stream().map(l.channels()::get).toList()));
        }
        if (list) {
            for (FieldSpec f : l.fields()) {
                out.println(f.key() + "\t" + f.channelFiles());
            }
        }
        return incomplete.isEmpty() ? 0 : 2;
    }
}
