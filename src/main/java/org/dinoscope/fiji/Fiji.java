package org.dinoscope.fiji;

import java.awt.event.MouseEvent;
import java.awt.event.MouseAdapter;
import ij.gui.ImageCanvas;
import ij.ImagePlus;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import org.dinoscope.ProgressListener;
import org.dinoscope.table.ProfileTable;

/** Small shared pieces of the Fiji layer: results tables, status bar, errors that suit batch macros. */
final class Fiji {
    private Fiji() {
    }

    /** A profile table as an ImageJ results table (metadata as text columns), shown unless headless. */
    static ResultsTable show(ProfileTable t, String title) {
        ResultsTable rt = new ResultsTable();
        for (int r = 0; r < t.rows(); r++) {
            rt.incrementCounter();
            for (String m : t.metadataColumns()) {
                rt.addValue(m, t.metadata(r, m));
            }
            float[] v = t.features(r);
            for (int k = 0; k < v.length; k++) {
                rt.addValue(t.featureColumns().get(k), v[k]);
            }
        }
        rt.setDecimalPlaces(0, 6);
        if (!GraphicsEnvironment.isHeadless()) {
            rt.show(title);
        }
        return rt;
    }

    /**
     * Long work's progress on the status bar and progress bar; Esc cancels (the listener asks between units of
     * work). Clears an earlier Esc first.
     */
    static ProgressListener progress(String units) {
        IJ.resetEscape();
        return new ProgressListener() {
            @Override
            public void progress(long done, long total, String message) {
                IJ.showStatus("DINOscope: " + done + "/" + total + " " + units + ", " + message + " (Esc cancels)");
                IJ.showProgress((int) done, (int) Math.max(total, 1));
            }

            @Override
            public boolean isCancelled() {
                return IJ.escapePressed();
            }
        };
    }

    /** An optional text parameter: null when blank. */
    static String orNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A comma-separated parameter (e.g. aggregate_by) as a list; empty when blank. */
    static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** An optional file parameter: null when not given. */
    static Path path(File f) {
        return f == null || f.getPath().isBlank() ? null : f.toPath();
    }

    /** A required file parameter; fails naming the parameter when it is not given. */
    static Path required(File f, String parameter) {
        Path p = path(f);
        if (p == null) {
            throw new IllegalArgumentException("no " + parameter + " given (" + parameter + "=...)");
        }
        return p;
    }

    /** The PNG parameter {@code out}, null when not given; required when no window can open. */
    static Path pngUnlessWindows(File out) {
        Path png = path(out);
        if (png == null && noWindows()) {
            throw new IllegalArgumentException("no window can open (headless or batch mode): give out=FILE.png");
        }
        return png;
    }

    /** What a picture does with an image pixel under the mouse (moved) or clicked. */
    interface PixelAction {
        void at(double x, double y);
    }

    /**
     * Shows an image and, on a display, hands the image pixel under the mouse to {@code moved} and a clicked one to
     * {@code clicked} (in batch mode the image is the macro's, with no window).
     */
    static void showWithMouse(ImagePlus image, PixelAction moved, PixelAction clicked) {
        image.show();
        ImageCanvas canvas = image.getCanvas();
        if (canvas == null) {
            return;
        }
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mouseMoved(MouseEvent e) {
                moved.at(canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()));
            }

            @Override
            public void mouseClicked(MouseEvent e) {
                clicked.at(canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()));
            }
        };
        canvas.addMouseListener(mouse);
        canvas.addMouseMotionListener(mouse);
    }

    /** No window may open: no display at all, or a macro in batch mode. */
    static boolean noWindows() {
        return GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode();
    }

    static void status(String message, int done, int total) {
        IJ.showStatus(message);
        IJ.showProgress(done, total);
    }

    /**
     * The end of a command, finished or cancelled: the progress bar goes away and the outcome stays, in the
     * status bar and in full in the Log window (the status bar cuts long lines).
     */
    static void done(String command, String outcome) {
        IJ.showProgress(1.0);
        IJ.showStatus("DINOscope: " + outcome);
        IJ.log("DINOscope " + command + ": " + outcome);
    }

    /**
     * Reports a failure, once (IJ1Menu.report): in the Log window and on stderr, in a dialog unless in batch mode
     * or headless; a macro is then aborted, so no modal dialog is left waiting in batch mode.
     */
    static void fail(String command, Exception e) {
        String msg = "DINOscope " + command + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
        IJ.showProgress(1.0);
        IJ1Menu.report(msg);
        throw new IllegalStateException(msg, e);
    }
}
