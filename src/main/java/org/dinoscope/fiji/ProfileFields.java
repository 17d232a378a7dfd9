package org.dinoscope.fiji;

import java.util.ArrayList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

import org.dinoscope.embed.Provenance;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.viz.Plots;
import org.scijava.prefs.PrefService;

/**
 * From a profile row back to the images: the plate field a row stands for, found through the layout its
 * table's sidecar records, opened as a hyperstack with one channel per layout channel, with its attention
 * overlay from the model that embedded the table.
 */
final class ProfileFields {
    private ProfileFields() {
    }

    /**
     * The field behind row {@code row} of {@code drawn}: the first row of {@code table} (the table as read)
     * that agrees with it in every metadata column it has (the row itself; for an aggregate of wells, its first
     * well), then that row's plate, well and site (a well row: the well's first field).
     */
    static FieldSpec fieldOf(PlateLayout layout, ProfileTable table, ProfileTable drawn, int row) {
        int source = -1;
        for (int r = 0; r < table.rows() && source < 0; r++) {
            if (agrees(table, r, drawn, row)) {
                source = r;
            }
        }
        if (source < 0 || !table.hasColumn("Metadata_Well")
                || !table.hasColumn("Metadata_Plate") && layout.plates().size() != 1) {
            throw new IllegalArgumentException("the profile (" + Plots.describe(drawn, row)
                    + ") names no plate and well of the layout");
        }
        String plate = table.hasColumn("Metadata_Plate") ? table.metadata(source, "Metadata_Plate")
                : layout.plates().iterator().next();
        String well = table.metadata(source, "Metadata_Well");
        String site = table.hasColumn("Metadata_Site") ? table.metadata(source, "Metadata_Site") : null;
        FieldSpec f = layout.find(plate, well, site);
        if (f == null) {
            throw new IllegalArgumentException("no field " + plate + "/" + well + (site != null ? "/" + site : "")
                    + " in the layout " + layout.source());
        }
        return f;
    }

    private static boolean agrees(ProfileTable table, int r, ProfileTable drawn, int row) {
        for (String c : drawn.metadataColumns()) {
            if (table.hasColumn(c) && !table.metadata(r, c).equals(drawn.metadata(row, c))) {
                return false;
            }
        }
        return true;
    }

    /** A field's channel files as one image, a composite when there are several, planes labelled by channel. */
    static ImagePlus open(String title, List<Path> files, List<String> channels) {
        ImageStack stack = null;
        for (int c = 0; c < files.size(); c++) {
            if (files.get(c) == null) {
                throw new IllegalArgumentException(title + ": the layout has no file for channel " + channels.get(c));
            }
            ImagePlus plane = IJ.openImage(files.get(c).toString());
            if (plane == null) {
                throw new IllegalArgumentException("cannot open " + files.get(c));
            }
            stack = stack != null ? stack : new ImageStack(plane.getWidth(), plane.getHeight());
            if (plane.getWidth() != stack.getWidth() || plane.getHeight() != stack.getHeight()
                    || stack.getSize() > 0 && plane.getBitDepth() != stack.getBitDepth()) {
                throw new IllegalArgumentException(files.get(c) + " differs in size or type from the field's other channels");
            }
            stack.addSlice(channels.get(c), plane.getProcessor());
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(files.size(), 1, 1);
        return files.size() > 1 ? new CompositeImage(imp, IJ.COMPOSITE) : imp;
    }

    /** The field opened with the attention overlay of the model recorded in {@code table}'s sidecar. */
    static ImagePlus withAttention(Path table, PlateLayout layout, FieldSpec field, PrefService prefs)
            throws IOException {
        return withAttention(table, layout, List.of(field), prefs).get(0);
    }

    /** Fields opened with their attention overlays, the model recorded in {@code table}'s sidecar loaded once. */
    static List<ImagePlus> withAttention(Path table, PlateLayout layout, List<FieldSpec> fields, PrefService prefs)
            throws IOException {
        List<ImagePlus> out = new ArrayList<>();
        try (LoadedModel m = ModelParameters.load(prefs, Provenance.modelOf(table), "default")) {
            for (FieldSpec field : fields) {
                ImagePlus imp = open(field.plate() + "_" + field.well() + "_s" + field.site(), field.channelFiles(),
                        layout.channels());
                AttentionOverlay.CLICK.draw(m, imp, String.join(",", layout.channels()));
                out.add(imp);
            }
        }
        return out;
    }
}
