package org.dinoscope.synth;

import java.util.Arrays;
import java.util.List;

/**
 * A mechanism of action and the phenotype it drives, in the channel where Cell Painting sees it. The
 * strength s in [0, 1] (from dose and potency) moves each cell parameter from its DMSO value towards
 * the extreme given here.
 */
public enum Mechanism {
    DMSO("DMSO", "untreated control"),
    DNA_DAMAGE("DNA damage", "enlarged nuclei (DNA)"),
    APOPTOSIS("apoptosis inducer", "small, bright, condensed nuclei; fewer cells (DNA, density)"),
    NUCLEAR_SHAPE("nuclear lamina disruption", "elongated, irregular nuclei (DNA)"),
    MITOTIC_ARREST("microtubule destabiliser", "rounded mitotic cells with condensed chromatin; microtubule-like "
            + "ER fibres lost (DNA, ER, AGP)"),
    CYTOKINESIS("Aurora kinase inhibitor", "multinucleated, enlarged cells (DNA, AGP)"),
    STRESS_FIBRES("Rho activator", "actin stress fibres across the cell instead of a cortical ring (AGP)"),
    ACTIN_DISRUPTION("actin polymerisation inhibitor", "actin collapsed into bright aggregates (AGP)"),
    MITO_FRAGMENTATION("mitochondrial uncoupler", "mitochondria fragmented into puncta (Mito)"),
    ER_STRESS("ER stress inducer", "swollen, diffuse, bright ER (ER)"),
    RNA_SYNTHESIS("RNA polymerase inhibitor", "nucleoli lost, cytoplasmic RNA dimmed (RNA)");

    private final String label;
    private final String phenotype;

    Mechanism(String label, String phenotype) {
        this.label = label;
        this.phenotype = phenotype;
    }

    public String label() {
        return label;
    }

    public String phenotype() {
        return phenotype;
    }

    /** Every mechanism but the control. */
    public static List<Mechanism> treatments() {
        return Arrays.stream(values()).filter(m -> m != DMSO).toList();
    }
}
