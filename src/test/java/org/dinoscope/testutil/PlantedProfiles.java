package org.dinoscope.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dinoscope.table.ProfileTable;

/**
 * A well-level profile table with known structure: mechanisms whose signal lives in one channel each, two
 * compounds per mechanism, two plates in two batches, DMSO wells, features named {@code <channel>_<k>}.
 */
public final class PlantedProfiles {
    public static final List<String> CHANNELS = List.of("DNA", "RNA", "AGP");
    public static final List<String> MOAS = List.of("dnaish", "rnaish", "agpish");

    private PlantedProfiles() {
    }

    /**
     * @param perChannel features per channel
     * @param signal     size of a mechanism's shift, in units of the well noise
     */
    public static ProfileTable wells(int perChannel, double signal, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> features = new ArrayList<>();
        for (String c : CHANNELS) {
            for (int k = 0; k < perChannel; k++) {
                features.add(c + "_" + k);
            }
        }
        ProfileTable t = new ProfileTable(List.of("Metadata_Plate", "Metadata_Well", "Metadata_Compound",
                "Metadata_Concentration", "Metadata_moa", "Metadata_Batch"), features);
        int d = features.size();
        double[][] direction = new double[MOAS.size() * 2][d];
        for (int m = 0; m < MOAS.size(); m++) {
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < perChannel; k++) { // signal only in the mechanism's own channel
                    direction[m * 2 + c][m * perChannel + k] = gaussian(rng) + (k % 2 == 0 ? 1 : -1);
                }
            }
        }
        for (int p = 0; p < 2; p++) {
            String plate = "P" + (p + 1);
            double[] plateOffset = new double[d];
            for (int k = 0; k < d; k++) {
                plateOffset[k] = 0.3 * gaussian(rng);
            }
            int well = 0;
            for (int m = 0; m < MOAS.size(); m++) {
                for (int c = 0; c < 2; c++) {
                    for (String dose : List.of("1", "3")) {
                        double s = signal * (dose.equals("1") ? 0.7 : 1.0);
                        add(t, rng, plate, well++, MOAS.get(m) + "-" + (char) ('a' + c), dose, MOAS.get(m), p,
                                plateOffset, direction[m * 2 + c], s);
                    }
                }
            }
            for (int r = 0; r < 4; r++) {
                add(t, rng, plate, well++, "DMSO", "0", "DMSO", p, plateOffset, new double[d], 0);
            }
        }
        return t;
    }

    private static void add(ProfileTable t, SplittableRandom rng, String plate, int well, String compound, String dose,
                            String moa, int p, double[] offset, double[] direction, double s) {
        float[] v = new float[offset.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (offset[k] + s * direction[k] + gaussian(rng));
        }
        t.addRow(List.of(plate, String.format("A%02d", well + 1), compound, dose, moa, "B" + (p + 1)), v);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
