package org.dinoscope.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;

import org.dinoscope.ProgressListener;
import org.dinoscope.Version;
import org.dinoscope.image.TiffWriter;
import org.dinoscope.table.ProfileTable;

/**
 * Synthetic Cell Painting plates with known ground truth, in the ImageXpress layout
 * ({@code <plate>/<plate>_<well>_s<site>_w<channel>.tif}, w1..w5 = DNA, ER, RNA, AGP, Mito), with
 * {@code platemap.csv}, {@code channels.txt} and {@code synth.json}. Every file depends only on the seed,
 * the options and its own plate, well and site, so a rerun after an interruption writes only what is
 * missing and ends with the same files.
 */
public final class SyntheticPlates {
    public static final String CHANNEL_MAP = "1=DNA,2=ER,3=RNA,4=AGP,5=Mito";
    private static final double[] POTENCY = {1.0, 0.5};

    private SyntheticPlates() {
    }

    /** One well of the design. */
    public record Well(String plate, int batch, String well, String compound, double concentration, Mechanism moa) {
    }

    /** Every plate's wells: each compound at each dose once, plus the DMSO wells, at shuffled positions. */
    public static List<Well> design(SynthOptions o) {
        List<Well> out = new ArrayList<>();
        for (int p = 0; p < o.plates(); p++) {
            String plate = String.format("SP%02d", p + 1);
            int batch = p % o.batches();
            List<Object[]> treatments = new ArrayList<>();
            for (Mechanism m : Mechanism.treatments()) {
                for (int c = 0; c < POTENCY.length; c++) {
                    for (double dose : o.doses()) {
                        treatments.add(new Object[] {compound(m, c), dose, m});
                    }
                }
            }
            for (int d = 0; d < o.dmsoWells(); d++) {
                treatments.add(new Object[] {"DMSO", 0.0, Mechanism.DMSO});
            }
            Collections.shuffle(treatments, new Random(Seeds.mix(o.seed(), 0x5A1L, p)));
            for (int i = 0; i < treatments.size(); i++) {
                Object[] t = treatments.get(i);
                out.add(new Well(plate, batch, wellName(i), (String) t[0], (Double) t[1], (Mechanism) t[2]));
            }
        }
        return out;
    }

    /** Compound names: the mechanism and a letter, e.g. mitofragmentation-a. */
    static String compound(Mechanism m, int index) {
        return m.name().toLowerCase(Locale.ROOT).replace("_", "") + "-" + (char) ('a' + index);
    }

    /** Wells of a 384-well plate from B02, row by row, leaving the edge wells empty. */
    static String wellName(int i) {
        int perRow = 22;
        if (i >= 14 * perRow) {
            throw new IllegalArgumentException("more than " + 14 * perRow + " wells do not fit a 384-well plate's "
                    + "inner wells");
        }
        return String.format("%c%02d", (char) ('B' + i / perRow), 2 + i % perRow);
    }

    public static Path imageFile(Path dir, Well w, int site, int channel) {
        return dir.resolve(w.plate()).resolve(String.format("%s_%s_s%d_w%d.tif", w.plate(), w.well(), site, channel));
    }

    /**
     * Writes the plate set (or completes it). A folder holding a set made with other options is refused.
     *
     * @return the number of fields painted now (0 when everything was there)
     */
    public static int generate(Path dir, SynthOptions o, int threads, ProgressListener progress) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("synth.json");
        String description = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(describe(o));
        if (Files.exists(json)) {
            var existing = JsonParser.parseString(Files.readString(json)).getAsJsonObject().get("options");
            var wanted = JsonParser.parseString(description).getAsJsonObject().get("options");
            if (!existing.equals(wanted)) {
                throw new IOException(dir + " holds synthetic plates made with other options (" + existing
                        + "); choose another folder");
            }
        }
        Files.writeString(json, description + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("channels.txt"), CHANNEL_MAP + "\n", StandardCharsets.UTF_8);
        List<Well> wells = design(o);
        writePlatemap(dir.resolve("platemap.csv"), wells);

        List<int[]> todo = new ArrayList<>();
        for (int w = 0; w < wells.size(); w++) {
            for (int s = 1; s <= o.fields(); s++) {
                if (!Files.exists(imageFile(dir, wells.get(w), s, FieldPainter.CHANNELS.length))) {
                    todo.add(new int[] {w, s});
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Void>> jobs = new ArrayList<>();
            for (int[] t : todo) {
                jobs.add(pool.submit(() -> {
                    paintField(dir, o, wells.get(t[0]), t[0], t[1]);
                    return null;
                }));
            }
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).get();
                progress.progress(i + 1, jobs.size(), "synthetic fields");
                if (progress.isCancelled()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return todo.size();
    }

    private static void paintField(Path dir, SynthOptions o, Well w, int wellIndex, int site) throws IOException {
        int plateIndex = Integer.parseInt(w.plate().substring(2)) - 1;
        SplittableRandom rng = new SplittableRandom(Seeds.mix(o.seed(), plateIndex, wellIndex, site));
        Phenotype ph = w.moa() == Mechanism.DMSO ? Phenotype.control()
                : Phenotype.of(w.moa(), POTENCY[w.compound().endsWith("-a") ? 0 : 1], w.concentration());
        float[] planes = FieldPainter.paint(o.size(), ph, BatchEffect.of(o.seed(), w.batch(), plateIndex), rng);
        int n = o.size() * o.size();
        // the last channel is written last: its presence marks a complete field
        for (int c = 0; c < FieldPainter.CHANNELS.length; c++) {
            TiffWriter.write16(imageFile(dir, w, site, c + 1), planes, c * n, o.size(), o.size());
        }
    }

    private static void writePlatemap(Path file, List<Well> wells) throws IOException {
        ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Compound",
                "Metadata_Concentration", "Metadata_moa", "Metadata_Batch"), List.of());
        for (Well w : wells) {
            t.addRow(List.of(w.plate(), w.well(), w.compound(), String.valueOf(w.concentration()),
                    w.moa() == Mechanism.DMSO ? "DMSO" : w.moa().label(), "batch" + (w.batch() + 1)), new float[0]);
        }
        t.write(file);
    }

    private static Map<String, Object> describe(SynthOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "DINOscope " + Version.get());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("seed", o.seed());
        opts.put("plates", o.plates());
        opts.put("batches", o.batches());
        opts.put("fields", o.fields());
        opts.put("size", o.size());
        opts.put("doses_uM", o.doses());
        opts.put("dmso_wells", o.dmsoWells());
        m.put("options", opts);
        m.put("layout", "imagexpress: <plate>/<plate>_<well>_s<site>_w<channel>.tif");
        m.put("channels", CHANNEL_MAP);
        Map<String, Object> moas = new LinkedHashMap<>();
        for (Mechanism mech : Mechanism.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("phenotype", mech.phenotype());
            if (mech != Mechanism.DMSO) {
                d.put("compounds", List.of(compound(mech, 0) + " (potency 1)", compound(mech, 1) + " (potency 0.5)"));
            }
            moas.put(mech == Mechanism.DMSO ? "DMSO" : mech.label(), d);
        }
        m.put("mechanisms", moas);
        m.put("strength", "c / (c + 1), c = dose (uM) x potency");
        m.put("batch_effects", "per batch: gain, offset, vignetting, blur; per plate: gain jitter");
        return m;
    }

    /** For tests and the demo: what a folder's synth.json says, or null. */
    public static String optionsOf(Path dir) throws IOException {
        Path json = dir.resolve("synth.json");
        return Files.exists(json) ? new Gson().toJson(JsonParser.parseString(Files.readString(json))
                .getAsJsonObject().get("options")) : null;
    }
}
