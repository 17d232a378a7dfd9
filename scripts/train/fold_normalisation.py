#!/usr/bin/env python3
"""Folds a fixed per-channel input normalisation (x - mean) / std into a ViT's patch embedding, so that a model
trained on normalised input runs unchanged on the plain scaled input: the patch embedding is linear, so
W ((x - m) / s) + b = (W / s) x + (b - m / s * sum(W)). Used to keep evaluating the previous embedded model (demo
v1: intensities / dtype max, then (x - 0.026728) / 0.048227) after the demo preset moved to percentile scaling:

  scripts/train/fold_normalisation.py demo-v1.safetensors demo-v1-folded.safetensors --mean 0.026728 \
      --std 0.048227 --scaling dtype-max

The output records the scaling in its metadata, so `embed --model demo --weights OUT` uses it. Needs numpy.
"""
import argparse
import json
import struct

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('dst')
    ap.add_argument('--mean', type=float, nargs='+', required=True, help='one per input channel')
    ap.add_argument('--std', type=float, nargs='+', required=True)
    ap.add_argument('--scaling', required=True, help='the scaling the normalisation followed, e.g. dtype-max')
    a = ap.parse_args()
    raw = open(a.src, 'rb').read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    meta = header.pop('__metadata__', {})
    tensors = {}
    for name, info in header.items():
        if info['dtype'] != 'F32':
            raise SystemExit(f"{a.src}: {name} is {info['dtype']}, only F32 is handled")
        lo, hi = info['data_offsets']
        tensors[name] = np.frombuffer(data[lo:hi], dtype='<f4').reshape(info['shape']).astype(np.float64)
    w = tensors['patch_embed.proj.weight']  # [dim, in_chans, p, p]
    b = tensors['patch_embed.proj.bias']
    m = np.array(a.mean)[None, :, None, None]
    s = np.array(a.std)[None, :, None, None]
    tensors['patch_embed.proj.bias'] = b - (w * m / s).sum(axis=(1, 2, 3))
    tensors['patch_embed.proj.weight'] = w / s
    meta = dict(meta, scaling=a.scaling, folded=f"mean {a.mean} std {a.std}")
    out_header = {'__metadata__': {k: str(v) for k, v in meta.items()}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        blob = t.astype('<f4').tobytes()
        out_header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    h = json.dumps(out_header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    with open(a.dst, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


if __name__ == '__main__':
    main()
