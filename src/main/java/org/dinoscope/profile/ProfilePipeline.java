package org.dinoscope.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.dinoscope.Version;
import org.dinoscope.table.ProfileTable;

/**
 * A sequence of normalisation and aggregation steps applied to a profile table, as the {@code profile}
 * command and the Fiji Normalize Profiles command run it. Steps: {@code mad_robustize}, {@code standardize},
 * {@code spherize}, {@code tvn}, {@code variance_filter}, {@code aggregate}. Before the first step, values
 * that are NaN or infinite are handled as {@code nan} says: drop the features holding them, drop the rows,
 * or fail.
 *
 * @param controlColumn column holding the control value (e.g. Metadata_Compound)
 * @param control       the control value (e.g. DMSO), or null / empty for none
 * @param fitOn         {@code controls} or {@code all}: the rows the statistics are fitted on
 * @param groupBy       per-group fitting for mad_robustize and standardize (e.g. Metadata_Plate), or null
 */
public record ProfilePipeline(List<String> steps, String controlColumn, String control, String fitOn, String groupBy,
                              double madEpsilon, Normalize.Whitening whitening, double sphereEpsilon, String tvnBatch,
                              double varianceThreshold, List<String> aggregateBy, Profiles.Combine combine, String nan) {

    public static final List<String> STEPS = List.of("mad_robustize", "standardize", "spherize", "tvn",
            "variance_filter", "aggregate");

    public ProfilePipeline {
        for (String s : steps) {
            if (!STEPS.contains(s)) {
                throw new IllegalArgumentException("unknown step '" + s + "' (" + String.join(", ", STEPS) + ")");
            }
        }
        if (!List.of("controls", "all").contains(fitOn)) {
            throw new IllegalArgumentException("--fit-on must be controls or all, not '" + fitOn + "'");
        }
        if (!List.of("features", "rows", "fail").contains(nan)) {
            throw new IllegalArgumentException("--nan must be features, rows or fail, not '" + nan + "'");
        }
        if (steps.contains("aggregate") && (aggregateBy == null || aggregateBy.isEmpty())) {
            throw new IllegalArgumentException("the aggregate step needs --aggregate-by COLUMN[,COLUMN...]");
        }
    }

    /** The table's size after a step; before the first step, {@code step} is the input file's name. */
    public record Shape(String step, int rows, int features) {
        /** As the notes say it: {@code step: rows x features}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d rows x %d features", step, rows, features);
        }
    }

    /**
     * Reads a table, runs the steps, writes the result and its sidecar (tool, input, every option, the notes),
     * as the {@code profile} command and Fiji's Normalize Profiles do.
     */
    public ProfileTable apply(Path in, Path out, Consumer<String> notes) throws IOException {
        return apply(in, out, notes, s -> { });
    }

    /** As {@link #apply(Path, Path, Consumer)}, also telling {@code shapes} the table's size before and after each step. */
    public ProfileTable apply(Path in, Path out, Consumer<String> notes, Consumer<Shape> shapes) throws IOException {
        ProfileTable t = ProfileTable.read(in);
        List<String> said = new ArrayList<>();
        Consumer<String> both = n -> {
            said.add(n);
            notes.accept(n);
        };
        Shape input = new Shape(in.getFileName().toString(), t.rows(), t.featureColumns().size());
        both.accept(input.toString());
        shapes.accept(input);
        ProfileTable result = run(t, both, shapes);
        result.write(out);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", "DINOscope");
        prov.put("version", Version.get());
        prov.put("command", "profile");
        prov.put("input", in.toAbsolutePath().toString());
        prov.put("pipeline", this);
        prov.put("notes", said);
        prov.put("date", Instant.now().toString());
        Sidecar.write(out, prov);
        return result;
    }

    public ProfileTable run(ProfileTable t, Consumer<String> notes) {
        return run(t, notes, s -> { });
    }

    public ProfileTable run(ProfileTable t, Consumer<String> notes, Consumer<Shape> shapes) {
        switch (nan) {
            case "features" -> t = Normalize.dropNonFiniteFeatures(t, notes);
            case "rows" -> t = Normalize.dropNonFiniteRows(t, notes);
            default -> Normalize.requireFinite(t, "profile");
        }
        if (t.featureColumns().isEmpty() || t.rows() == 0) {
            throw new IllegalArgumentException("no finite data left after dropping NaN values");
        }
        for (String step : steps) {
            boolean[] controls = controls(t);
            boolean[] fit = fitOn.equals("all") ? Normalize.all(t.rows()) : controls;
            if (fitOn.equals("controls") && Normalize.indices(controls).length == 0
                    && !step.equals("aggregate") && !step.equals("variance_filter")) {
                throw new IllegalArgumentException(step + " fits on the control rows, but no row has "
                        + controlColumn + " = " + control + " (use --fit-on all, or name the controls)");
            }
            String group = groupBy == null || groupBy.isEmpty() || groupBy.equalsIgnoreCase("none") ? null : groupBy;
            t = switch (step) {
                case "mad_robustize" -> Normalize.madRobustize(t, group, fit, madEpsilon, notes);
                case "standardize" -> Normalize.standardize(t, group, fit, notes);
                case "spherize" -> Normalize.spherize(t, fit, whitening, sphereEpsilon, notes);
                case "tvn" -> Normalize.tvn(t, fit, tvnBatch == null || tvnBatch.isEmpty() ? null : tvnBatch,
                        sphereEpsilon, notes);
                case "variance_filter" -> Normalize.varianceFilter(t, controls, varianceThreshold, notes);
                case "aggregate" -> aggregate(t, notes);
                default -> throw new IllegalStateException(step);
            };
            Shape shape = new Shape(step, t.rows(), t.featureColumns().size());
            notes.accept(shape.toString());
            shapes.accept(shape);
        }
        return t;
    }

    /** The aggregate step; the metadata columns it drops (their values differ within a group) are named. */
    private ProfileTable aggregate(ProfileTable t, Consumer<String> notes) {
        ProfileTable out = Profiles.aggregate(t, aggregateBy, combine, true);
        List<String> dropped = t.metadataColumns().stream().filter(c -> !out.hasColumn(c)).toList();
        if (!dropped.isEmpty()) {
            notes.accept("aggregate: left out " + String.join(", ", dropped) + " (values differ within some group "
                    + "of " + String.join(", ", aggregateBy) + ")");
        }
        return out;
    }

    private boolean[] controls(ProfileTable t) {
        boolean[] m = new boolean[t.rows()];
        if (control == null || control.isEmpty() || controlColumn == null || !t.hasColumn(controlColumn)) {
            return m;
        }
        List<String> c = t.column(controlColumn);
        for (int r = 0; r < m.length; r++) {
            m[r] = c.get(r).equals(control);
        }
        return m;
    }
}
