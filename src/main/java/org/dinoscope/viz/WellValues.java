package org.dinoscope.viz;

import java.util.Collections;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.dinoscope.eval.AveragePrecision;
import org.dinoscope.eval.Cosine;
import org.dinoscope.profile.FiniteValues;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Profiles;

/**
 * One number per well of a well table, for the plate view: the cosine distance of the well's profile to the mean
 * profile of its plate's control wells, one feature, one principal component of all the table's wells, or replicate
 * retrieval as {@code evaluate} computes it (the mAP of the well's replicate group, that group's
 * Benjamini-Hochberg corrected p-value, or the well's own average precision as a query), through the same
 * {@link AveragePrecision} code with the same pair rules, null size and seed, so the numbers are the report's.
 */
public final class WellValues {
    /** The value a plate view shows. */
    public enum Kind {
        DISTANCE, FEATURE, PC, MAP, MAP_P, AP;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown plate value '" + s + "' (distance, feature, pc, map, "
                        + "map_p, ap)");
            }
        }

        /** Values on a fixed 0..1 scale (precisions and p-values); the others span the table's values. */
        boolean unitRange() {
            return this == MAP || this == MAP_P || this == AP;
        }
    }

    /**
     * @param feature       the feature shown by {@link Kind#FEATURE}
     * @param component     the principal component shown by {@link Kind#PC}, from 1
     * @param controlColumn column of the control value (as evaluate's --compound and plot's --control-column)
     * @param control       control value (DMSO): the distance's reference, the mAP's negatives
     * @param replicateBy   replicates share these columns (empty: the control column, as evaluate)
     * @param nullSize      random rankings per mAP null distribution (evaluate: 10000)
     * @param seed          seed of the null distributions (evaluate: 0)
     */
    public record Options(Kind kind, String feature, int component, String controlColumn, String control,
                          List<String> replicateBy, int nullSize, long seed) {
        public Options {
            replicateBy = replicateBy == null ? List.of() : List.copyOf(replicateBy);
        }
    }

    /**
     * The wells of one plate: for each, its row in {@link Result#table}, its name and its value (NaN: the well has no
     * value, e.g. a control well has no replicate mAP).
     */
    public record Plate(String name, int[] rows, List<String> wells, double[] values) {
    }

    /**
     * Every plate's wells, the well-level table they come from, what the value is ({@code title} for a figure's
     * title, {@code unit} for its colour bar, {@code column} for a table of the numbers) and the colour scale's
     * range (0..1 for precisions and p-values, else the smallest to the largest value of the table).
     */
    public record Result(ProfileTable table, List<Plate> plates, String title, String unit, String column,
                         double lower, double upper) {
        /** The plate of that name; fails naming the plates there are. */
        public Plate plate(String name) {
            for (Plate p : plates) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no plate '" + name + "' in the table (plates: "
                    + String.join(", ", plates.stream().map(Plate::name).toList()) + ")");
        }

        /** The values of the plates named as a table: plate, well and the value, one row per well, for --table. */
        public ProfileTable numbers(List<String> drawn) {
            ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well"), List.of(column));
            for (String name : drawn) {
                Plate p = plate(name);
                for (int i = 0; i < p.wells().size(); i++) {
                    t.addRow(List.of(p.name(), p.wells().get(i)), new float[] {(float) p.values()[i]});
                }
            }
            return t;
        }
    }

    public static final String PLATE = "Metadata_Plate";
    public static final String WELL = "Metadata_Well";

    private WellValues() {
    }

    /**
     * The values of every well of the table. A table with several rows per plate and well (fields.csv) is first
     * aggregated to the mean of each well; a table without a plate column is one plate named "". Fails naming a
     * missing column, feature or plate without control wells.
     */
    public static Result compute(ProfileTable input, Options o, Consumer<String> notes) {
        FiniteValues.requireFinite(input, "plot plate");
        input.column(WELL); // fails naming the column and the ones there are
        List<String> key = input.hasColumn(PLATE) ? List.of(PLATE, WELL) : List.of(WELL);
        ProfileTable t = input;
        Set<List<String>> distinct = new HashSet<>();
        for (int r = 0; r < input.rows(); r++) {
            final int row = r;
            distinct.add(key.stream().map(c -> input.metadata(row, c)).toList());
        }
        if (distinct.size() < input.rows()) {
            t = Profiles.aggregate(input, key, Profiles.Combine.MEAN, true);
            notes.accept("several rows per well: " + input.rows() + " rows averaged to " + t.rows() + " wells");
        }
        double[] v;
        String title;
        String unit;
        String column;
        switch (o.kind()) {
            case DISTANCE -> {
                v = distances(t, plateOf(t), o.controlColumn(), o.control());
                title = "Cosine distance to the mean of the controls (" + strip(o.controlColumn()) + " = " + o.control()
                        + ")";
                unit = "cosine distance to controls";
                column = "distance_to_controls";
            }
            case FEATURE -> {
                int f = t.featureColumns().indexOf(o.feature());
                if (f < 0) {
                    throw new IllegalArgumentException("no feature '" + o.feature() + "' in the table (features: "
                            + shortList(t.featureColumns()) + ")");
                }
                v = new double[t.rows()];
                for (int r = 0; r < t.rows(); r++) {
                    v[r] = t.features(r)[f];
                }
                title = "Feature " + o.feature();
                unit = o.feature();
                column = o.feature();
            }
            case PC -> {
                int k = o.component();
                int most = Math.min(t.rows(), t.featureColumns().size());
                if (k < 1 || k > most) {
                    throw new IllegalArgumentException("principal component " + k + " asked for; " + t.rows()
                            + " wells of " + t.featureColumns().size() + " features have components 1 to " + most);
                }
                double[][] scores = Pca.project(t.matrix(), k);
                v = new double[t.rows()];
                for (int r = 0; r < t.rows(); r++) {
                    v[r] = scores[r][k - 1];
                }
                title = "Principal component " + k + " of the " + t.rows() + " wells";
                unit = "PC " + k;
                column = "PC_" + k;
            }
            default -> {
                v = retrieval(t, o, notes);
                List<String> rep = replicates(o);
                String group = "replicates: same " + String.join(" and ", rep.stream().map(WellValues::strip).toList());
                title = switch (o.kind()) {
                    case MAP -> "Replicate mAP of the well's group (" + group + ")";
                    case MAP_P -> "Replicate mAP, corrected p-value of the well's group (" + group + ")";
                    default -> "Average precision of each well as a query (" + group + ")";
                };
                unit = o.kind() == Kind.MAP ? "replicate mAP" : o.kind() == Kind.MAP_P ? "corrected p-value" : "AP";
                column = o.kind() == Kind.MAP ? "mean_average_precision" : o.kind() == Kind.MAP_P
                        ? "corrected_p_value" : "average_precision";
            }
        }
        double lower = 0;
        double upper = 1;
        if (!o.kind().unitRange()) {
            lower = Double.POSITIVE_INFINITY;
            upper = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lower = Math.min(lower, x);
                    upper = Math.max(upper, x);
                }
            }
            if (!(upper > lower)) { // one value (or none): a scale of width 1 around it
                lower = Double.isFinite(lower) ? lower - 0.5 : 0;
                upper = lower + 1;
            }
        }
        return new Result(t, plates(t, v), title, unit, column, lower, upper);
    }

    /**
     * Cosine distance of each well's profile to the mean profile of its plate's control wells (1 - cosine
     * similarity, in double precision; the controls' own distances included).
     */
    static double[] distances(ProfileTable t, List<String> plateOf, String controlColumn, String control) {
        List<String> c = t.column(controlColumn);
        Map<String, List<Integer>> byPlate = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            byPlate.computeIfAbsent(plateOf.get(r), p -> new ArrayList<>()).add(r);
        }
        double[] out = new double[t.rows()];
        int d = t.featureColumns().size();
        for (Map.Entry<String, List<Integer>> plate : byPlate.entrySet()) {
            double[] mean = new double[d];
            int controls = 0;
            for (int r : plate.getValue()) {
                if (c.get(r).equals(control)) {
                    float[] f = t.features(r);
                    for (int k = 0; k < d; k++) {
                        mean[k] += f[k];
                    }
                    controls++;
                }
            }
            if (controls == 0) {
                throw new IllegalArgumentException("plate " + plate.getKey() + " has no control well (" + controlColumn
                        + " = " + control + "); name the controls with --control and --control-column (Fiji: "
                        + "control, control_column)");
            }
            float[][] rows = new float[plate.getValue().size() + 1][];
            float[] m = new float[d];
            for (int k = 0; k < d; k++) {
                m[k] = (float) (mean[k] / controls);
            }
            for (int i = 0; i < plate.getValue().size(); i++) {
                rows[i] = t.features(plate.getValue().get(i));
            }
            rows[rows.length - 1] = m;
            Cosine cos = new Cosine(rows);
            for (int i = 0; i < plate.getValue().size(); i++) {
                out[plate.getValue().get(i)] = cos.distance(i, rows.length - 1);
            }
        }
        return out;
    }

    /**
     * Replicate retrieval as evaluate's {@code map}: every non-control well queries for the wells sharing the
     * replicate columns against the control wells (against the other perturbations when the table has no control
     * well), over the whole table, all plates together; the value of a well is its group's mAP or corrected
     * p-value, or its own AP. Wells that are no query (controls) or have no replicate get NaN.
     */
    private static double[] retrieval(ProfileTable t, Options o, Consumer<String> notes) {
        List<String> rep = replicates(o);
        rep.forEach(t::column); // fails naming a missing column
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : t.metadataColumns()) {
            cols.put(c, t.column(c));
        }
        boolean[] control = new boolean[t.rows()];
        boolean[] query = new boolean[t.rows()];
        boolean anyControl = false;
        List<String> c = t.hasColumn(o.controlColumn()) ? t.column(o.controlColumn()) : null;
        for (int r = 0; r < t.rows(); r++) {
            control[r] = c != null && o.control() != null && c.get(r).equals(o.control());
            query[r] = !control[r];
            anyControl |= control[r];
        }
        if (!anyControl) {
            notes.accept("no control well (" + o.controlColumn() + " = " + o.control() + "): a well's negatives are "
                    + "the wells of other perturbations");
        }
        AveragePrecision.Rules rules = new AveragePrecision.Rules(rep, List.of(), List.of(), rep,
                anyControl ? control : null);
        List<AveragePrecision.Score> scores = AveragePrecision.scores(new Cosine(t.matrix()), cols, rules, query);
        double[] v = new double[t.rows()];
        Arrays.fill(v, Double.NaN);
        if (scores.isEmpty()) {
            notes.accept("no well has a replicate (" + String.join("+", rep) + "): no value to show");
            return v;
        }
        if (o.kind() == Kind.AP) {
            scores.forEach(s -> v[s.row()] = s.averagePrecision());
            return v;
        }
        AveragePrecision.Summary s = AveragePrecision.meanAveragePrecision(scores, cols, rep, o.nullSize(), o.seed(),
                0.05);
        Map<List<String>, AveragePrecision.Group> groups = new LinkedHashMap<>();
        s.groups().forEach(g -> groups.put(g.key(), g));
        for (AveragePrecision.Score score : scores) {
            AveragePrecision.Group g = groups.get(rep.stream().map(col -> cols.get(col).get(score.row())).toList());
            v[score.row()] = o.kind() == Kind.MAP ? g.meanAveragePrecision() : g.correctedPValue();
        }
        return v;
    }

    private static List<String> replicates(Options o) {
        return o.replicateBy().isEmpty() ? List.of(o.controlColumn()) : o.replicateBy();
    }

    private static List<String> plateOf(ProfileTable t) {
        return t.hasColumn(PLATE) ? t.column(PLATE) : Collections.nCopies(t.rows(), "");
    }

    /** The wells grouped by plate, plates and wells in table order. */
    private static List<Plate> plates(ProfileTable t, double[] v) {
        Map<String, List<Integer>> byPlate = new LinkedHashMap<>();
        List<String> plate = plateOf(t);
        for (int r = 0; r < t.rows(); r++) {
            byPlate.computeIfAbsent(plate.get(r), p -> new ArrayList<>()).add(r);
        }
        List<Plate> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byPlate.entrySet()) {
            int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            List<String> wells = new ArrayList<>();
            double[] values = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                wells.add(t.metadata(rows[i], WELL));
                values[i] = v[rows[i]];
            }
            out.add(new Plate(e.getKey(), rows, wells, values));
        }
        return out;
    }

    private static String shortList(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ... (" + names.size() + " in all)";
    }

    private static String strip(String column) {
        return column.startsWith("Metadata_") ? column.substring("Metadata_".length()) : column;
    }
}
