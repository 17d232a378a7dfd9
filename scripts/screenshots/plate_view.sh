#!/usr/bin/env bash
# Screenshots of Plate View for the README and docs/profiles.md, taken in the real ImageJ 1.54p (from Maven
# Central) under Xvfb with the built plugin installed, as make.sh takes the others:
#  - plate-view.png: the first demo plate (./dinoscope demo) coloured by the cosine distance to its DMSO wells, after
#    a click on its most distant well opened the well's fields with their attention maps (the model the sidecar
#    records) and the Log says what opened;
#  - plate-view-cli.png: the same plate from dinoscope plot plate;
#  - plate-view-transfluor.png: the real Transfluor plate row (BBBC016, wells O01..O24 of a 384-well plate) embedded
#    with the default model, coloured by its first principal component.
# Needs: mvn -B -DskipTests package, and ./dinoscope demo (or DEMO=DIR holding profiles/wells.csv); Debian packages
# xvfb, xdotool, imagemagick, python3-numpy. TF_PROFILES=DIR reuses an embedding of the Transfluor row.
# Usage: scripts/screenshots/plate_view.sh [out-folder]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/images}
demo=${DEMO:-dinoscope-demo}
transfluor=${TRANSFLUOR:-../shared/data/images/transfluor-bbbc016}
ij_jar=${IJ_JAR:-$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar}
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick)"; exit 1; }
done
wells=$(realpath "$demo/profiles/wells.csv")
[ -f "$wells" ] || { echo "no $demo/profiles/wells.csv: run ./dinoscope demo first (or set DEMO=...)"; exit 1; }
[ -f "$ij_jar" ] || { echo "no $ij_jar: run mvn -B -DskipTests package first"; exit 1; }

work=$(mktemp -d)
trap 'kill "$xvfb" "$imagej" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/ImageJ/plugins/jars" "$out"
cp "$ij_jar" "$work/ImageJ/ij.jar"
cp target/DINOscope_-*.jar "$work/ImageJ/plugins/"
cp target/lib/*.jar "$work/ImageJ/plugins/jars/"

# the first plate, its picture from the CLI and its most distant well
plate=$(sed -n 2p "$wells" | cut -d, -f1)
./dinoscope plot plate --profiles "$wells" --plate "$plate" --out "$work/figure.png" --table "$work/values.csv"
convert "$work/figure.png" -strip "$out/plate-view-cli.png"
read -r well fx fy < <(/usr/bin/python3 - "$work/values.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
w = max(rows, key=lambda r: float(r["distance_to_controls"]))["Metadata_Well"]
row = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(w.rstrip("0123456789")))) - 1
col = int(w.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
# PlateView's layout of a 384-well plate: the grid at (34, 50), 40 px per well
print(w, 34 + col * 40 + 19, 50 + row * 40 + 19)
PY
)

export DISPLAY=:78
Xvfb "$DISPLAY" -screen 0 1600x1250x24 -nolisten tcp & xvfb=$!
sleep 2
imagej=
session() { # MACRO WINDOW-NAME: a fresh ImageJ running the macro, until a window of that name shows
  [ -z "$imagej" ] || kill "$imagej" 2>/dev/null || true
  sleep 1
  printf '%s\n' "$1" > "$work/session.ijm"
  java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" \
    -ijpath "$work/ImageJ" -macro "$work/session.ijm" > "$work/imagej.log" 2>&1 & imagej=$!
  wait_for "$2"
}
wait_for() {
  for _ in $(seq 180); do
    xdotool search --name "$1" >/dev/null 2>&1 && { sleep 2; return; }
    sleep 1
  done
  cat "$work/imagej.log"; exit 1
}

session "run(\"Plate View\", \"profiles=[$wells] value=distance plate=$plate control=DMSO control_column=Metadata_Compound\");" \
  "^Plate View"
view=$(xdotool search --name "^Plate View" | head -1)
xdotool windowmove "$view" 0 110; sleep 1
import -window "$view" "$work/window.png"
read -r px py < <(/usr/bin/python3 scripts/screenshots/find_image.py "$work/window.png" "$work/figure.png" "$fx" "$fy")
eval "$(xdotool getwindowgeometry --shell "$view")"
xdotool mousemove $((X + px - 6)) $((Y + py - 4)); sleep 0.3
xdotool mousemove $((X + px)) $((Y + py)); sleep 1
xdotool click 1
wait_for "_${well}_s[0-9]*$"
sleep 4 # every field of the well
n=0
for w in $(xdotool search --name "_${well}_s[0-9]*$"); do
  xdotool windowmove "$w" $((1080 + (n % 2) * 260)) $((110 + (n / 2) * 300)); n=$((n + 1))
done
log=$(xdotool search --name "^Log$" | head -1)
xdotool windowmove "$log" 0 920; xdotool windowsize "$log" 1070 150; sleep 1
xdotool mousemove $((X + px)) $((Y + py)); sleep 1
import -window root "$work/click.png"
convert "$work/click.png" -crop 1600x1075+0+0 +repage -resize 80% -strip -colors 256 "$out/plate-view.png"
ls -l "$out/plate-view.png" "$out/plate-view-cli.png"

# the real Transfluor row, embedded with the default model, by its first principal component
if [ -d "$transfluor" ] || [ -n "${TF_PROFILES:-}" ]; then
  if [ -z "${TF_PROFILES:-}" ]; then
    ./dinoscope embed --layout "$transfluor" --pattern cellprofiler --channel-map 2=GFP --model demo --out "$work/tf" \
      > "$work/embed.log" 2>&1 || { cat "$work/embed.log"; exit 1; }
    TF_PROFILES=$work/tf
  fi
  session "run(\"Plate View\", \"profiles=[$(realpath "$TF_PROFILES")/wells.csv] value=pc pc=1\");" "^Plate View"
  view=$(xdotool search --name "^Plate View" | head -1)
  xdotool windowmove "$view" 0 110; sleep 1
  import -window "$view" "$work/tf.png"
  convert "$work/tf.png" -strip -colors 256 "$out/plate-view-transfluor.png"
  ls -l "$out/plate-view-transfluor.png"
fi
