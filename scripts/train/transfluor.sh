#!/usr/bin/env bash
# Same-well retrieval on the real Transfluor plate row of ../shared/data (BBBC016 images: 24 wells x 3
# fields, GFP): embeds the fields with a model and computes the mAP (copairs rules) of each field retrieving
# the other fields of its well against the fields of the other wells. Usage:
#   scripts/train/transfluor.sh WORKDIR NAME MODEL   (MODEL: a weights file for the demo preset, or 'random')
# TRANSFLUOR=DIR points elsewhere than ../shared/data/images/transfluor-bbbc016.
set -euo pipefail
cd "$(dirname "$0")/../.."
W=$1; NAME=$2; MODEL=$3
TF=${TRANSFLUOR:-../shared/data/images/transfluor-bbbc016}
E="$W/transfluor/$NAME"
mkdir -p "$E"
if [ "$MODEL" = random ]; then M=(--model random); else M=(--model demo --weights "$MODEL"); fi
./dinoscope embed --layout "$TF" --pattern cellprofiler --channel-map 2=GFP \
  "${M[@]}" --out "$E/embed" >"$E/embed.log" 2>&1
./dinoscope evaluate --profiles "$E/embed/fields.csv" --out "$E/report.json" --control '' \
  --replicate-by Metadata_Well --map-negatives others >"$E/evaluate.txt" 2>&1
/usr/bin/python3 - "$E/report.json" "$NAME" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["map"]
print(f"{sys.argv[2]:<16} same-well mAP {m['mean_average_precision']:.3f}  retrieved {m['fraction_retrieved']:.3f}"
      f"  ({m['queries']} fields)")
PY
