package org.dinoscope.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.model.checkpoint.Tensor;
import org.dinoscope.model.VitArchitecture;
import org.dinoscope.model.VitForward;

/**
 * The state of a DINO run and one step of it, as {@code train_one_epoch} in facebookresearch/dino does it:
 * teacher on the 2 global crops, student on all crops, DINO loss, backward, per-parameter gradient clipping,
 * last-layer freezing, AdamW (PyTorch's algorithm, two parameter groups: weights decayed, biases and 1-D
 * tensors not), centre update and the teacher's EMA of the student. Written out on NDArrays rather than
 * DJL's {@code Adam}, which applies weight decay as an L2 term in the gradient, not AdamW's decoupled decay.
 *
 * <p>State tensors are named as DINO's checkpoint names them, so {@link #state()} saved as safetensors is
 * read by {@code embed} (teacher backbone) and by {@link #restore} (everything).
 */
public final class DinoTraining implements AutoCloseable {
    static final String TEACHER = "teacher.";
    static final String STUDENT = "student.module.";
    static final String BACKBONE = "backbone.";
    static final String HEAD = "head.";
    static final String EXP_AVG = "optimizer.exp_avg.";
    static final String EXP_AVG_SQ = "optimizer.exp_avg_sq.";
    static final String ADAM_STEP = "optimizer.step.";
    static final String CENTER = "dino_loss.center";
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final VitArchitecture arch;
    private final DinoHead head;
    private final NDManager manager;
    /** Student and teacher parameters under "backbone.*" and "head.*" names. */
    private final Map<String, NDArray> student = new LinkedHashMap<>();
    private final Map<String, NDArray> teacher = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
    private final Map<String, Integer> adamSteps = new LinkedHashMap<>();
    private NDArray center;
    private Map<String, float[]> lastGradients;
    private String lastFailure;

    /** Hyper-parameters of one step, read off the schedules. */
    public record StepParams(double lr, double weightDecay, double momentum, double teacherTemp, double studentTemp,
                             double centerMomentum, double clipGrad, boolean freezeLastLayer) {
    }

    private DinoTraining(VitArchitecture arch, DinoHead head, Device device) {
        this.arch = arch;
        this.head = head;
        this.manager = EngineSetup.engine().newBaseManager(device);
        this.center = manager.zeros(new Shape(1, head.out()));
    }

    /** A fresh run: student and teacher start from the same backbone and head weights. */
    public static DinoTraining start(VitArchitecture arch, Map<String, Tensor> backbone, DinoHead head,
                                     Map<String, Tensor> headWeights, Device device) {
        DinoTraining t = new DinoTraining(arch, head, device);
        for (String k : arch.expectedShapes().keySet()) {
            t.put(BACKBONE + k, backbone.get(k), backbone.get(k));
        }
        for (String k : head.shapes().keySet()) {
            t.put(HEAD + k, headWeights.get(k), headWeights.get(k));
        }
        return t;
    }

    /** A run continued from {@link #state()}: weights, optimizer moments and step counts, and the centre. */
    public static DinoTraining restore(VitArchitecture arch, DinoHead head, Map<String, Tensor> state,
                                       Device device) {
        DinoTraining t = new DinoTraining(arch, head, device);
        List<String> names = new ArrayList<>();
        arch.expectedShapes().keySet().forEach(k -> names.add(BACKBONE + k));
        head.shapes().keySet().forEach(k -> names.add(HEAD + k));
        for (String k : names) {
            t.put(k, require(state, STUDENT + k), require(state, TEACHER + k));
            Tensor m = state.get(EXP_AVG + k);
            if (m != null) {
                t.expAvg.put(k, t.manager.create(m.data(), new Shape(m.shape())));
                t.expAvgSq.put(k, t.manager.create(require(state, EXP_AVG_SQ + k).data(), new Shape(m.shape())));
                t.adamSteps.put(k, (int) require(state, ADAM_STEP + k).data()[0]);
            }
        }
        t.center.close();
        t.center = t.manager.create(require(state, CENTER).data(), new Shape(1, head.out()));
        return t;
    }

    private static Tensor require(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("training state lacks tensor '" + key + "'");
        }
        return t;
    }

    private void put(String name, Tensor s0, Tensor t0) {
        NDArray s = manager.create(s0.data(), new Shape(s0.shape()));
        teacher.put(name, manager.create(t0.data(), new Shape(t0.shape())));
        if (!name.equals(HEAD + DinoHead.WEIGHT_G)) {
            s.setRequiresGradient(true);
        }
        student.put(name, s);
    }

    public VitArchitecture architecture() {
        return arch;
    }

    public DinoHead head() {
        return head;
    }

    public NDManager manager() {
        return manager;
    }

    /** Whether a parameter is decayed (DINO's {@code get_params_groups}: not biases, not 1-D tensors). */
    static boolean regularized(String name, NDArray p) {
        return !name.endsWith(".bias") && p.getShape().dimension() > 1;
    }

    /**
     * One training step. A step whose loss or gradients are not finite changes nothing: weights, teacher,
     * optimizer state and centre stay as they were, and {@link #lastFailure()} says what was not finite.
     *
     * @param c the crops of the batch
     * @param keepGradients keep this step's (clipped) gradients for {@link #lastGradients()}
     * @return the loss
     */
    public float step(Crops c, StepParams p, boolean keepGradients) {
        int crops = 2 + c.localCount();
        float loss;
        lastFailure = null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray globals = manager.create(c.globals(), new Shape(2L * c.batch(), c.channels(), c.globalSize(),
                    c.globalSize()));
            NDArray locals = c.localCount() == 0 ? null : manager.create(c.locals(),
                    new Shape((long) c.localCount() * c.batch(), c.channels(), c.localSize(), c.localSize()));
            NDArray teacherOut = head.forward(sub(teacher, HEAD), backbone(teacher, globals));
            try (GradientCollector gc = EngineSetup.engine().newGradientCollector()) {
                NDArray studentFeatures = backbone(student, globals);
                if (locals != null) {
                    studentFeatures = studentFeatures.concat(backbone(student, locals), 0);
                }
                NDArray studentOut = head.forward(sub(student, HEAD), studentFeatures);
                NDArray l = DinoLoss.loss(studentOut, teacherOut, center, crops, p.studentTemp(), p.teacherTemp());
                loss = l.getFloat();
                if (!Float.isFinite(loss)) {
                    lastFailure = String.format(Locale.ROOT, "loss %s; crops %s, teacher output %s, "
                            + "student output %s, centre %s, weights %s", loss, finite(c.globals())
                            && finite(c.locals()) ? "finite" : "NOT finite", finite(teacherOut), finite(studentOut),
                            finite(center), student.values().stream().allMatch(DinoTraining::allFinite)
                            ? "finite" : "NOT finite");
                    return loss;
                }
                gc.backward(l);
            }
            Map<String, Double> norms = gradientNorms();
            List<String> bad = norms.entrySet().stream().filter(e -> !Double.isFinite(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            if (!bad.isEmpty()) {
                student.values().stream().filter(NDArray::hasGradient)
                        .forEach(a -> a.getGradient().set(new NDIndex("..."), 0f));
                lastFailure = String.format(Locale.ROOT, "loss %s, gradients NOT finite: %d of %d "
                        + "parameters, %s", loss, bad.size(), norms.size(), bad.subList(0, Math.min(4, bad.size())));
                return loss;
            }
            DinoLoss.updateCenter(center, teacherOut, p.centerMomentum());
            update(p, norms, keepGradients);
        }
        return loss;
    }

    /**
     * What was not finite in the last step if it changed nothing (loss, crops, outputs, centre, weights or
     * gradients), or null when the last step was applied.
     */
    public String lastFailure() {
        return lastFailure;
    }

    private static String finite(NDArray a) {
        return allFinite(a) ? "finite" : "NOT finite";
    }

    private static boolean allFinite(NDArray a) {
        return !a.isInfinite().logicalOr(a.isNaN()).any().getBoolean();
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every weight of student and teacher, the optimizer's moments and the centre are finite. */
    public boolean finite() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return allFinite(center) && Stream.of(student, teacher, expAvg, expAvgSq)
                    .allMatch(m -> m.values().stream().allMatch(DinoTraining::allFinite));
        }
    }

    /** The L2 norm of each student parameter's gradient (what clipping needs; not finite if any element is not). */
    private Map<String, Double> gradientNorms() {
        Map<String, Double> out = new LinkedHashMap<>();
        student.forEach((name, param) -> {
            if (param.hasGradient()) {
                out.put(name, (double) param.getGradient().norm().getFloat());
            }
        });
        return out;
    }

    private void update(StepParams p, Map<String, Double> norms, boolean keepGradients) {
        Map<String, float[]> kept = keepGradients ? new LinkedHashMap<>() : null;
        for (Map.Entry<String, NDArray> e : student.entrySet()) {
            String name = e.getKey();
            NDArray param = e.getValue();
            if (!param.hasGradient()) {
                continue;
            }
            NDArray grad = param.getGradient();
            boolean frozen = p.freezeLastLayer() && name.contains("last_layer");
            if (!frozen) {
                if (p.clipGrad() > 0) {
                    double coef = p.clipGrad() / (norms.get(name) + 1e-6);
                    if (coef < 1) {
                        grad.muli((float) coef);
                    }
                }
                if (kept != null) {
                    kept.put(name, grad.toFloatArray());
                }
                // updates go through a detached alias of the storage, whatever the engine's grad mode is
                adamW(name, param.stopGradient(), grad, p.lr(), regularized(name, param) ? p.weightDecay() : 0);
            }
            grad.subi(grad); // zero_grad; the handle itself is closed with the step's scope
        }
        lastGradients = kept;
        float m = (float) p.momentum();
        for (Map.Entry<String, NDArray> e : teacher.entrySet()) {
            e.getValue().muli(m).addi(student.get(e.getKey()).stopGradient().mul(1 - m));
        }
    }

    /** torch.optim.AdamW (PyTorch 1.13, amsgrad off), one parameter. */
    private void adamW(String name, NDArray param, NDArray grad, double lr, double wd) {
        NDArray m = expAvg.computeIfAbsent(name, k -> detached(param.zerosLike()));
        NDArray v = expAvgSq.computeIfAbsent(name, k -> detached(param.zerosLike()));
        int t = adamSteps.merge(name, 1, Integer::sum);
        param.muli((float) (1 - lr * wd));
        m.muli((float) BETA1).addi(grad.mul((float) (1 - BETA1)));
        v.muli((float) BETA2).addi(grad.mul(grad).mul((float) (1 - BETA2)));
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        double stepSize = lr / bc1;
        NDArray denom = v.sqrt().div((float) Math.sqrt(bc2)).add((float) ADAM_EPS);
        param.subi(m.div(denom).mul((float) stepSize));
    }

    private static NDArray detached(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    private NDArray backbone(Map<String, NDArray> params, NDArray images) {
        Map<String, NDArray> w = sub(params, BACKBONE);
        int gh = (int) images.getShape().get(2) / arch.patch();
        int gw = (int) images.getShape().get(3) / arch.patch();
        NDArray x = VitForward.embed(w, arch, images, VitForward.positions(images.getManager(), w, arch, gh, gw));
        for (int b = 0; b < arch.depth(); b++) {
            x = VitForward.block(w, arch, x, b, false)[0];
        }
        return VitForward.clsOutput(w, arch, x);
    }

    private static Map<String, NDArray> sub(Map<String, NDArray> params, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The clipped gradients of the last step run with {@code keepGradients}, by parameter name. */
    public Map<String, float[]> lastGradients() {
        return lastGradients;
    }

    /** Everything a checkpoint holds, under DINO's names: teacher, student, optimizer moments and steps, centre. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        teacher.forEach((k, v) -> out.put(TEACHER + k, tensor(v)));
        student.forEach((k, v) -> out.put(STUDENT + k, tensor(v)));
        expAvg.forEach((k, v) -> out.put(EXP_AVG + k, tensor(v)));
        expAvgSq.forEach((k, v) -> out.put(EXP_AVG_SQ + k, tensor(v)));
        adamSteps.forEach((k, v) -> out.put(ADAM_STEP + k, new Tensor(new long[] {1}, new float[] {v})));
        out.put(CENTER, tensor(center));
        return out;
    }

    /** Teacher backbone weights under timm names, what {@code embed} loads. */
    public Map<String, Tensor> teacherBackbone() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        sub(teacher, BACKBONE).forEach((k, v) -> out.put(k, tensor(v)));
        return out;
    }

    /** Parameter names, student order. */
    public List<String> parameterNames() {
        return new ArrayList<>(student.keySet());
    }

    /** A student ({@code student}=true) or teacher parameter. */
    public float[] parameter(String name, boolean ofStudent) {
        return (ofStudent ? student : teacher).get(name).toFloatArray();
    }

    public float[] center() {
        return center.toFloatArray();
    }

    private static Tensor tensor(NDArray a) {
        return new Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    @Override
    public void close() {
        manager.close();
    }
}
