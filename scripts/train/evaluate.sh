#!/usr/bin/env bash
# Held-out evaluation of docs/training.md and docs/models.md: embeds the held-out synthetic plates with a
# model (a weights file with the demo preset, 'random', or 'pixel' for the pixel-intensity-statistics
# baseline), standardises each plate on its DMSO wells, and evaluates the treatment (compound +
# dose) wells: NSC, NSCB (nearest well of another compound, and of another batch), replicate mAP (the same
# treatment on the other plates against DMSO wells). Usage:
#   scripts/train/evaluate.sh WORKDIR NAME MODEL   -> WORKDIR/eval/NAME/report.json, one summary line
# HELDOUT names the held-out folder under WORKDIR (default heldout-plates; heldout2-plates for protocol 4).
set -euo pipefail
cd "$(dirname "$0")/../.."
W=$1; NAME=$2; MODEL=$3
H=${HELDOUT:-heldout-plates}
P="$W/$H"; E="$W/eval/$NAME"; [ "$H" = heldout-plates ] || E="$W/eval/$H/$NAME"
mkdir -p "$E"
DS=${DS:-./dinoscope}
if [ "$MODEL" = pixel ]; then
  /usr/bin/python3 scripts/train/pixel_stats.py "$P" "$E/wells.csv"
else
  if [ "$MODEL" = random ]; then M=(--model random); else M=(--model demo --weights "$MODEL"); fi
  $DS embed --layout "$P" --pattern imagexpress --channel-map 1=DNA,2=ER,3=RNA,4=AGP,5=Mito \
    --platemap "$P/platemap.csv" "${M[@]}" --out "$E/embed" >"$E/embed.log" 2>&1
  cp "$E/embed/wells.csv" "$E/wells.csv"
fi
$DS profile --in "$E/wells.csv" --out "$E/wells_standardized.csv" --step standardize --step variance_filter \
  >"$E/profile.log" 2>&1
$DS evaluate --profiles "$E/wells_standardized.csv" --out "$E/report.json" --label Metadata_moa \
  --replicate-by Metadata_Compound,Metadata_Concentration >"$E/evaluate.txt" 2>&1
/usr/bin/python3 - "$E/report.json" "$NAME" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
m = r.get("map", {})
print(f"{sys.argv[2]:<16} NSC {r['nsc']['accuracy']:.3f} (n={r['nsc']['n']})  NSCB {r['nscb']['accuracy']:.3f} "
      f"(n={r['nscb']['n']})  replicate mAP {m.get('mean_average_precision', float('nan')):.3f}  "
      f"retrieved {m.get('fraction_retrieved', float('nan')):.3f}")
PY
