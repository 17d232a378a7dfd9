package org.dinoscope.synth;

import java.util.EnumMap;
import java.util.Map;

/** How strongly each mechanism acts on a well: strength in [0, 1] per mechanism (DMSO: none). */
public final class Phenotype {
    private final Map<Mechanism, Double> strength = new EnumMap<>(Mechanism.class);

    public static Phenotype control() {
        return new Phenotype();
    }

    /** A compound of the given mechanism, potency and dose: strength = c / (c + 1) with c = dose x potency. */
    public static Phenotype of(Mechanism m, double potency, double doseMicromolar) {
        Phenotype p = new Phenotype();
        if (m != Mechanism.DMSO) {
            double c = doseMicromolar * potency;
            p.strength.put(m, c / (c + 1));
        }
        return p;
    }

    public double s(Mechanism m) {
        return strength.getOrDefault(m, 0.0);
    }
}
