package org.dinoscope.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

import org.dinoscope.embed.Provenance;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.plate.Wells;
import org.dinoscope.viz.PlateView;
import org.scijava.prefs.PrefService;

/**
 * A plate view as an ImageJ RGB image (the core's ImgLib2 ARGB figure copied into a ColorProcessor), so that it
 * zooms, saves and goes into figures as any image does. The well under the mouse shows on the status bar with its
 * value and metadata; a click opens the well's fields, found through the plate layout the table's sidecar records,
 * each with the attention overlay of the model that embedded the table, or says in the Log why it cannot.
 */
final class PlateViewImage {
    /** Most fields a click opens (a well of a high-content screen may have dozens). */
    static final int MAX_FIELDS = 9;

    final ImagePlus image;
    private final PlateView view;
    private final Path table;
    private final PrefService prefs;
    private PlateLayout layout; // opened from the sidecar on the first click

    PlateViewImage(PlateView view, Path table, PrefService prefs) {
        this.view = view;
        this.table = table;
        this.prefs = prefs;
        String plate = view.plate().name().isEmpty() ? "" : " " + view.plate().name();
        image = rgb("Plate View" + plate + " (" + table.getFileName() + ")", view.image());
    }

    /** An ImgLib2 ARGB image as an ImageJ RGB image, pixel for pixel (ImageJFunctions.wrapRGB, copied). */
    static ImagePlus rgb(String title, RandomAccessibleInterval<ARGBType> img) {
        int w = Math.toIntExact(img.dimension(0));
        int h = Math.toIntExact(img.dimension(1));
        int[] pixels = new int[w * h];
        int i = 0;
        for (ARGBType p : Views.flatIterable(img)) {
            pixels[i++] = p.get();
        }
        return new ImagePlus(title, new ColorProcessor(w, h, pixels));
    }

    /** Shows the image; on a display, also the well under the mouse (status bar) and a click's fields. */
    void show() {
        Fiji.showWithMouse(image, (x, y) -> {
            String well = view.describeAt(x, y);
            if (well != null) {
                IJ.showStatus(well);
            }
        }, (x, y) -> {
            String well = view.wellAt(x, y);
            int i = view.wellIndexAt(x, y);
            if (i >= 0) {
                String name = view.plate().wells().get(i);
                new Thread(() -> openFields(name), "DINOscope fields of a well").start();
            } else if (well != null) {
                IJ.log("DINOscope Plate View: " + well + " is not in " + table.getFileName());
            }
        });
    }

    /** Opens the well's fields with their attention maps, or says in the Log and the status bar why not. */
    void openFields(String well) {
        String what = (view.plate().name().isEmpty() ? "" : "plate " + view.plate().name() + ", ") + "well " + well;
        IJ.showStatus("DINOscope Plate View: opening the fields of " + what + " ...");
        try {
            List<FieldSpec> fields = fieldsOf(well);
            List<FieldSpec> shown = fields.subList(0, Math.min(fields.size(), MAX_FIELDS));
            for (ImagePlus imp : ProfileFields.withAttention(table, plateLayout(), shown, prefs)) {
                imp.show();
            }
            IJ.log("DINOscope Plate View: " + what + ": " + shown.size() + " field(s) with the attention of "
                    + plateLayout().channels().get(0) + " (mean of heads)" + (fields.size() > shown.size()
                    ? "; the first " + shown.size() + " of " + fields.size() : ""));
            IJ.showStatus("DINOscope Plate View: " + what + ", " + shown.size() + " field(s)");
        } catch (Exception ex) {
            String msg = "DINOscope Plate View: cannot open the fields of " + what + ": " + ex.getMessage();
            IJ.log(msg);
            IJ.showStatus(msg);
        }
    }

    /** The well's fields in the layout the table's sidecar records; fails naming the table when there are none. */
    List<FieldSpec> fieldsOf(String well) throws IOException {
        PlateLayout l = plateLayout();
        String plate = view.plate().name();
        if (plate.isEmpty() && l.plates().size() == 1) {
            plate = l.plates().iterator().next();
        }
        List<FieldSpec> out = new ArrayList<>();
        String w = Wells.normalise(well);
        for (FieldSpec f : l.fields()) {
            if (f.plate().equals(plate) && w != null && w.equals(Wells.normalise(f.well()))) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the layout " + l.source() + " that " + table.getFileName()
                    + "'s sidecar records has no field of plate " + plate + ", well " + well);
        }
        return out;
    }

    private synchronized PlateLayout plateLayout() throws IOException {
        if (layout == null) {
            layout = Provenance.layoutOf(table, IJ::log);
        }
        return layout;
    }
}
