#!/usr/bin/env python3
"""The training layout of the embedded default model (docs/models.md, "The default model"): every plane of every
real image in ../shared/data/images/pretrain (its inventory.csv) written as a single-channel TIFF, plus the
channels of synthetic training plates, listed in one CellProfiler load_data CSV with a single channel 'image'
(the single-channel trainer draws one plane per sample, as uniDINO trains).

  scripts/train/pretrain_layout.py PRETRAIN_DIR OUT_DIR [--synthetic PLATES_DIR ...] [--real-repeats K]

- RGB(A) files whose colour bands are equal (grayscale saved as RGB, e.g. DSB2018) give one plane; alpha
  bands are dropped; multi-page and multi-band files give one plane per page or band.
- Each real plane is listed K times (default 1) so that real fields are drawn as often as wanted beside the
  synthetic ones. Metadata_Source names the source folder; Metadata_Real is 1 for real planes.
Needs numpy, tifffile and Pillow (Debian: python3-tifffile python3-pil).
"""
import argparse
import csv
import os
import sys

import numpy as np
import tifffile
from PIL import Image


def planes(path):
    """The single-channel planes of one image file, as 2-D arrays of its own dtype."""
    try:
        a = tifffile.imread(path) if path.lower().endswith(('.tif', '.tiff')) else None
    except ValueError:  # a compression tifffile needs imagecodecs for (LZW): Pillow reads it
        a = None
    if a is None:
        with Image.open(path) as im:
            pages = []
            for i in range(getattr(im, 'n_frames', 1)):
                im.seek(i)
                pages.append(np.asarray(im))
        a = pages[0] if len(pages) == 1 else np.stack(pages)
    if a.ndim == 2:
        return [a]
    if a.ndim == 3 and a.shape[-1] in (3, 4) and a.shape[0] > 4:  # samples per pixel last: RGB(A)
        bands = [a[..., b] for b in range(3)]
        if all(np.array_equal(bands[0], b) for b in bands[1:]):
            return [bands[0]]
        return [b for b in bands if b.max() > 0]
    if a.ndim == 3:  # pages or channels first
        return [a[i] for i in range(a.shape[0])]
    raise ValueError(f"{path}: unexpected shape {a.shape}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('pretrain')
    ap.add_argument('out')
    ap.add_argument('--synthetic', nargs='*', default=[],
                    help='plate folders of synthetic plates (dinoscope synth writes OUT/SP01, OUT/SP02, ...)')
    ap.add_argument('--real-repeats', type=int, default=1)
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, 'planes'), exist_ok=True)
    rows = []
    with open(os.path.join(args.pretrain, 'inventory.csv')) as f:
        inventory = list(csv.DictReader(f))
    n_real = 0
    for i, r in enumerate(inventory):
        src = os.path.join(args.pretrain, r['file'])
        for k, p in enumerate(planes(src)):
            if p.dtype not in (np.uint8, np.uint16):
                p = p.astype(np.uint16)
            name = f"real{i:04d}_p{k}.tif"
            dst = os.path.join(args.out, 'planes', name)
            if not os.path.exists(dst):
                tifffile.imwrite(dst, p)
            n_real += 1
            for rep in range(args.real_repeats):
                rows.append(dict(FileName_OrigImage=name, PathName_OrigImage=os.path.abspath(os.path.dirname(dst)),
                                 Metadata_Plate=f"real{rep}", Metadata_Well="A01", Metadata_Site=f"{i}_{k}",
                                 Metadata_Source=r['source'], Metadata_Real=1))
    n_syn = 0
    for plates in args.synthetic:
        for name in sorted(os.listdir(plates)):
            if not name.lower().endswith('.tif'):
                continue
            n_syn += 1
            rows.append(dict(FileName_OrigImage=name, PathName_OrigImage=os.path.abspath(plates),
                             Metadata_Plate="synthetic", Metadata_Well="A01",
                             Metadata_Site=f"{os.path.basename(os.path.normpath(plates))}_{name}",
                             Metadata_Source="synthetic", Metadata_Real=0))
    with open(os.path.join(args.out, 'load_data.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{n_real} real planes (x{args.real_repeats}), {n_syn} synthetic planes -> {args.out}/load_data.csv",
          file=sys.stderr)


if __name__ == '__main__':
    main()
