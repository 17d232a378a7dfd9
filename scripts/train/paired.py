#!/usr/bin/env python3
"""Paired comparison of two models' held-out well profiles (docs/training.md, protocol 4).

Reads evaluate.sh's wells_standardized.csv of model A and model B (the same held-out wells), and for each
treatment well (DMSO left out, as `dinoscope evaluate` does) finds its nearest well by cosine similarity
(scikit-learn) among the wells of another compound (NSC) and of another compound and batch (NSCB), then
counts the queries one model gets right and the other wrong, with McNemar's exact test (scipy). It is also
an independent check of `dinoscope evaluate`'s NSC and NSCB: the accuracies it prints must equal
report.json's. Several held-out sets may be given as A1 B1 A2 B2 ...; their queries are pooled.

Usage: paired.py NAME_A NAME_B A.csv B.csv [A2.csv B2.csv ...]
"""
import sys

import numpy as np
import pandas as pd
from scipy.stats import binomtest
from sklearn.metrics.pairwise import cosine_similarity


def queries(path):
    """Per-query correctness (NSC, NSCB) of one table, keyed by plate and well."""
    t = pd.read_csv(path)
    t = t[t["Metadata_Compound"] != "DMSO"].reset_index(drop=True)
    feats = t[[c for c in t.columns if not c.startswith("Metadata_")]].to_numpy(np.float64)
    sim = cosine_similarity(feats)
    comp = t["Metadata_Compound"].to_numpy()
    batch = t["Metadata_Batch"].to_numpy()
    moa = t["Metadata_moa"].to_numpy()
    out = {}
    for name, allowed in (("nsc", comp[:, None] != comp[None, :]),
                          ("nscb", (comp[:, None] != comp[None, :]) & (batch[:, None] != batch[None, :]))):
        res = {}
        for i in range(len(t)):
            ok = np.flatnonzero(allowed[i])
            if ok.size == 0 or not (moa[ok] == moa[i]).any():
                continue
            j = ok[np.argmax(sim[i, ok])]  # ties: the first in table order, as dinoscope evaluate
            res[(t.at[i, "Metadata_Plate"], t.at[i, "Metadata_Well"])] = moa[j] == moa[i]
        out[name] = res
    return out


def main(argv):
    if len(argv) < 4 or len(argv) % 2:
        sys.exit(__doc__)
    name_a, name_b, files = argv[0], argv[1], argv[2:]
    pooled = {"nsc": ([], []), "nscb": ([], [])}
    for k in range(0, len(files), 2):
        qa, qb = queries(files[k]), queries(files[k + 1])
        for m in pooled:
            if qa[m].keys() != qb[m].keys():
                sys.exit(f"{files[k]} and {files[k + 1]} do not hold the same queries")
            keys = sorted(qa[m])
            pooled[m][0].extend(qa[m][key] for key in keys)
            pooled[m][1].extend(qb[m][key] for key in keys)
            print(f"{files[k]}: {m} {name_a} {np.mean([qa[m][x] for x in keys]):.4f} "
                  f"{name_b} {np.mean([qb[m][x] for x in keys]):.4f} (n={len(keys)})")
    for m, (a, b) in pooled.items():
        a, b = np.array(a), np.array(b)
        only_a = int((a & ~b).sum())
        only_b = int((~a & b).sum())
        p = binomtest(only_b, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
        print(f"{m.upper():<5} pooled n={a.size}: {name_a} {a.mean():.3f}, {name_b} {b.mean():.3f}; "
              f"right only with {name_a}: {only_a}, only with {name_b}: {only_b}; McNemar exact p = {p:.3g}")


if __name__ == "__main__":
    main(sys.argv[1:])
