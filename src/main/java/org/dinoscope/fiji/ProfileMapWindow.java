package org.dinoscope.fiji;

import java.awt.BorderLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.nio.file.Path;

import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

import org.dinoscope.embed.Provenance;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.viz.Plots;
import org.jfree.chart.ChartMouseEvent;
import org.jfree.chart.ChartMouseListener;
import org.jfree.chart.ChartPanel;
import org.scijava.prefs.PrefService;

/**
 * The profile map's window: a live JFreeChart panel (zoom by dragging or the wheel, tooltips with a point's
 * metadata, kept inside the window); a click on a point opens the point's field with its attention overlay, off the event thread, or
 * says in the Log window why it cannot (e.g. a CellProfiler table, whose sidecar records no plate layout).
 */
final class ProfileMapWindow extends JFrame implements ChartMouseListener {
    private static final String HINT = "Hover over a point for its metadata; click it to open its field with the "
            + "attention map (tables from Embed Plate or embed --layout).";

    private final Path table;
    private final ProfileTable input;
    private final Plots.Plot plot;
    private final PrefService prefs;
    private final JLabel status = new JLabel(HINT);
    private PlateLayout layout; // opened from the sidecar on the first click

    private ProfileMapWindow(Path table, ProfileTable input, Plots.Plot plot, PrefService prefs) {
        super("DINOscope Profile Map: " + table.getFileName());
        this.table = table;
        this.input = input;
        this.plot = plot;
        this.prefs = prefs;
        ChartPanel panel = new ProfileMapPanel(plot);
        panel.setInitialDelay(100);
        panel.setDismissDelay(60_000);
        panel.setMouseWheelEnabled(true);
        panel.addChartMouseListener(this);
        add(panel, BorderLayout.CENTER);
        add(status, BorderLayout.SOUTH);
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                WindowManager.removeWindow(ProfileMapWindow.this);
            }
        });
        pack();
    }

    /** Opens the window on the event thread, listed in ImageJ's Window menu. */
    static void open(Path table, ProfileTable input, Plots.Plot plot, PrefService prefs) {
        SwingUtilities.invokeLater(() -> {
            ProfileMapWindow w = new ProfileMapWindow(table, input, plot, prefs);
            WindowManager.addWindow(w);
            w.setVisible(true);
        });
    }

    @Override
    public void chartMouseMoved(ChartMouseEvent e) {
        int row = plot.scatter().rowAt(e.getEntity());
        if (row >= 0) {
            IJ.showStatus(Plots.describe(plot.rows(), row));
        }
    }

    @Override
    public void chartMouseClicked(ChartMouseEvent e) {
        int row = plot.scatter().rowAt(e.getEntity());
        if (row < 0) {
            return;
        }
        String what = Plots.describe(plot.rows(), row);
        status.setText("Opening the field of " + what + " ...");
        new Thread(() -> openField(row, what), "DINOscope field of a profile").start();
    }

    private void openField(int row, String what) {
        try {
            FieldSpec field = ProfileFields.fieldOf(plateLayout(), input, plot.rows(), row);
            ImagePlus imp = ProfileFields.withAttention(table, plateLayout(), field, prefs);
            imp.show();
            IJ.log("DINOscope Profile Map: field " + field.key() + ", attention of " + plateLayout().channels().get(0)
                    + " (mean of heads), for " + what);
            SwingUtilities.invokeLater(() -> status.setText(HINT));
        } catch (Exception ex) {
            String msg = "DINOscope Profile Map: cannot open the field of " + what + ": " + ex.getMessage();
            IJ.log(msg);
            SwingUtilities.invokeLater(() -> status.setText(msg));
        }
    }

    private synchronized PlateLayout plateLayout() throws IOException {
        if (layout == null) {
            layout = Provenance.layoutOf(table, IJ::log);
        }
        return layout;
    }
}
