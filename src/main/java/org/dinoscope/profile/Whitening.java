package org.dinoscope.profile;

import java.util.Locale;

/** Whitening variants (Kessy et al. 2016, as named by pycytominer). */
public enum Whitening {
    ZCA, PCA, ZCA_COR, PCA_COR;

    public static Whitening parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "zca" -> ZCA;
            case "pca" -> PCA;
            case "zca-cor" -> ZCA_COR;
            case "pca-cor" -> PCA_COR;
            default -> throw new IllegalArgumentException("unknown whitening '" + s
                    + "' (zca, pca, zca-cor, pca-cor)");
        };
    }
}
