package org.dinoscope.profile;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.math3.linear.RealMatrix;
import org.dinoscope.table.ProfileTable;

/**
 * {@code tvn}: typical variation normalisation (Ando et al. 2017): PCA whitening fitted on the fit rows (the
 * control rows), then, when a batch column is given, each batch aligned to the controls of all batches by CORAL
 * (Sun et al. 2016): y' = (y - m_b) (C_b + I)^(-1/2) (C + I)^(1/2) + m, with C_b and m_b the covariance and mean
 * of the batch's control rows in the whitened space, C and m those of all control rows.
 */
public final class Tvn implements NormalizationStep {
    private final String batchColumn;
    private final double epsilon;

    /** @param batchColumn the batch column to align, or null for whitening alone */
    public Tvn(String batchColumn, double epsilon) {
        this.batchColumn = batchColumn;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "tvn";
    }

    @Override
    public ProfileTable apply(ProfileTable t, boolean[] fit, boolean[] controls, Consumer<String> notes) {
        ProfileTable w = new Spherize(Whitening.PCA, epsilon).apply(t, fit, fit, notes);
        if (batchColumn == null) {
            return w;
        }
        double[][] y = Columns.toDouble(w.matrix());
        int d = w.featureColumns().size();
        int[] all = Columns.indices(fit);
        double[] m = Columns.mean(y, all);
        RealMatrix target = Covariance.sqrtm(Covariance.covariance(y, all, m), 0.5);
        Map<String, List<Integer>> batches = Columns.groups(w, batchColumn);
        float[][] out = new float[w.rows()][];
        for (Map.Entry<String, List<Integer>> e : batches.entrySet()) {
            int[] ctrl = e.getValue().stream().filter(r -> fit[r]).mapToInt(Integer::intValue).toArray();
            if (ctrl.length < 2) {
                throw new IllegalArgumentException("tvn: batch " + e.getKey() + " has " + ctrl.length
                        + " control rows; aligning a batch needs at least 2");
            }
            double[] mb = Columns.mean(y, ctrl);
            RealMatrix a = Covariance.sqrtm(Covariance.covariance(y, ctrl, mb), -0.5).multiply(target);
            for (int r : e.getValue()) {
                double[] c = new double[d];
                for (int k = 0; k < d; k++) {
                    c[k] = y[r][k] - mb[k];
                }
                double[] aligned = a.preMultiply(c);
                float[] row = new float[d];
                for (int k = 0; k < d; k++) {
                    row[k] = (float) (aligned[k] + m[k]);
                }
                out[r] = row;
            }
        }
        return w.withFeatures(w.featureColumns(), out);
    }
}
