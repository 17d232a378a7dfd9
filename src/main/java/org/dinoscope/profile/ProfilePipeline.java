package org.dinoscope.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.dinoscope.Version;
import org.dinoscope.table.ProfileTable;

/**
 * A sequence of {@link NormalizationStep}s applied to a profile table, as the {@code profile} command and the
 * Fiji Normalize Profiles command run it; the options are checked here, once, before any step runs. Steps:
 * {@code mad_robustize}, {@code standardize}, {@code spherize}, {@code tvn}, {@code variance_filter},
 * {@code aggregate} ({@link #STEPS}). Before the first step, values that are NaN or infinite are handled as
 * {@code nan} says: drop the features holding them, drop the rows, or fail. Start from {@link #defaults()} and
 * change what differs with the {@code with...} methods.
 *
 * @param controlColumn column holding the control value (e.g. Metadata_Compound)
 * @param control       the control value (e.g. DMSO), or null / empty for none
 * @param fitOn         {@code controls} or {@code all}: the rows the statistics are fitted on
 * @param groupBy       per-group fitting for mad_robustize and standardize (e.g. Metadata_Plate), or null
 */
public record ProfilePipeline(List<String> steps, String controlColumn, String control, String fitOn, String groupBy,
                              double madEpsilon, Whitening whitening, double sphereEpsilon, String tvnBatch,
                              double varianceThreshold, List<String> aggregateBy, Profiles.Combine combine, String nan) {

    /** Every step by name, made from the pipeline's options. */
    public static final Map<String, Function<ProfilePipeline, NormalizationStep>> STEPS;

    static {
        Map<String, Function<ProfilePipeline, NormalizationStep>> s = new LinkedHashMap<>();
        s.put("mad_robustize", p -> new MadRobustize(p.group(), p.madEpsilon()));
        s.put("standardize", p -> new Standardize(p.group()));
        s.put("spherize", p -> new Spherize(p.whitening(), p.sphereEpsilon()));
        s.put("tvn", p -> new Tvn(p.tvnBatch() == null || p.tvnBatch().isEmpty() ? null : p.tvnBatch(),
                p.sphereEpsilon()));
        s.put("variance_filter", p -> new VarianceFilter(p.varianceThreshold()));
        s.put("aggregate", p -> new Aggregate(p.aggregateBy(), p.combine()));
        STEPS = Collections.unmodifiableMap(s);
    }

    /** Fails, saying what is wrong, when the options cannot run: every check of the options is here. */
    public void validate() {
        for (String s : steps) {
            if (!STEPS.containsKey(s)) {
                throw new IllegalArgumentException("unknown step '" + s + "' (" + String.join(", ", STEPS.keySet())
                        + ")");
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

    /**
     * The defaults of {@code dinoscope profile}: no step yet; controls are Metadata_Compound = DMSO and the fit
     * rows; mad_robustize and standardize per Metadata_Plate with MAD epsilon 1e-18; ZCA whitening with epsilon
     * 1e-6; tvn without batches; variance threshold 1e-5; no aggregation columns (mean when given); features
     * holding NaN dropped.
     */
    public static ProfilePipeline defaults() {
        return new ProfilePipeline(List.of(), "Metadata_Compound", "DMSO", "controls", "Metadata_Plate", 1e-18,
                Whitening.ZCA, 1e-6, null, 1e-5, null, Profiles.Combine.MEAN, "features");
    }

    /** The steps, in the order they run. */
    public ProfilePipeline withSteps(List<String> v) {
        return change(d -> d.steps = v);
    }

    /** The control rows: those with {@code value} in {@code column} (null or empty value: none). */
    public ProfilePipeline withControls(String column, String value) {
        return change(d -> {
            d.controlColumn = column;
            d.control = value;
        });
    }

    /** controls or all. */
    public ProfilePipeline withFitOn(String v) {
        return change(d -> d.fitOn = v);
    }

    /** The per-group fitting column of mad_robustize and standardize; null, empty or "none" for the whole table. */
    public ProfilePipeline withGroupBy(String v) {
        return change(d -> d.groupBy = v);
    }

    public ProfilePipeline withMadEpsilon(double v) {
        return change(d -> d.madEpsilon = v);
    }

    /** The spherize method, and the epsilon added to the eigenvalues in spherize and tvn. */
    public ProfilePipeline withWhitening(Whitening method, double epsilon) {
        return change(d -> {
            d.whitening = method;
            d.sphereEpsilon = epsilon;
        });
    }

    /** The batch column tvn aligns (CORAL); null or empty for none. */
    public ProfilePipeline withTvnBatch(String v) {
        return change(d -> d.tvnBatch = v);
    }

    public ProfilePipeline withVarianceThreshold(double v) {
        return change(d -> d.varianceThreshold = v);
    }

    /** The aggregate step's groups and how it combines their rows. */
    public ProfilePipeline withAggregation(List<String> by, Profiles.Combine how) {
        return change(d -> {
            d.aggregateBy = by;
            d.combine = how;
        });
    }

    /** features, rows or fail. */
    public ProfilePipeline withNan(String v) {
        return change(d -> d.nan = v);
    }

    private ProfilePipeline change(Consumer<Draft> edit) {
        Draft d = new Draft(this);
        edit.accept(d);
        return new ProfilePipeline(d.steps, d.controlColumn, d.control, d.fitOn, d.groupBy, d.madEpsilon, d.whitening,
                d.sphereEpsilon, d.tvnBatch, d.varianceThreshold, d.aggregateBy, d.combine, d.nan);
    }

    /** The options as mutable fields, for the {@code with...} methods only. */
    private static final class Draft {
        List<String> steps;
        String controlColumn;
        String control;
        String fitOn;
        String groupBy;
        double madEpsilon;
        Whitening whitening;
        double sphereEpsilon;
        String tvnBatch;
        double varianceThreshold;
        List<String> aggregateBy;
        Profiles.Combine combine;
        String nan;

        Draft(ProfilePipeline p) {
            steps = p.steps;
            controlColumn = p.controlColumn;
            control = p.control;
            fitOn = p.fitOn;
            groupBy = p.groupBy;
            madEpsilon = p.madEpsilon;
            whitening = p.whitening;
            sphereEpsilon = p.sphereEpsilon;
            tvnBatch = p.tvnBatch;
            varianceThreshold = p.varianceThreshold;
            aggregateBy = p.aggregateBy;
            combine = p.combine;
            nan = p.nan;
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
        validate();
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
        validate();
        switch (nan) {
            case "features" -> t = FiniteValues.dropFeatures(t, notes);
            case "rows" -> t = FiniteValues.dropRows(t, notes);
            default -> FiniteValues.requireFinite(t, "profile");
        }
        if (t.featureColumns().isEmpty() || t.rows() == 0) {
            throw new IllegalArgumentException("no finite data left after dropping NaN values");
        }
        for (String name : steps) {
            NormalizationStep step = STEPS.get(name).apply(this);
            boolean[] controls = controls(t);
            boolean[] fit = fitOn.equals("all") ? Columns.all(t.rows()) : controls;
            if (fitOn.equals("controls") && Columns.indices(controls).length == 0 && step.fitsOnRows()) {
                throw new IllegalArgumentException(name + " fits on the control rows, but no row has "
                        + controlColumn + " = " + control + " (use --fit-on all, or name the controls)");
            }
            t = step.apply(t, fit, controls, notes);
            Shape shape = new Shape(name, t.rows(), t.featureColumns().size());
            notes.accept(shape.toString());
            shapes.accept(shape);
        }
        return t;
    }

    /** The per-group fitting column, or null for the whole table. */
    private String group() {
        return groupBy == null || groupBy.isEmpty() || groupBy.equalsIgnoreCase("none") ? null : groupBy;
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
