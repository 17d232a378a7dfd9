package org.dinoscope.plate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Well names in one spelling: row letter(s) and a two-digit column, e.g. A01, P24, AF48. */
public final class Wells {
    private static final Pattern WELL = Pattern.compile("^([A-Za-z]{1,2})0*(\\d{1,3})$");

    private Wells() {
    }

    /** "a1", "A01", "A001" -> "A01"; null when the text is not a well name. */
    public static String normalise(String well) {
        if (well == null) {
            return null;
        }
        Matcher m = WELL.matcher(well.trim());
        if (!m.matches()) {
            return null;
        }
        return m.group(1).toUpperCase(Locale.ROOT) + String.format("%02d", Integer.parseInt(m.group(2)));
    }

    /** Row and column numbers from 1 (Opera Phenix's r01c01) to a well name. */
    public static String fromRowColumn(int row, int column) {
        StringBuilder letters = new StringBuilder();
        int r = row;
        while (r > 0) {
            int rem = (r - 1) % 26;
            letters.insert(0, (char) ('A' + rem));
            r = (r - 1) / 26;
        }
        return letters + String.format("%02d", column);
    }
}
