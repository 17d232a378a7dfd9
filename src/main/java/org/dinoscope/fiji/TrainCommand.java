package org.dinoscope.fiji;

import java.awt.BorderLayout;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;

import ij.IJ;
import org.jfree.chart.ChartPanel;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import org.dinoscope.ProgressListener;
import org.dinoscope.plate.Layouts;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.train.TrainOptions;
import org.dinoscope.train.Trainer;
import org.dinoscope.viz.LossChart;

/**
 * Plugins > DINOscope > Train WS-DINO...: the trainer of {@code dinoscope train} on a plate layout, with a
 * live loss chart and a Stop button (Esc works too); stopping leaves a checkpoint, and running again with the
 * same parameters and folder continues. An empty weak label trains plain DINO. The model it writes
 * (out/model.safetensors) is used at once by Embed Plate, Embed Image and Attention Map with model=demo
 * and that weights file. In batch mode or headless no window opens; out/loss.png has the curve.
 */
@Plugin(type = Command.class, label = "Train WS-DINO...", menuPath = "Plugins>DINOscope>Train WS-DINO...")
public class TrainCommand implements Command {
    @Parameter
    PrefService prefs;

    @Parameter(label = "Layout", style = "both", description = "load_data CSV, or a folder of images")
    File layout;

    @Parameter(label = "Pattern", description = "phenix, imagexpress, cellprofiler, or a regex with named groups")
    String pattern = "imagexpress";

    @Parameter(label = "Channel map", required = false, description = "e.g. 1=DNA,2=ER,3=RNA,4=AGP,5=Mito")
    String channel_map = "";

    @Parameter(label = "Platemap", required = false)
    File platemap;

    @Parameter(label = "Weak label", required = false,
            description = "Metadata column pairing images (WS-DINO), e.g. Metadata_Compound; empty: plain DINO")
    String weak_label = "Metadata_Compound";

    @Parameter(label = "Exclude", required = false,
            description = "Fields left out, COLUMN=VALUE[,...], e.g. Metadata_Compound=DMSO (WS-DINO trained on "
                    + "treated wells only); empty: none")
    String exclude = "";

    @Parameter(label = "Model", choices = {"demo", "unidino", "cellpaintssl-dino", "wsdino", "imagenet-dino", "random"},
            description = "Preset whose preprocessing the model is trained and used with")
    String model = "demo";

    @Parameter(label = "Scaling", choices = {ModelParameters.MODEL_SCALING, "percentile", "dtype-max", "uint16-max",
            "clip-10000"}, description = "Input scaling, recorded in the model; model default: the preset's")
    String scaling = ModelParameters.MODEL_SCALING;

    @Parameter(label = "Initial weights", required = false, description = "Initial weights; empty: random initialisation")
    File init;

    @Parameter(label = "Register tokens", min = "0", description = "Register tokens to add (0: none, or as many as the "
            + "initial weights have)")
    int registers = 0;

    @Parameter(label = "Mode", choices = {"default", "per-channel", "single-channel", "multi-channel"})
    String mode = "default";

    @Parameter(label = "Steps", min = "1")
    int steps = 1000;

    @Parameter(label = "Batch size", min = "1")
    int batch_size = 32;

    @Parameter(label = "Learning rate", description = "Peak learning rate (DINO: 0.0005 x batch / 256)")
    double lr = 6.25e-5;

    @Parameter(label = "Global size", min = "16")
    int global_size = 224;

    @Parameter(label = "Local size", min = "16")
    int local_size = 96;

    @Parameter(label = "Local crops", min = "0")
    int local_crops = 8;

    @Parameter(label = "Output dimension", min = "2")
    int out_dim = 65536;

    @Parameter(label = "Seed")
    long seed;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    String device = "auto";

    @Parameter(label = "Output", style = "directory")
    File out;

    /** The options as the CLI's defaults plus this dialog's fields. */
    TrainOptions options() {
        TrainOptions o = new TrainOptions();
        o.preset = model;
        o.init = Fiji.path(init) == null ? null : init.getPath();
        o.scaling = ModelParameters.MODEL_SCALING.equals(scaling) ? null : scaling;
        o.registers = registers > 0 ? registers : null;
        o.weakLabel = Fiji.orNull(weak_label);
        o.exclude = Fiji.orNull(exclude);
        o.mode = "default".equals(mode) ? null : TrainOptions.Mode.byId(mode);
        o.steps = steps;
        o.batchSize = batch_size;
        o.lr = lr;
        o.globalSize = global_size;
        o.localSize = local_size;
        o.localCrops = local_crops;
        o.outDim = out_dim;
        o.seed = seed;
        o.device = device;
        return o;
    }

    @Override
    public void run() {
        try {
            if (out == null || out.getPath().isBlank()) {
                throw new IllegalArgumentException("no output folder (out) given");
            }
            Settings.applyCacheFolder(prefs); // the cache and libtorch folders of DINOscope Settings
            PlateLayout plates = Layouts.open(layout.toPath(), pattern, channel_map, Fiji.path(platemap), IJ::log);
            TrainOptions o = options();
            ProgressListener status = Fiji.progress("steps");
            AtomicBoolean stop = new AtomicBoolean();
            LossWindow window = Fiji.noWindows() ? null : LossWindow.open(o, stop);
            ProgressListener progress = new ProgressListener() {
                @Override
                public void progress(long done, long total, String message) {
                    status.progress(done, total, message);
                }

                @Override
                public boolean isCancelled() {
                    return stop.get() || status.isCancelled();
                }
            };
            Trainer.Result r = Trainer.run(o, plates, out.toPath(), progress, new Trainer.StepListener() {
                @Override
                public void step(String network, int step, int total, double loss, double lr) {
                    if (window != null) {
                        window.step(network, step, total, loss, lr);
                    }
                }

                @Override
                public void saved(String network, Path dir, int[] steps, double[] losses) throws IOException {
                    LossChart.savePng(dir.resolve(Trainer.LOSS_PNG), "DINO loss (" + network + ")", steps, losses);
                }
            });
            if (window != null) {
                window.finished(r.cancelled());
            }
            String models = String.join(", ", r.models().stream().map(Object::toString).toList());
            Fiji.done("Train WS-DINO", (r.cancelled() ? "stopped" : "trained") + " after " + r.steps() + " steps, last "
                    + "loss " + String.format("%.4f", r.lastLoss()) + "; model: " + models
                    + (r.cancelled() ? " (run again with the same parameters to continue)" : ""));
        } catch (Exception e) {
            Fiji.fail("Train WS-DINO", e);
        }
    }

    /** The live loss curve with a Stop button. */
    static final class LossWindow {
        private final JFrame frame;
        private final LossChart chart;
        private final JButton stopButton;

        private LossWindow(JFrame frame, LossChart chart, JButton stopButton) {
            this.frame = frame;
            this.chart = chart;
            this.stopButton = stopButton;
        }

        static LossWindow open(TrainOptions o, AtomicBoolean stop) throws Exception {
            LossWindow[] w = new LossWindow[1];
            SwingUtilities.invokeAndWait(() -> {
                LossChart chart = new LossChart((o.weakLabel != null ? "WS-DINO (" + o.weakLabel + ")" : "DINO")
                        + ", " + o.steps + " steps");
                JFrame f = new JFrame("DINOscope Training");
                f.getContentPane().add(new ChartPanel(chart.chart()), BorderLayout.CENTER);
                JButton b = new JButton("Stop (keeps a checkpoint)");
                b.addActionListener(e -> {
                    stop.set(true);
                    b.setEnabled(false);
                    b.setText("Stopping after this step...");
                });
                f.getContentPane().add(b, BorderLayout.SOUTH);
                f.setSize(760, 480);
                f.setLocationByPlatform(true);
                f.setVisible(true);
                w[0] = new LossWindow(f, chart, b);
            });
            return w[0];
        }

        void step(String network, int step, int total, double loss, double lr) {
            SwingUtilities.invokeLater(() -> {
                chart.add(step, loss);
                frame.setTitle(String.format("DINOscope Training (%s): step %d/%d, loss %.4f", network, step + 1,
                        total, loss));
            });
        }

        void finished(boolean cancelled) {
            SwingUtilities.invokeLater(() -> {
                stopButton.setEnabled(false);
                stopButton.setText(cancelled ? "Stopped; run again with the same parameters to continue" : "Done");
            });
        }
    }
}
