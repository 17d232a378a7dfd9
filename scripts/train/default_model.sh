#!/usr/bin/env bash
# The embedded default model (src/main/resources/org/dinoscope/models/demo.safetensors), exactly as trained:
# plain DINO from a random start on the real fields of ../shared/data/images/pretrain (each plane listed 20 times)
# and the channels of 4 synthetic plates (seed 11), every plane a single-channel field scaled by its own 1st and
# 99.9th percentiles (the demo preset), crops of a fixed pixel size (--scale-reference 224: 112 px global and
# 48 px local crops at about the native resolution at which embed cuts its 224 px tiles). docs/models.md says
# why and what it measured. The stage 'train2' is the measured second stage that is NOT shipped (docs/models.md,
# "A second stage"): 3000 more steps from the first stage's weights, with a new head and a lower peak learning
# rate; it is not run unless named. 'train3' is train2 with 4 register tokens (measured, not shipped). Usage:
#   scripts/train/default_model.sh WORKDIR [data] [train] [train2] [train3]
# DS=... runs another launcher (e.g. a copy of the jar, so that rebuilding the project mid-run is safe);
# PRETRAIN=DIR points elsewhere than ../shared/data/images/pretrain. Rerun the same command to resume (exact).
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:?usage: default_model.sh WORKDIR [data] [train] [train2] [train3]}
shift || true
STAGES=${*:-data train}
DS=${DS:-./dinoscope}
PRETRAIN=${PRETRAIN:-../shared/data/images/pretrain}
for s in $STAGES; do
  case $s in
    data)
      $DS synth --out "$W/train-plates" --seed 11 --plates 4 --batches 2
      /usr/bin/python3 scripts/train/pretrain_layout.py "$PRETRAIN" "$W/pretrain" \
        --synthetic "$W"/train-plates/SP0* --real-repeats 20 ;;
    train)
      $DS train --layout "$W/pretrain/load_data.csv" --out "$W/default-model" --model demo \
        --dim 192 --depth 6 --patch 16 --global-size 112 --local-size 48 --local-crops 6 \
        --global-scale 0.2,0.35 --local-scale 0.03,0.08 --scale-reference 224 \
        --out-dim 4096 --hidden-dim 1024 --bottleneck-dim 256 --bn-head --batch-size 32 \
        --freeze-last-layer-steps 100 --lr 5e-4 --steps 2000 --checkpoint-every 100 --seed 5 ;;
    train2)
      # Not shipped: the first stage's teacher as --init (a new DINO head), 3000 more steps on the same data.
      $DS train --layout "$W/pretrain/load_data.csv" --out "$W/default-model-2" --model demo \
        --init "$W/default-model/model.safetensors" \
        --global-size 112 --local-size 48 --local-crops 6 \
        --global-scale 0.2,0.35 --local-scale 0.03,0.08 --scale-reference 224 \
        --out-dim 4096 --hidden-dim 1024 --bottleneck-dim 256 --bn-head --batch-size 32 \
        --freeze-last-layer-steps 100 --lr 3e-4 --warmup-steps 100 --steps 3000 --checkpoint-every 100 --seed 6 ;;
    train3)
      # train2 with 4 register tokens added to the first stage's weights (Darcet et al. 2024): the same data, seed,
      # head and schedule, so that its snapshots compare with train2's step for step (docs/models.md, "Registers").
      $DS train --layout "$W/pretrain/load_data.csv" --out "$W/default-model-3" --model demo \
        --init "$W/default-model/model.safetensors" --registers 4 \
        --global-size 112 --local-size 48 --local-crops 6 \
        --global-scale 0.2,0.35 --local-scale 0.03,0.08 --scale-reference 224 \
        --out-dim 4096 --hidden-dim 1024 --bottleneck-dim 256 --bn-head --batch-size 32 \
        --freeze-last-layer-steps 100 --lr 3e-4 --warmup-steps 100 --steps 3000 --checkpoint-every 100 --seed 6 ;;
    *) echo "unknown stage $s" >&2; exit 2 ;;
  esac
done
