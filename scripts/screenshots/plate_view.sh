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

# the block centre of a well in PlateView's figure of a 384-well plate: the grid at (34, 50), 40 px per well
centre() {
  /usr/bin/python3 - "$1" <<'PY'
import sys
w = sys.argv[1]
letters = w.rstrip("0123456789")
row = 0
for c in letters:
    row = row * 26 + ord(c) - 64
print(34 + (int(w[len(letters):]) - 1) * 40 + 19, 50 + (row - 1) * 40 + 19)
PY
}

export DISPLAY=:78
Xvfb "$DISPLAY" -screen 0 2200x1300x24 -nolisten tcp & xvfb=$!
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
log_aside() { # the Log window, which opens over the picture, out of its way
  for w in $(xdotool search --name "^Log$"); do xdotool windowmove "$w" 0 920; done
  sleep 1
}
wait_for() {
  for _ in $(seq 180); do
    xdotool search --name "$1" >/dev/null 2>&1 && { sleep 2; return; }
    sleep 1
  done
  cat "$work/imagej.log"; exit 1
}

# Plate View of TABLE with OPTIONS in ImageJ; a click on WELL (its block found in the window by the CLI's FIGURE of
# the same picture) opens its fields; the screen goes to OUT.png
click_shot() { # TABLE OPTIONS FIGURE WELL OUT.png
  session "run(\"Plate View\", \"profiles=[$1] $2\");" "^Plate View"
  local view px py fx fy n=0
  view=$(xdotool search --name "^Plate View" | head -1)
  xdotool windowmove "$view" 0 110; sleep 1
  log_aside
  import -window "$view" "$work/window.png"
  read -r fx fy < <(centre "$4")
  read -r px py < <(/usr/bin/python3 scripts/screenshots/find_image.py "$work/window.png" "$3" "$fx" "$fy")
  eval "$(xdotool getwindowgeometry --shell "$view")"
  xdotool mousemove $((X + px - 6)) $((Y + py - 4)); sleep 0.3
  xdotool mousemove $((X + px)) $((Y + py)); sleep 1
  xdotool click 1
  wait_for "_${4}_s[0-9]*$"
  sleep 6 # every field of the well
  # the fields' windows right of the plate, two a row, each where the last one ends
  local x=1105 y=110 right=1105 bottom=1035 rowh=0
  for w in $(xdotool search --name "_${4}_s[0-9]*$"); do
    eval "$(xdotool getwindowgeometry --shell "$w")"
    if [ "$n" -gt 0 ] && [ $((n % 2)) -eq 0 ]; then x=1105; y=$((y + rowh + 8)); rowh=0; fi
    xdotool windowmove "$w" "$x" "$y"
    x=$((x + WIDTH + 8)); rowh=$((HEIGHT > rowh ? HEIGHT : rowh)); n=$((n + 1))
    right=$((x > right ? x : right)); bottom=$((y + HEIGHT > bottom ? y + HEIGHT : bottom))
  done
  for w in $(xdotool search --name "^Log$"); do xdotool windowmove "$w" 0 880; xdotool windowsize "$w" 1100 150; done
  eval "$(xdotool getwindowgeometry --shell "$view")"
  xdotool mousemove $((X + px)) $((Y + py)); sleep 1.5
  import -window root "$work/click.png"
  convert "$work/click.png" -crop "${right}x${bottom}+0+0" +repage -resize "1400x>" -strip \
    -colors 256 "$5"
  ls -l "$5"
}

# the first demo plate by its distance to DMSO; a click on its most distant well
plate=$(sed -n 2p "$wells" | cut -d, -f1)
./dinoscope plot plate --profiles "$wells" --plate "$plate" --out "$work/figure.png" --table "$work/values.csv"
convert "$work/figure.png" -strip "$out/plate-view-cli.png"
well=$(/usr/bin/python3 -c "import csv, sys; print(max(csv.DictReader(open(sys.argv[1])), key=lambda r: float(r['distance_to_controls']))['Metadata_Well'])" "$work/values.csv")
click_shot "$wells" "value=distance plate=$plate control=DMSO control_column=Metadata_Compound" "$work/figure.png" \
  "$well" "$out/plate-view.png"

# the real Transfluor row, embedded with the default model, by its first principal component; a click on O01
if [ -d "$transfluor" ] || [ -n "${TF_PROFILES:-}" ]; then
  if [ -z "${TF_PROFILES:-}" ]; then
    ./dinoscope embed --layout "$transfluor" --pattern cellprofiler --channel-map 2=GFP --model demo --out "$work/tf" \
      > "$work/embed.log" 2>&1 || { cat "$work/embed.log"; exit 1; }
    TF_PROFILES=$work/tf
  fi
  tf=$(realpath "$TF_PROFILES")/wells.csv
  ./dinoscope plot plate --profiles "$tf" --value pc --pc 1 --out "$work/tf.png"
  click_shot "$tf" "value=pc pc=1" "$work/tf.png" O01 "$out/plate-view-transfluor.png"
fi
