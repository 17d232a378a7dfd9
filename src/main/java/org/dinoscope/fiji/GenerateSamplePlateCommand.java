package org.dinoscope.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.dinoscope.synth.FieldPainter;
import org.dinoscope.synth.SynthOptions;
import org.dinoscope.synth.SyntheticPlates;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > DINOscope > Generate Sample Plate...: synthetic Cell Painting plates with known mechanisms of action
 * (as {@code dinoscope synth}), in the ImageXpress layout with platemap.csv, ready for Embed Plate...; Esc
 * cancels and a rerun completes the set. Optionally opens the first field as a 5-channel composite.
 */
@Plugin(type = Command.class, label = "Generate Sample Plate...", menuPath = "Plugins>DINOscope>Generate Sample Plate...")
public class GenerateSamplePlateCommand implements Command {
    @Parameter(label = "Output", style = "directory")
    File out;

    @Parameter(label = "Seed")
    long seed = 1;

    @Parameter(label = "Plates", min = "1")
    int plates = 2;

    @Parameter(label = "Batches", min = "1", description = "plate i is in batch i mod batches")
    int batches = 2;

    @Parameter(label = "Fields", min = "1", description = "fields per well")
    int fields = 2;

    @Parameter(label = "Size", min = "32", description = "field width and height, pixels")
    int size = 224;

    @Parameter(label = "Doses", description = "µM, comma-separated")
    String doses = "0.3,1,3";

    @Parameter(label = "DMSO wells", min = "1")
    int dmso_wells = 6;

    @Parameter(label = "Threads", min = "1")
    int threads = 2;

    @Parameter(label = "Show field", description = "open the first field as a composite")
    boolean show_field;

    @Parameter(type = ItemIO.OUTPUT)
    String summary;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus field;

    @Override
    public void run() {
        try {
            if (out == null || out.getPath().isBlank()) {
                throw new IllegalArgumentException("no output folder (out=...)");
            }
            if (out.isFile()) {
                throw new IllegalArgumentException("out=" + out + " is a file, not a folder");
            }
            List<Double> d = new ArrayList<>();
            for (String s : doses.split(",")) {
                try {
                    d.add(Double.parseDouble(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("doses=" + doses + ": '" + s.trim() + "' is not a number");
                }
            }
            SynthOptions o = new SynthOptions(seed, plates, batches, fields, size, d, dmso_wells);
            int painted = SyntheticPlates.generate(out.toPath(), o, threads, Fiji.progress("fields"));
            int wells = SyntheticPlates.design(o).size();
            summary = IJ.escapePressed() ? "cancelled; run again with the same parameters to complete the plates in "
                    + out
                    : String.format("%d plates, %d wells, %d fields in %s (%d painted now); embed them with "
                    + "Embed Plate... pattern=imagexpress channel_map=[%s] platemap=[%s]", plates, wells,
                    wells * fields, out, painted, SyntheticPlates.CHANNEL_MAP, new File(out, "platemap.csv"));
            Fiji.done("Generate Sample Plate", summary);
            if (show_field) {
                field = firstField(o);
                if (!GraphicsEnvironment.isHeadless()) {
                    field.show();
                }
            }
        } catch (Exception e) {
            Fiji.fail("Generate Sample Plate", e);
        }
    }

    /** Site 1 of the first well, its channels named (slice labels) as Embed Image and Attention Map read them. */
    private ImagePlus firstField(SynthOptions o) {
        var well = SyntheticPlates.design(o).get(0);
        List<Path> files = new ArrayList<>();
        for (int c = 1; c <= FieldPainter.CHANNELS.length; c++) {
            files.add(SyntheticPlates.imageFile(out.toPath(), well, 1, c));
        }
        return ProfileFields.open(well.plate() + "_" + well.well() + "_s1", files, List.of(FieldPainter.CHANNELS));
    }
}
