package org.dinoscope.viz;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinoscope.plate.Wells;

/**
 * The SBS plate formats a plate view draws: 96 (8 x 12), 384 (16 x 24) and 1536 (32 x 48) wells, row A at the
 * top and column 1 on the left. Well names are read as {@link Wells} writes them (A01, P24, AF48; A1 and a001
 * too).
 */
public enum PlateFormat {
    W96(8, 12), W384(16, 24), W1536(32, 48);

    private static final Pattern WELL = Pattern.compile("^([A-Za-z]{1,2})0*(\\d{1,3})$");

    private final int rows;
    private final int columns;

    PlateFormat(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int wells() {
        return rows * columns;
    }

    /** 96, 384 or 1536; "auto" (or blank) gives null, for {@link #fitting}. */
    public static PlateFormat parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto" -> null;
            case "96" -> W96;
            case "384" -> W384;
            case "1536" -> W1536;
            default -> throw new IllegalArgumentException("unknown plate format '" + s + "' (auto, 96, 384, 1536)");
        };
    }

    /** The smallest format that holds every well named (A01..H12: 96; up to P24: 384; up to AF48: 1536). */
    public static PlateFormat fitting(Collection<String> wells) {
        int maxRow = 0;
        int maxColumn = 0;
        for (String w : wells) {
            int[] rc = rowColumn(w);
            maxRow = Math.max(maxRow, rc[0]);
            maxColumn = Math.max(maxColumn, rc[1]);
        }
        for (PlateFormat f : values()) {
            if (maxRow < f.rows && maxColumn < f.columns) {
                return f;
            }
        }
        throw new IllegalArgumentException("the wells reach row " + rowLabel(maxRow) + " and column " + (maxColumn + 1)
                + ": more than a 1536-well plate (32 rows A..AF, 48 columns)");
    }

    /**
     * Row and column of a well name, from 0 (A01 is 0, 0; P24 is 15, 23); fails naming a text that is not a well
     * name.
     */
    public static int[] rowColumn(String well) {
        Matcher m = WELL.matcher(well == null ? "" : well.trim());
        int column = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        if (!m.matches() || column < 1) {
            throw new IllegalArgumentException("'" + well + "' is not a well name (a row letter A..AF and a column "
                    + "number, e.g. A01, P24, AF48)");
        }
        String letters = m.group(1).toUpperCase(Locale.ROOT);
        int row = 0;
        for (char c : letters.toCharArray()) {
            row = row * 26 + (c - 'A' + 1);
        }
        return new int[] {row - 1, column - 1};
    }

    /** Where a well sits on this plate; fails naming a well outside it. */
    public int[] position(String well) {
        int[] rc = rowColumn(well);
        if (rc[0] >= rows || rc[1] >= columns) {
            throw new IllegalArgumentException("well " + well + " is outside a " + this + "-well plate (" + rows
                    + " rows A.." + rowLabel(rows - 1) + ", " + columns + " columns)");
        }
        return rc;
    }

    /** The name of the well at a row and column from 0: 0, 0 is A01. */
    public static String wellName(int row, int column) {
        return Wells.fromRowColumn(row + 1, column + 1);
    }

    /** The letters of a row from 0: A, B, ..., Z, AA, ..., AF. */
    public static String rowLabel(int row) {
        String w = wellName(row, 0);
        return w.substring(0, w.length() - 2);
    }

    @Override
    public String toString() {
        return String.valueOf(wells());
    }
}
