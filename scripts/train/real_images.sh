#!/usr/bin/env bash
# Embeds the real images of ../shared/data with one model for scripts/train/real_images.py (docs/models.md,
# "On real images"): the 72 Transfluor fields (z-scored over the fields -> WORKDIR/real/NAME/transfluor.csv, with
# `dinoscope evaluate`'s same-well mAP of that table as an independent check) and the attention maps of every
# real field outside pretrain/ (-> WORKDIR/real/NAME/attention/). Usage:
#   scripts/train/real_images.sh WORKDIR NAME MODEL [embed options...]
# MODEL: a weights file (demo preset; its recorded scaling applies) or 'random'. DATA=DIR points elsewhere than
# ../shared/data/images.
set -euo pipefail
cd "$(dirname "$0")/../.."
W=$1; NAME=$2; MODEL=$3; shift 3
DATA=${DATA:-../shared/data/images}
DS=${DS:-./dinoscope}
E="$W/real/$NAME"
mkdir -p "$E"
if [ "$MODEL" = random ]; then M=(--model random); else M=(--model demo --weights "$MODEL"); fi
$DS embed --layout "$DATA/transfluor-bbbc016" --pattern cellprofiler --channel-map 2=GFP "${M[@]}" "$@" \
  --out "$E/embed" >"$E/embed.log" 2>&1
$DS profile --in "$E/embed/fields.csv" --out "$E/transfluor.csv" --step standardize --fit-on all \
  >"$E/profile.log" 2>&1
$DS evaluate --profiles "$E/transfluor.csv" --out "$E/transfluor-report.json" --control '' \
  --replicate-by Metadata_Well --map-negatives others >"$E/evaluate.txt" 2>&1
IMAGES=()
for f in "$DATA"/transfluor-bbbc016/*.TIF "$DATA"/ht29/*.tif; do IMAGES+=(--image "$f"); done
$DS attention "${IMAGES[@]}" "${M[@]}" "$@" \
  --out "$E/attention" >"$E/attention.log" 2>&1
