package org.dinoscope.model;

/** Which vector of the last block stands for a crop. */
public enum Pooling {
    /** CLS token after the final LayerNorm (DINO, uniDINO, WS-DINO, CellPaintSSL). */
    CLS,
    /** Mean of the patch tokens of the last block, without the final norm (MAE). */
    MEAN_PATCH
}
