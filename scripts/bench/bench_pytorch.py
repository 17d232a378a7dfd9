#!/usr/bin/env python3
"""PyTorch side of DINOscope's speed benchmark (see docs/performance.md).

Measures the forward pass of a ViT-S (dim 384, 12 blocks, 6 heads, MLP 1536, 224x224 crops) -- the same
network and batches as `./dinoscope bench` -- with torch.inference_mode, and the process's peak resident
memory (VmHWM). Run with Debian's PyTorch:

    /usr/bin/python3 scripts/bench/bench_pytorch.py --batch-sizes 1,8,32 --seconds 10 --json out.json

The network is written with torch.nn following DINO's vision_transformer.py, so the comparison is with
the reference implementation the papers use, not with a tuned kernel.
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        b, t, d = x.shape
        hd = d // self.heads
        qkv = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = ((q @ k.transpose(-2, -1)) * hd ** -0.5).softmax(dim=-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(nn.functional.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self, patch=16, in_chans=1, dim=384, depth=12, heads=6, hidden=1536, img=224):
        super().__init__()
        self.patch_embed = nn.Conv2d(in_chans, dim, patch, stride=patch)
        grid = img // patch
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, grid * grid + 1, dim) * 0.02)
        self.blocks = nn.ModuleList(Block(dim, heads, hidden) for _ in range(depth))
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)[:, 0]


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch-sizes", default="1,8,32")
    ap.add_argument("--patch", type=int, default=16)
    ap.add_argument("--in-chans", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="intra-op threads (Debian's PyTorch defaults to 1; DJL's libtorch uses every core)")
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = ViT(patch=args.patch, in_chans=args.in_chans).eval()
    print(f"ViT-S/{args.patch}, {args.in_chans} input channel(s), PyTorch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    print(f"{'batch':<6} {'crops/s':>12} {'ms/batch':>12} {'peak RSS MiB':>14}")
    rows = []
    with torch.inference_mode():
        for b in [int(s) for s in args.batch_sizes.split(",")]:
            x = torch.rand(b, args.in_chans, 224, 224)
            model(x)  # warm-up
            n, start = 0, time.perf_counter()
            while True:
                model(x)
                n += 1
                elapsed = time.perf_counter() - start
                if elapsed >= args.seconds and n >= 3:
                    break
            cps = n * b / elapsed
            row = {"batch": b, "crops_per_second": cps, "ms_per_batch": 1000 * elapsed / n,
                   "iterations": n, "peak_rss_mib": peak_rss_mib()}
            rows.append(row)
            print(f"{b:<6} {cps:12.2f} {row['ms_per_batch']:12.1f} {row['peak_rss_mib']:14.0f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"implementation": f"PyTorch {torch.__version__} (torch.nn, DINO-style ViT)",
                       "network": f"ViT-S/{args.patch} in_chans {args.in_chans}", "results": rows}, f, indent=2)


if __name__ == "__main__":
    main()
