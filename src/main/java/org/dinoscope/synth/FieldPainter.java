package org.dinoscope.synth;

import java.util.SplittableRandom;

import org.dinoscope.image.GaussianBlur;

/**
 * Paints one five-channel Cell Painting-like field (DNA, ER, RNA, AGP, Mito) of cells whose morphology
 * follows a {@link Phenotype}, then applies a {@link BatchEffect} and camera noise. Output: raw 16-bit
 * counts, channel planes one after another.
 */
public final class FieldPainter {
    public static final String[] CHANNELS = {"DNA", "ER", "RNA", "AGP", "Mito"};
    private static final double[] SCALE = {20000, 9000, 8000, 10000, 9000};
    private static final int DNA = 0;
    private static final int ER = 1;
    private static final int RNA = 2;
    private static final int AGP = 3;
    private static final int MITO = 4;

    private final int size;
    private final float[] planes;
    private final float[] fineTexture;
    private final float[] coarseTexture;
    private final SplittableRandom rng;

    private FieldPainter(int size, SplittableRandom rng) {
        this.size = size;
        this.rng = rng;
        this.planes = new float[CHANNELS.length * size * size];
        this.fineTexture = noise(1.0);
        this.coarseTexture = noise(3.0);
    }

    /** Paints a field; the same arguments give the same pixels. */
    public static float[] paint(int size, Phenotype ph, BatchEffect batch, SplittableRandom rng) {
        FieldPainter p = new FieldPainter(size, rng);
        p.cells(ph);
        p.acquire(batch);
        return p.planes;
    }

    private void cells(Phenotype ph) {
        double scale = size / 224.0;
        double area = (double) size * size;
        int n = (int) Math.round(area / (224.0 * 224.0) * 26 * (1 - 0.65 * ph.s(Mechanism.APOPTOSIS)));
        for (int i = 0; i < n; i++) {
            double cx = rng.nextDouble() * size;
            double cy = rng.nextDouble() * size;
            cell(ph, cx, cy, scale);
        }
    }

    private void cell(Phenotype ph, double cx, double cy, double scale) {
        double theta = rng.nextDouble() * Math.PI;
        double var = Math.exp(0.12 * gaussian());
        boolean mitotic = rng.nextDouble() < 0.03 + 0.6 * ph.s(Mechanism.MITOTIC_ARREST);
        boolean multi = !mitotic && rng.nextDouble() < 0.75 * ph.s(Mechanism.CYTOKINESIS);
        double apoptotic = ph.s(Mechanism.APOPTOSIS);
        double nucleusR = 7 * scale * var * (1 + 0.6 * ph.s(Mechanism.DNA_DAMAGE)) * (1 - 0.35 * apoptotic);
        double elongation = 1 + 0.9 * ph.s(Mechanism.NUCLEAR_SHAPE) + 0.08 * Math.abs(gaussian());
        double irregular = 0.25 * ph.s(Mechanism.NUCLEAR_SHAPE);
        double cellR = 16 * scale * var * (multi ? 1.4 : 1.0);
        double dnaBright = 1 + 1.5 * apoptotic;
        if (mitotic) {
            nucleusR = 4.5 * scale;
            elongation = 1;
            cellR = 9.5 * scale;
            dnaBright = 2.6;
        }
        // DNA: one nucleus, or two or three for cells that failed cytokinesis
        int nuclei = multi ? 2 + rng.nextInt(2) : 1;
        for (int k = 0; k < nuclei; k++) {
            double ox = nuclei == 1 ? 0 : Math.cos(theta + k * 2 * Math.PI / nuclei) * nucleusR * 1.1;
            double oy = nuclei == 1 ? 0 : Math.sin(theta + k * 2 * Math.PI / nuclei) * nucleusR * 1.1;
            ellipse(DNA, cx + ox, cy + oy, nucleusR * Math.sqrt(elongation), nucleusR / Math.sqrt(elongation), theta,
                    irregular, dnaBright, fineTexture, 0.25);
            // RNA: nucleoli inside each nucleus
            int nucleoli = 2 + rng.nextInt(2);
            double nucleolus = 1 - 0.9 * ph.s(Mechanism.RNA_SYNTHESIS);
            for (int j = 0; j < nucleoli && !mitotic; j++) {
                double a = rng.nextDouble() * 2 * Math.PI;
                double r = rng.nextDouble() * nucleusR * 0.5;
                spot(RNA, cx + ox + r * Math.cos(a), cy + oy + r * Math.sin(a), 1.6 * scale, 1.1 * nucleolus);
            }
        }
        // ER: perinuclear reticulum, diffuse and swollen under ER stress; radial microtubule-like fibres
        double erStress = ph.s(Mechanism.ER_STRESS);
        cytoplasm(ER, cx, cy, nucleusR, cellR * (1 + 0.25 * erStress), 0.45 * (1 + 1.2 * erStress),
                erStress > 0.5 ? coarseTexture : fineTexture, 0.7 * (1 - 0.6 * erStress));
        int fibres = (int) Math.round(7 * (1 - ph.s(Mechanism.MITOTIC_ARREST)) * (mitotic ? 0 : 1));
        for (int f = 0; f < fibres; f++) {
            double a = rng.nextDouble() * 2 * Math.PI;
            line(ER, cx + Math.cos(a) * nucleusR, cy + Math.sin(a) * nucleusR, cx + Math.cos(a) * cellR * 0.95,
                    cy + Math.sin(a) * cellR * 0.95, 0.8 * scale, 0.35);
        }
        // RNA: cytoplasmic signal
        cytoplasm(RNA, cx, cy, nucleusR, cellR, 0.22 * (1 - 0.5 * ph.s(Mechanism.RNA_SYNTHESIS)), fineTexture, 0.3);
        // AGP: cortical actin ring; stress fibres; collapsed aggregates
        double fibresS = ph.s(Mechanism.STRESS_FIBRES);
        double disrupt = ph.s(Mechanism.ACTIN_DISRUPTION);
        ring(AGP, cx, cy, cellR, 1.6 * scale, 0.8 * (1 - 0.7 * fibresS) * (1 - 0.8 * disrupt));
        cytoplasm(AGP, cx, cy, 0, cellR, 0.1, fineTexture, 0.2);
        int stress = (int) Math.round(7 * fibresS);
        for (int f = 0; f < stress; f++) {
            double off = (f - (stress - 1) / 2.0) * cellR * 0.25;
            double px = -Math.sin(theta) * off;
            double py = Math.cos(theta) * off;
            double half = Math.sqrt(Math.max(0, cellR * cellR - off * off)) * 0.95;
            line(AGP, cx + px - Math.cos(theta) * half, cy + py - Math.sin(theta) * half,
                    cx + px + Math.cos(theta) * half, cy + py + Math.sin(theta) * half, 0.9 * scale, 0.8);
        }
        int aggregates = (int) Math.round(9 * disrupt);
        for (int a = 0; a < aggregates; a++) {
            double ang = rng.nextDouble() * 2 * Math.PI;
            double r = (0.3 + 0.6 * rng.nextDouble()) * cellR;
            spot(AGP, cx + r * Math.cos(ang), cy + r * Math.sin(ang), 1.8 * scale, 1.6);
        }
        // Mito: tubular network, fragmented into puncta by uncouplers
        double frag = ph.s(Mechanism.MITO_FRAGMENTATION);
        int segments = (int) Math.round(12 * (1 + 1.2 * frag));
        double length = 8 * scale * (1 - 0.85 * frag);
        for (int m = 0; m < segments; m++) {
            double ang = rng.nextDouble() * 2 * Math.PI;
            double r = nucleusR + rng.nextDouble() * (cellR - nucleusR);
            double x0 = cx + r * Math.cos(ang);
            double y0 = cy + r * Math.sin(ang);
            double dir = rng.nextDouble() * Math.PI;
            line(MITO, x0, y0, x0 + Math.cos(dir) * length, y0 + Math.sin(dir) * length, 1.0 * scale, 0.9);
        }
    }

    // ---- drawing primitives: each adds intensity to one channel over a bounding box ----

    private void ellipse(int ch, double cx, double cy, double a, double b, double theta, double irregular,
                         double amp, float[] texture, double textureAmp) {
        double r = Math.max(a, b) * (1 + irregular) + 2;
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double phase = rng.nextDouble() * 2 * Math.PI;
        box(cx, cy, r, (x, y, i) -> {
            double dx = x - cx;
            double dy = y - cy;
            double u = (dx * c + dy * s) / a;
            double v = (-dx * s + dy * c) / b;
            double d = Math.sqrt(u * u + v * v) / (1 + irregular * Math.sin(3 * Math.atan2(v, u) + phase));
            double edge = 1 / (1 + Math.exp((d - 1) * 8));
            add(ch, i, amp * edge * (1 + textureAmp * texture[i]));
        });
    }

    private void cytoplasm(int ch, double cx, double cy, double inner, double outer, double amp, float[] texture,
                           double textureAmp) {
        box(cx, cy, outer + 2, (x, y, i) -> {
            double d = Math.hypot(x - cx, y - cy);
            if (d > outer + 2) {
                return;
            }
            double inside = 1 / (1 + Math.exp((d - outer) * 1.5));
            double falloff = d < inner ? 0.6 : Math.exp(-(d - inner) / Math.max(1, outer - inner));
            add(ch, i, amp * inside * falloff * Math.max(0, 1 + textureAmp * texture[i]));
        });
    }

    private void ring(int ch, double cx, double cy, double radius, double width, double amp) {
        box(cx, cy, radius + 3 * width, (x, y, i) -> {
            double d = Math.hypot(x - cx, y - cy) - radius;
            add(ch, i, amp * Math.exp(-d * d / (2 * width * width)));
        });
    }

    private void spot(int ch, double cx, double cy, double sigma, double amp) {
        box(cx, cy, 3 * sigma, (x, y, i) -> {
            double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            add(ch, i, amp * Math.exp(-d2 / (2 * sigma * sigma)));
        });
    }

    private void line(int ch, double x0, double y0, double x1, double y1, double width, double amp) {
        double mx = (x0 + x1) / 2;
        double my = (y0 + y1) / 2;
        double half = Math.hypot(x1 - x0, y1 - y0) / 2 + 3 * width;
        double len2 = (x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0);
        box(mx, my, half, (x, y, i) -> {
            double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / len2));
            double px = x0 + t * (x1 - x0) - x;
            double py = y0 + t * (y1 - y0) - y;
            add(ch, i, amp * Math.exp(-(px * px + py * py) / (2 * width * width)));
        });
    }

    private interface PixelOp {
        void apply(int x, int y, int index);
    }

    private void box(double cx, double cy, double r, PixelOp op) {
        int x0 = Math.max(0, (int) Math.floor(cx - r));
        int x1 = Math.min(size - 1, (int) Math.ceil(cx + r));
        int y0 = Math.max(0, (int) Math.floor(cy - r));
        int y1 = Math.min(size - 1, (int) Math.ceil(cy + r));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                op.apply(x, y, y * size + x);
            }
        }
    }

    private void add(int ch, int i, double v) {
        planes[ch * size * size + i] += (float) v;
    }

    /** Smooth random texture with unit standard deviation. */
    private float[] noise(double sigma) {
        float[] t = new float[size * size];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) gaussian();
        }
        GaussianBlur.blur(t, 0, size, size, sigma);
        double ss = 0;
        for (float v : t) {
            ss += v * v;
        }
        float norm = (float) Math.sqrt(ss / t.length);
        for (int i = 0; i < t.length; i++) {
            t[i] /= norm;
        }
        return t;
    }

    /** Microscope and camera: blur, vignetting, gain, offset, shot and read noise; counts in 16 bits. */
    private void acquire(BatchEffect b) {
        int n = size * size;
        double c = (size - 1) / 2.0;
        double rmax2 = 2 * c * c;
        for (int ch = 0; ch < CHANNELS.length; ch++) {
            GaussianBlur.blur(planes, ch * n, size, size, b.blurSigma());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = ch * n + y * size + x;
                    double r2 = ((x - c) * (x - c) + (y - c) * (y - c)) / rmax2;
                    double signal = planes[i] * SCALE[ch] * b.gain() * (1 - b.vignetting() * r2);
                    double counts = b.offset() + signal + 0.02 * SCALE[ch] * b.gain();
                    counts += Math.sqrt(Math.max(counts, 0)) * gaussian() + 15 * gaussian();
                    planes[i] = (float) Math.max(0, Math.min(65535, Math.round(counts)));
                }
            }
        }
    }

    private double gaussian() {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
