package org.dinoscope.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dinoscope.ProgressListener;
import org.dinoscope.engine.EngineSetup;
import org.dinoscope.image.Field;
import org.dinoscope.image.Illumination;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.checkpoint.Checkpoint;
import org.dinoscope.plate.FieldLoader;
import org.dinoscope.plate.FieldSpec;
import org.dinoscope.plate.PlateLayout;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;
import org.dinoscope.profile.Sidecar;

/**
 * A whole layout to field- and well-level profiles. Fields are read and cut into crops on reader threads
 * while the network runs batches that span fields; memory is bounded by a small window of fields in
 * flight. Every finished field goes to a {@link Journal} at once, so a killed run continues where it
 * stopped; the tables are written at the end, in layout order, atomically. A field that cannot be read or
 * embedded is listed in failures.csv with the reason and the rest goes on.
 */
public final class PlateEmbedder {
    public static final String JOURNAL = ".dinoscope-journal.tsv";

    /**
     * @param clipPercentile clip each channel at this percentile of the field before scaling; NaN = off
     * @param readers        reader threads
     */
    public record Options(EmbedOptions embed, boolean illumination, double clipPercentile, Profiles.Combine wells,
                          int readers, String extension) {
    }

    /** A field left out and why. */
    public record Failure(FieldSpec field, String reason) {
    }

    /**
     * What a run wrote.
     *
     * @param resumed fields taken from the journal of an earlier run
     * @param changed fields of the journal embedded again because their files changed since
     */
    public record Result(int fields, int embeddedNow, int resumed, int changed, List<Failure> failures, boolean cancelled,
                         Path fieldTable, Path wellTable, Path failureTable, Timing timing, ProfileTable wells) {
    }

    /** Where the time of this run went: wall clock, forward passes, crops embedded. */
    public record Timing(double wallSeconds, double networkSeconds, long crops) {
        /** Share of the wall time the network was computing. */
        public double networkBusy() {
            return wallSeconds > 0 ? networkSeconds / wallSeconds : 0;
        }
    }

    private final LoadedModel model;
    private final Options options;
    private final FieldEmbedder embedder;

    public PlateEmbedder(LoadedModel model, Options options) {
        this.model = model;
        this.options = options;
        this.embedder = new FieldEmbedder(model, options.embed());
    }

    /**
     * Embeds the layout into {@code outDir}: field, well and failure tables, each profile table with its
     * provenance sidecar; continues a journal left there by an interrupted run with the same settings.
     */
    public Result run(PlateLayout layout, Path outDir, ProgressListener progress) throws IOException {
        try (OutputLock lock = OutputLock.acquire(outDir)) {
            return runLocked(layout, outDir, progress);
        }
    }

    private Result runLocked(PlateLayout layout, Path outDir, ProgressListener progress) throws IOException {
        List<String> channels = layout.channels();
        List<Failure> failures = new ArrayList<>();
        int resumed;
        int embeddedNow = 0;
        boolean cancelled = false;
        List<String> features = embedder.featureNames(channels);
        Map<String, String> stamps = new HashMap<>();
        for (FieldSpec f : layout.fields()) {
            stamps.put(f.key(), f.stamp(channels));
        }
        try (Journal journal = Journal.open(outDir.resolve(JOURNAL), settings(model, options, layout), features.size())) {
            Map<String, FieldEmbedder.Embedding> valid = journal.valid(stamps);
            int changed = journal.stale(stamps).size();
            resumed = (int) layout.fields().stream().filter(f -> valid.containsKey(f.key())).count();
            List<FieldSpec> todo = layout.fields().stream().filter(f -> !valid.containsKey(f.key())).toList();
            Map<String, float[]> illumination = options.illumination() ? illumination(layout, todo, progress)
                    : Map.of();
            long start = System.nanoTime();
            int[] finished = {0};
            IOException[] journalError = {null};
            CropBatcher<FieldSpec> batcher = new CropBatcher<>(model, options.embed().batchSize(), (f, e) -> {
                String nonFinite = FieldEmbedder.nonFinite(e, features);
                if (nonFinite != null) {
                    failures.add(new Failure(f, describe(f) + ": " + nonFinite));
                    return;
                }
                try {
                    journal.append(f.key(), stamps.get(f.key()), e);
                } catch (IOException ex) {
                    journalError[0] = ex;
                }
                finished[0]++;
                report(progress, resumed + finished[0] + failures.size(), layout.fields().size(), finished[0], start,
                        todo.size() - finished[0] - failures.size());
            });
            ReadAhead.Preparer<FieldSpec, CropInputs> preparer = new ReadAhead.Preparer<>() {
                @Override
                public CropInputs prepare(FieldSpec spec) throws IOException {
                    return cropInputs(spec, channels, illumination.get(spec.plate()));
                }

                @Override
                public String describe(FieldSpec spec) {
                    return PlateEmbedder.describe(spec);
                }
            };
            try (ReadAhead<FieldSpec, CropInputs> reader = new ReadAhead<>(todo, options.readers(), preparer)) {
                for (FieldSpec spec : todo) {
                    if (progress.isCancelled()) {
                        cancelled = true;
                        break;
                    }
                    ReadAhead.Prepared<CropInputs> prepared = reader.next();
                    if (prepared instanceof ReadAhead.Ready<CropInputs> ready) {
                        batcher.submit(ready.value(), spec);
                        embeddedNow++;
                    } else if (prepared instanceof ReadAhead.Failed<CropInputs> failed) {
                        failures.add(new Failure(spec, failed.reason()));
                    }
                    if (journalError[0] != null) {
                        throw journalError[0];
                    }
                }
                batcher.flush();
                if (journalError[0] != null) {
                    throw journalError[0];
                }
            }
            Timing timing = new Timing((System.nanoTime() - start) / 1e9, batcher.networkSeconds(), batcher.crops());
            if (cancelled) {
                return new Result(layout.fields().size(), finished[0], resumed, changed, failures, true, null, null,
                        null, timing, null);
            }
            return write(layout, outDir, journal.valid(stamps), failures, embeddedNow, resumed, changed, timing);
        }
    }

    /** Reads and cuts one field, with the plate's illumination correction and the percentile clip if asked. */
    private CropInputs cropInputs(FieldSpec spec, List<String> channels, float[] illum) throws IOException {
        Field f = FieldLoader.load(spec, channels);
        if (illum != null) {
            Illumination.apply(f, illum);
        }
        if (!Double.isNaN(options.clipPercentile())) {
            Illumination.clipPercentile(f, options.clipPercentile());
        }
        return embedder.cropInputs(f, channels);
    }

    /** Per-plate illumination functions from every readable field of the plates that still have work. */
    private Map<String, float[]> illumination(PlateLayout layout, List<FieldSpec> todo, ProgressListener progress) {
        Set<String> plates = new LinkedHashSet<>();
        todo.forEach(f -> plates.add(f.plate()));
        Map<String, float[]> out = new HashMap<>();
        int n = 0;
        for (String plate : plates) {
            Illumination acc = null;
            for (FieldSpec f : layout.fields()) {
                if (!f.plate().equals(plate)) {
                    continue;
                }
                try {
                    Field field = FieldLoader.load(f, layout.channels());
                    if (acc == null) {
                        acc = new Illumination(field.width(), field.height(), field.channels());
                    }
                    acc.add(field);
                } catch (IOException | RuntimeException e) {
                    // the main pass reports this field; it just does not count towards the plate mean
                }
            }
            if (acc != null) {
                out.put(plate, acc.functions(0));
            }
            progress.progress(++n, plates.size(), "illumination correction: plate " + plate);
        }
        return out;
    }

    private static void report(ProgressListener progress, int done, int total, int finishedNow, long start,
                               int remaining) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = finishedNow / Math.max(seconds, 1e-9);
        String eta = rate > 0 ? String.format("%.0f s left", remaining / rate) : "";
        progress.progress(done, total, String.format("%.2f fields/s, %s", rate, eta));
    }

    private Result write(PlateLayout layout, Path outDir, Map<String, FieldEmbedder.Embedding> done,
                         List<Failure> failures, int embeddedNow, int resumed, int changed, Timing timing)
            throws IOException {
        List<String> features = embedder.featureNames(layout.channels());
        List<String> meta = new ArrayList<>(layout.metadataColumns());
        meta.add("Metadata_Crops");
        ProfileTable fields = new ProfileTable(meta, features);
        Map<String, List<FieldSpec>> byWell = new LinkedHashMap<>();
        for (FieldSpec f : layout.fields()) {
            FieldEmbedder.Embedding e = done.get(f.key());
            if (e == null) {
                continue;
            }
            List<String> row = new ArrayList<>();
            for (String m : layout.metadataColumns()) {
                row.add(f.metadata().getOrDefault(m, ""));
            }
            row.add(String.valueOf(e.cropsUsed()));
            fields.addRow(row, e.vector());
            byWell.computeIfAbsent(f.plate() + "/" + f.well(), k -> new ArrayList<>()).add(f);
        }
        String ext = options.extension();
        Path fieldTable = outDir.resolve("fields" + ext);
        fields.write(fieldTable);
        Map<String, Object> provenance = provenance(layout);
        Sidecar.write(fieldTable, provenance);

        List<String> wellMeta = new ArrayList<>(layout.metadataColumns());
        wellMeta.remove("Metadata_Site");
        List<String> wellCols = new ArrayList<>(wellMeta);
        wellCols.add("Metadata_Fields");
        ProfileTable wells = new ProfileTable(wellCols, features);
        for (List<FieldSpec> fs : byWell.values()) {
            List<String> row = new ArrayList<>();
            for (String m : wellMeta) {
                Set<String> values = new LinkedHashSet<>();
                fs.forEach(f -> values.add(f.metadata().getOrDefault(m, "")));
                row.add(String.join(";", values));
            }
            row.add(String.valueOf(fs.size()));
            float[][] vs = fs.stream().map(f -> done.get(f.key()).vector()).toArray(float[][]::new);
            wells.addRow(row, Profiles.combine(vs, options.wells()));
        }
        Path wellTable = outDir.resolve("wells" + ext);
        wells.write(wellTable);
        Sidecar.write(wellTable, provenance);

        ProfileTable failed = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Site",
                "Metadata_Reason"), List.of());
        for (Failure f : failures) {
            failed.addRow(List.of(f.field().plate(), f.field().well(), f.field().site(), f.reason()), new float[0]);
        }
        Path failureTable = outDir.resolve("failures.csv");
        failed.write(failureTable);
        return new Result(layout.fields().size(), embeddedNow, resumed, changed, failures, false, fieldTable,
                wellTable, failureTable, timing, wells);
    }

    private Map<String, Object> provenance(PlateLayout layout) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("layout", layout.source());
        if (layout.spec() != null) {
            input.put("layout_spec", layout.spec().toMap());
        }
        input.put("channels", layout.channels());
        input.put("fields", layout.fields().size());
        input.put("illumination_correction", options.illumination());
        input.put("clip_percentile", Double.isNaN(options.clipPercentile()) ? null : options.clipPercentile());
        input.put("well_aggregation", options.wells().name().toLowerCase(Locale.ROOT));
        return Provenance.describe(model, options.embed(),
                EngineSetup.describe(model.network(0).device()), input);
    }

    /**
     * What makes two runs' journals interchangeable, beyond the fields' own files ({@link FieldSpec#stamp}): everything
     * that changes the numbers.
     */
    static Map<String, Object> settings(LoadedModel m, Options po, PlateLayout plates) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("preset", m.preset().id());
        f.put("weights_sha256", m.checkpoints().stream().map(Checkpoint::sha256).toList());
        f.put("seed", m.spec().seed());
        f.put("heads", m.network(0).architecture().heads());
        f.put("scaling", m.scaling().id());
        f.put("crop_filter", String.valueOf(po.embed().cropFilter()));
        f.put("dna_channel", po.embed().dnaChannel());
        f.put("small_field", po.embed().smallField().name());
        f.put("illumination", po.illumination());
        f.put("clip_percentile", String.valueOf(po.clipPercentile()));
        f.put("channels", plates.channels());
        return f;
    }

    /** The field and its files, for messages. */
    private static String describe(FieldSpec f) {
        return f.key() + " (" + String.join(", ", f.channelFiles().stream().map(String::valueOf).toList()) + ")";
    }
}
