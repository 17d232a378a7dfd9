package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;

import picocli.CommandLine.Option;

/** Where a plate's images are: a load_data CSV, or a folder and a file-name pattern; plus a platemap. */
public final class LayoutOptions {
    @Option(names = "--layout", paramLabel = "CSV|DIR",
            description = "A load_data CSV (FileName_Orig<Ch>/PathName_Orig<Ch>, Metadata_Plate/Well/Site), "
                    + "or a folder of images named by --pattern.")
    Path layout;

    @Option(names = "--pattern", defaultValue = "imagexpress", paramLabel = "PRESET|REGEX",
            description = "File-name pattern for a folder: phenix, imagexpress, cellprofiler, or a regular "
                    + "expression with named groups plate (optional), well (or row and col), site, channel "
                    + "(default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--channel-map", paramLabel = "ID=NAME,...",
            description = "Instrument channel ids to names, in channel order, e.g. 1=DNA,2=ER,3=RNA,4=AGP,5=Mito.")
    String channelMap;

    @Option(names = "--platemap", paramLabel = "FILE",
            description = "Platemap/metadata table (CSV or TSV) joined on plate and well (or well alone).")
    Path platemap;

    boolean given() {
        return layout != null;
    }

    PlateLayout read(PrintWriter err) throws IOException {
        return Layouts.open(layout, pattern, channelMap, platemap, w -> err.println("dinoscope: " + w));
    }
}
