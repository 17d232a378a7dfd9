package org.dinoscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dinoscope.plate.ChannelMap;
import org.dinoscope.plate.FilePattern;
import org.dinoscope.plate.LoadData;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.plate.Platemap;

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
        PlateLayout l;
        if (Files.isDirectory(layout)) {
            l = FilePattern.scan(layout, pattern, ChannelMap.parse(channelMap));
        } else if (Files.isRegularFile(layout)) {
            if (channelMap != null) {
                throw new IllegalArgumentException("--channel-map applies to a folder layout; a load_data CSV names "
                        + "its channels in its FileName_Orig<Channel> columns");
            }
            l = LoadData.read(layout);
        } else {
            throw new IOException(layout + ": no such load_data CSV or folder");
        }
        if (platemap != null) {
            Platemap.Joined j = Platemap.join(l, platemap);
            if (j.unmatched() > 0) {
                err.printf("dinoscope: %d of %d fields have no row in %s%n", j.unmatched(), l.fields().size(), platemap);
            }
            l = j.layout();
        }
        return l;
    }
}
