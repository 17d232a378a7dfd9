#!/usr/bin/env python3
"""Evidence on the real images of ../shared/data (docs/models.md, "On real images"), for several models at once,
each compared with the first by a paired bootstrap.

  real_images.py WORKDIR NAME [NAME ...]  [--data ../shared/data/images] [--boot 2000]

For each NAME, WORKDIR/real/NAME/ holds what scripts/train/real_images.sh wrote: transfluor.csv (one row per
Transfluor field: Metadata_Well, Metadata_Site, features) and attention/*.attention.tif (per image: one slice
per head, then the mean of heads, in multiples of uniform attention). NAME 'pixel' needs no files: its features,
12 intensity statistics and the mean gradient magnitude per field, are computed here.

1. Transfluor row (BBBC016: 24 wells O01..O24 x 3 fields, a phenotype gradient along the row). Features are
   z-scored over the 72 fields. Same-well mAP (copairs' rules: each field queries the other 71 by cosine
   similarity; positives are the 2 other fields of its well) and |Spearman| of the first principal component with
   the column number. 95 % intervals and paired differences from a bootstrap over wells.
2. Attention on cells, for every real field outside pretrain/ (72 Transfluor fields, the 3 HT29 channels): the
   share of attention inside the field's Otsu foreground divided by the foreground's share of the pixels (1 = no
   preference), per head and for the mean of heads; also over the fields whose foreground covers under half; and
   the share of the mean-of-heads attention on background pixels above 3 x uniform (isolated hot background
   patches).
Writes WORKDIR/real/summary.json and prints a Markdown table. Needs numpy, scipy, tifffile.
"""
import argparse
import csv
import glob
import json
import os
import re
import sys

import numpy as np
import tifffile
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from pixel_stats import features as intensity_features, otsu  # noqa: E402

WELL = re.compile(r"_(?P<well>[A-P]\d\d)f(?P<site>\d\d)d\d\.tif$", re.I)


def pixel_table(folder):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.TIF")) + glob.glob(os.path.join(folder, "*.tif"))):
        m = WELL.search(path)
        img = tifffile.imread(path).astype(np.float64)
        gy, gx = np.gradient(img)
        rows.append((m["well"].upper(), m["site"], intensity_features(img) + [float(np.hypot(gx, gy).mean())]))
    return rows


def read_table(path):
    with open(path) as f:
        r = list(csv.DictReader(f))
    feats = [c for c in r[0] if not c.startswith("Metadata_")]
    return [(x["Metadata_Well"], x["Metadata_Site"], [float(x[c]) for c in feats]) for x in r]


def zscore(x):
    sd = x.std(axis=0)
    keep = sd > 1e-12
    return (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]


def average_precisions(x, wells):
    """Per query: AP of the other fields of its well among all other fields ranked by cosine similarity."""
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    sim = u @ u.T
    ap = []
    for q in range(len(x)):
        others = [i for i in range(len(x)) if i != q]
        order = sorted(others, key=lambda i: -sim[q, i])
        hits = np.array([wells[i] == wells[q] for i in order], dtype=float)
        prec = np.cumsum(hits) / np.arange(1, len(hits) + 1)
        ap.append(float((prec * hits).sum() / hits.sum()))
    return np.array(ap)


def pc1(x):
    u, s, vt = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    return u[:, 0] * s[0]


def transfluor(rows):
    rows = sorted(rows)
    wells = [r[0] for r in rows]
    x = zscore(np.array([r[2] for r in rows]))
    col = np.array([int(w[1:]) for w in wells])
    return dict(wells=wells, ap=average_precisions(x, wells), pc1=pc1(x), col=col)


def lift(att_dir, data):
    """Per image: lift per slice (heads, then mean), the foreground fraction, and the share of the mean map on
    background pixels above 3 x uniform attention."""
    out = {}
    for path in sorted(glob.glob(os.path.join(att_dir, "*.attention.tif"))):
        name = os.path.basename(path)[:-len(".attention.tif")]
        src = [p for p in glob.glob(os.path.join(data, "*", name + ".*")) if "pretrain" not in p]
        if len(src) != 1:
            raise SystemExit(f"{path}: source image {name}.* not found once under {data} ({src})")
        img = tifffile.imread(src[0]).astype(np.float64)
        maps = tifffile.imread(path).astype(np.float64)
        maps = maps[None] if maps.ndim == 2 else maps
        h, w = maps.shape[1:]
        img = img[:h, :w]
        fg = img > otsu(img.ravel())
        frac = fg.mean()
        mean = maps[-1]
        out[name] = dict(frac=float(frac),
                         lift=[float(m[fg].sum() / m.sum() / frac) for m in maps],
                         # attention on background pixels above 3 x uniform: isolated background "hot" patches
                         hot_background=float(mean[(mean > 3) & ~fg].sum() / mean.sum()))
    return out


def boot_wells(wells, b, rng):
    uniq = sorted(set(wells))
    idx = {w: [i for i, x in enumerate(wells) if x == w] for w in uniq}
    for _ in range(b):
        pick = rng.choice(len(uniq), len(uniq), replace=True)
        yield np.concatenate([idx[uniq[k]] for k in pick])


def ci(v):
    return [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("names", nargs="+")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data/images"))
    ap.add_argument("--boot", type=int, default=2000)
    a = ap.parse_args()
    tf_dir = os.path.join(a.data, "transfluor-bbbc016")
    res = {}
    for n in a.names:
        rows = pixel_table(tf_dir) if n == "pixel" else read_table(os.path.join(a.work, "real", n, "transfluor.csv"))
        r = transfluor(rows)
        report = os.path.join(a.work, "real", n, "transfluor-report.json")
        if os.path.exists(report):  # the same mAP by `dinoscope evaluate`: an independent check of both
            theirs = json.load(open(report))["map"]["mean_average_precision"]
            if abs(theirs - r["ap"].mean()) > 1e-6:
                raise SystemExit(f"{n}: mAP {r['ap'].mean():.6f} here, {theirs:.6f} by dinoscope evaluate")
        att = os.path.join(a.work, "real", n, "attention")
        r["lift"] = lift(att, a.data) if os.path.isdir(att) else None
        res[n] = r
    first = a.names[0]
    wells = res[first]["wells"]
    for n in a.names:
        assert res[n]["wells"] == wells, n
    rng = np.random.default_rng(0)
    samples = list(boot_wells(wells, a.boot, rng))
    summary = {}
    print("| model | same-well mAP [95 % CI] | vs " + first + " | abs Spearman PC1-column [95 % CI] | vs " + first
          + " | attention lift, mean of heads (fields) | per head | lift where foreground < 50 % |"
          + " share of attention on background above 3 x uniform |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in a.names:
        r = res[n]
        m = float(r["ap"].mean())
        rho = abs(stats.spearmanr(r["pc1"], r["col"])[0])
        bm = np.array([r["ap"][s].mean() for s in samples])
        br = np.array([abs(stats.spearmanr(r["pc1"][s], r["col"][s])[0]) for s in samples])
        f = res[first]
        dm = np.array([f["ap"][s].mean() for s in samples]) - bm
        dr = np.array([abs(stats.spearmanr(f["pc1"][s], f["col"][s])[0]) for s in samples]) - br
        s = dict(map=m, map_ci=ci(bm), rho=float(rho), rho_ci=ci(br))
        if n != first:
            s.update(first_minus_this_map=float(f["ap"].mean() - m), first_minus_this_map_ci=ci(dm),
                     first_minus_this_rho_ci=ci(dr))
        cells = ["-", "-", "-", "-"]
        if r["lift"]:
            L = np.array([v["lift"] for v in r["lift"].values()])
            small = np.array([v["frac"] < 0.5 for v in r["lift"].values()])
            s.update(lift_mean=float(L[:, -1].mean()), lift_per_head=[float(x) for x in L[:, :-1].mean(axis=0)],
                     lift_small_fg=float(L[small, -1].mean()) if small.any() else None, lift_fields=len(L),
                     lift_fields_small_fg=int(small.sum()), lift_per_field={k: v for k, v in r["lift"].items()},
                     hot_background=float(np.mean([v["hot_background"] for v in r["lift"].values()])))
            cells = [f"{L[:, -1].mean():.2f} ({len(L)})", ", ".join(f"{x:.2f}" for x in L[:, :-1].mean(axis=0)),
                     f"{L[small, -1].mean():.2f} ({int(small.sum())})" if small.any() else "-",
                     f"{s['hot_background']:.3f}"]
        summary[n] = s
        vs_m = "" if n == first else f"{f['ap'].mean() - m:+.3f} [{ci(dm)[0]:+.3f}, {ci(dm)[1]:+.3f}]"
        vs_r = "" if n == first else f"[{ci(dr)[0]:+.3f}, {ci(dr)[1]:+.3f}]"
        print(f"| {n} | {m:.3f} [{ci(bm)[0]:.3f}, {ci(bm)[1]:.3f}] | {vs_m} | {rho:.3f} [{ci(br)[0]:.3f}, "
              f"{ci(br)[1]:.3f}] | {vs_r} | " + " | ".join(cells) + " |")
    with open(os.path.join(a.work, "real", "summary.json"), "w") as fh:
        json.dump(summary, fh, indent=1)


if __name__ == "__main__":
    main()
