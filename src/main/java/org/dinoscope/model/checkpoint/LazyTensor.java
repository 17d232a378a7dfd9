package org.dinoscope.model.checkpoint;


/**
 * A tensor found in a checkpoint whose values have not been read yet. Readers hand these to
 * {@link CheckpointLayout}, which picks the ones the network needs, so that optimizer state, the student of a
 * DINO checkpoint and similar never get read into memory.
 */
interface LazyTensor {
    /** Reads and widens the values; {@code name} is the key it is known by, for error messages. */
    Tensor load(String name) throws CheckpointException;

    /** Shape and source dtype, e.g. {@code "tensor [384, 3, 16, 16] F16"}. */
    String describe();
}
