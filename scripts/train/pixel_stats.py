#!/usr/bin/env python3
"""Pixel-intensity-statistics baseline profiles for a synthetic plate folder (ImageXpress layout).

Per field and channel: mean, standard deviation, the 1/5/25/50/75/95/99th percentiles, skewness and
kurtosis of the raw intensities, plus the fraction of pixels above the channel's Otsu threshold; wells are
the mean of their fields. Writes a table in DINOscope's table contract (Metadata_ columns from the platemap,
then features) for `dinoscope evaluate`. The baseline a learned model must beat (docs/models.md).

Usage: /usr/bin/python3 scripts/train/pixel_stats.py PLATE_DIR OUT.csv
Needs numpy, scipy, scikit-image-free Otsu (written here), tifffile: Debian packages.
"""
import csv
import glob
import os
import re
import sys

import numpy as np
import tifffile
from scipy import stats

CHANNELS = {"1": "DNA", "2": "ER", "3": "RNA", "4": "AGP", "5": "Mito"}
NAME = re.compile(r"(?P<plate>[^_/]+)_(?P<well>[A-P]\d\d)_s(?P<site>\d+)_w(?P<channel>\d)\.tif$")


def otsu(values, bins=256):
    hist, edges = np.histogram(values, bins=bins)
    centers = (edges[:-1] + edges[1:]) / 2
    w0 = np.cumsum(hist)
    w1 = w0[-1] - w0
    m0 = np.cumsum(hist * centers)
    mu0 = m0 / np.maximum(w0, 1)
    mu1 = (m0[-1] - m0) / np.maximum(w1, 1)
    return centers[np.argmax(w0 * w1 * (mu0 - mu1) ** 2)]


def features(img):
    v = img.astype(np.float64).ravel()
    q = np.percentile(v, [1, 5, 25, 50, 75, 95, 99])
    return [v.mean(), v.std(), *q, stats.skew(v), stats.kurtosis(v), float((v > otsu(v)).mean())]


def main():
    root, out = sys.argv[1], sys.argv[2]
    fields = {}
    for path in glob.glob(os.path.join(root, "**", "*.tif"), recursive=True):
        m = NAME.search(path)
        if m:
            fields.setdefault((m["plate"], m["well"], m["site"]), {})[CHANNELS[m["channel"]]] = path
    names = ["mean", "sd", "p1", "p5", "p25", "p50", "p75", "p95", "p99", "skew", "kurtosis", "above_otsu"]
    cols = [f"{c}_{n}" for c in CHANNELS.values() for n in names]
    wells = {}
    for (plate, well, _), chans in sorted(fields.items()):
        row = [x for c in CHANNELS.values() for x in features(tifffile.imread(chans[c]))]
        wells.setdefault((plate, well), []).append(row)
    meta = {}
    with open(os.path.join(root, "platemap.csv")) as f:
        for r in csv.DictReader(f):
            meta[(r["Metadata_Plate"], r["Metadata_Well"])] = r
    mcols = list(next(iter(meta.values())).keys())
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(mcols + cols)
        for key, rows in sorted(wells.items()):
            w.writerow([meta[key][c] for c in mcols] + list(np.mean(rows, axis=0)))


if __name__ == "__main__":
    main()
