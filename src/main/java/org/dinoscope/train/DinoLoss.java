package org.dinoscope.train;

import ai.djl.ndarray.NDArray;

/**
 * DINO's loss ({@code DINOLoss} in main_dino.py): cross-entropy between the teacher's centred, sharpened
 * softmax over each of the 2 global crops and the student's softmax over every other crop, averaged over
 * the pairs; the centre follows the teacher's batch mean with momentum.
 */
public final class DinoLoss {
    private DinoLoss() {
    }

    /**
     * @param student     student logits of all crops, [crops * B, K], crop-major (global 1, global 2, locals)
     * @param teacher     teacher logits of the 2 global crops, [2 * B, K]
     * @param center      [1, K]
     */
    public static NDArray loss(NDArray student, NDArray teacher, NDArray center, int crops, double studentTemp,
                               double teacherTemp) {
        long batch = student.getShape().get(0) / crops;
        long k = student.getShape().get(1);
        NDArray logp = student.div((float) studentTemp).logSoftmax(-1).reshape(crops, batch, k);
        NDArray q = teacher.sub(center).div((float) teacherTemp).softmax(-1).stopGradient().reshape(2, batch, k);
        NDArray total = null;
        int terms = 0;
        for (int iq = 0; iq < 2; iq++) {
            NDArray qi = q.get(iq);
            for (int v = 0; v < crops; v++) {
                if (v == iq) {
                    continue;
                }
                NDArray term = qi.mul(logp.get(v)).sum(new int[] {-1}).neg().mean();
                total = total == null ? term : total.add(term);
                terms++;
            }
        }
        return total.div((float) terms);
    }

    /** The new centre: {@code center * m + mean(teacher) * (1 - m)}, in place. */
    public static void updateCenter(NDArray center, NDArray teacher, double momentum) {
        NDArray batchCenter = teacher.sum(new int[] {0}, true).div((float) teacher.getShape().get(0));
        center.muli((float) momentum).addi(batchCenter.mul((float) (1 - momentum)));
    }
}
