#!/usr/bin/env bash
# The training experiments of docs/training.md, exactly as run: synthetic train and held-out plates
# (different seeds); first protocol: DINO from scratch (A), then from A plain DINO (B) and WS-DINO with the
# compound as weak label (C); second protocol, with batch norm in the head, from the same random start
# (DIR/init.safetensors): WS-DINO (wsdino-bn) and plain DINO (dino-bn), 2500 steps each; third protocol,
# the paper's: fine-tune the DINO model (dino-bn, the embedded demo model) with plain DINO (ft-dino) and
# with WS-DINO (ft-wsdino), 500 steps each. Fourth protocol, WS-DINO's own set-up: treated wells only (DMSO
# left out, as WS-DINO's training table), a larger and more varied train set (plates2: 12 plates in 6 batches,
# seed 21), fine-tuning the embedded demo model for 1500 steps at lr 3e-4 with plain DINO (ft2-dino) and with
# WS-DINO (ft2-wsdino), and again for 3000 steps with seeds 10 (ft3-*) and 12 (ft4-*); a second held-out
# set (seed 13, 4 plates in 4 batches) for evaluate.sh's HELDOUT.
# Evaluate each DIR/model.safetensors (and DIR/init.safetensors) with scripts/train/evaluate.sh. Usage:
#   scripts/train/experiments.sh WORKDIR [stage...]
#   stages: plates A B C wsdino-bn dino-bn ft-dino ft-wsdino plates2 ft2-dino ft2-wsdino ft3-dino ft3-wsdino
#           ft4-dino ft4-wsdino (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:?usage: experiments.sh WORKDIR [stage...]}
shift || true
STAGES=${*:-plates A B C wsdino-bn dino-bn ft-dino ft-wsdino plates2 ft2-dino ft2-wsdino ft3-dino ft3-wsdino
  ft4-dino ft4-wsdino}
DS=./dinoscope
CH=1=DNA,2=ER,3=RNA,4=AGP,5=Mito
LAYOUT() { echo --layout "$W/$1" --pattern imagexpress --channel-map $CH --platemap "$W/$1/platemap.csv"; }
# A small ViT (dim 128, 4 blocks, 2 heads, patch 16) on 112 px global and 48 px local crops taken at about
# the plates' own resolution, so that it embeds 224 px crops at the scale it was trained on.
SMALL="--model demo --dim 128 --depth 4 --patch 16 --global-size 112 --local-size 48 --local-crops 6
  --global-scale 0.15,0.4 --local-scale 0.03,0.1 --out-dim 256 --hidden-dim 512 --bottleneck-dim 128
  --batch-size 32 --momentum-teacher 0.996 --weight-decay-end 0.04 --checkpoint-every 50"
for s in $STAGES; do
  case $s in
    plates)
      $DS synth --out "$W/train-plates" --seed 11 --plates 4 --batches 2
      $DS synth --out "$W/heldout-plates" --seed 12 --plates 2 --batches 2 ;;
    A) $DS train $(LAYOUT train-plates) --out "$W/A-dino" $SMALL --steps 500 --lr 2e-4 --seed 1 ;;
    B) $DS train $(LAYOUT train-plates) --out "$W/B-dino-ft" $SMALL --steps 250 --lr 1e-4 --warmup-steps 25 \
         --seed 2 --init "$W/A-dino/model.safetensors" ;;
    C) $DS train $(LAYOUT train-plates) --out "$W/C-wsdino-ft" $SMALL --steps 250 --lr 1e-4 --warmup-steps 25 \
         --seed 2 --init "$W/A-dino/model.safetensors" --weak-label Metadata_Compound ;;
    wsdino-bn|dino-bn)
      [ "$s" = wsdino-bn ] && WEAK=(--weak-label Metadata_Compound) || WEAK=()
      $DS train $(LAYOUT train-plates) --out "$W/$s" --model demo --dim 128 --depth 4 --patch 16 --global-size 112 \
        --local-size 48 --local-crops 6 --global-scale 0.15,0.4 --local-scale 0.03,0.1 --out-dim 1024 \
        --hidden-dim 512 --bottleneck-dim 128 --bn-head --batch-size 32 --freeze-last-layer-steps 100 \
        --checkpoint-every 250 --steps 2500 --lr 5e-4 --seed 5 "${WEAK[@]}" ;;
    ft-dino|ft-wsdino)
      [ "$s" = ft-wsdino ] && WEAK=(--weak-label Metadata_Compound) || WEAK=()
      $DS train $(LAYOUT train-plates) --out "$W/$s" --model demo --init "$W/dino-bn/model.safetensors" \
        --global-size 112 --local-size 48 --local-crops 6 --global-scale 0.15,0.4 --local-scale 0.03,0.1 \
        --out-dim 1024 --hidden-dim 512 --bottleneck-dim 128 --bn-head --batch-size 32 \
        --freeze-last-layer-steps 50 --checkpoint-every 100 --steps 500 --lr 1e-4 --warmup-steps 50 --seed 7 \
        "${WEAK[@]}" ;;
    plates2)
      $DS synth --out "$W/train2-plates" --seed 21 --plates 12 --batches 6
      $DS synth --out "$W/heldout2-plates" --seed 13 --plates 4 --batches 4 ;;
    ft2-dino|ft2-wsdino|ft3-dino|ft3-wsdino|ft4-dino|ft4-wsdino)
      case $s in *wsdino) WEAK=(--weak-label Metadata_Compound) ;; *) WEAK=() ;; esac
      case $s in ft2*) RUN=(--steps 1500 --seed 9) ;; ft3*) RUN=(--steps 3000 --seed 10) ;;
        *) RUN=(--steps 3000 --seed 12) ;; esac
      $DS train $(LAYOUT train2-plates) --out "$W/$s" --model demo \
        --init src/main/resources/org/dinoscope/models/demo.safetensors --exclude Metadata_Compound=DMSO \
        --global-size 112 --local-size 48 --local-crops 6 --global-scale 0.15,0.4 --local-scale 0.03,0.1 \
        --out-dim 1024 --hidden-dim 512 --bottleneck-dim 128 --bn-head --batch-size 32 \
        --freeze-last-layer-steps 100 --checkpoint-every 100 --lr 3e-4 --warmup-steps 150 "${RUN[@]}" "${WEAK[@]}" ;;
    *) echo "unknown stage $s" >&2; exit 2 ;;
  esac
done
