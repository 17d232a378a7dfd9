#!/usr/bin/env bash
# Screenshots for the README, taken in the real ImageJ 1.54p (from Maven Central) under Xvfb with the built
# plugin installed: the Plugins > DINOscope menu, Attention Map's overlays on a real HT29 field and a real
# Transfluor field (the shared CellProfiler example images) with the default model (MODEL=random for the baseline); Profile Map (UMAP) of the BBBC021 treatments
# with a point's tooltip, the map of the Transfluor plate row embedded with the random model after a click opened
# a field with its attention overlay, and the Similarity Heatmap of the BBBC021 compounds with a pair on the
# status bar.
# Needs: mvn -B -DskipTests package; Debian packages xvfb, xdotool, imagemagick, python3-numpy.
# TF_PROFILES=DIR reuses an embedding of the Transfluor row (else it is embedded here, about 2 minutes).
# Usage: scripts/screenshots/make.sh [out-folder]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/images}
field=${FIELD:-../shared/data/images/ht29/AS_09125_050116030001_D03f00d0.tif}
ij_jar=${IJ_JAR:-$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar}
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick)"; exit 1; }
done
bbbc=${BBBC021:-../shared/data/bbbc021-profiles/BBBC021_feature_selected_mad_robustize.csv}
transfluor=${TRANSFLUOR:-../shared/data/images/transfluor-bbbc016}
[ -f "$field" ] || { echo "no field image $field (set FIELD=...)"; exit 1; }
[ -f "$bbbc" ] || { echo "no BBBC021 profiles $bbbc (set BBBC021=...)"; exit 1; }
[ -d "$transfluor" ] || [ -n "${TF_PROFILES:-}" ] || { echo "no Transfluor images $transfluor (set TRANSFLUOR=...)"; exit 1; }
[ -f "$ij_jar" ] || { echo "no $ij_jar: run mvn -B -DskipTests package first"; exit 1; }

work=$(mktemp -d)
trap 'kill "$xvfb" "$imagej" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/ImageJ/plugins/jars" "$out"
cp "$ij_jar" "$work/ImageJ/ij.jar"
cp target/DINOscope_-*.jar "$work/ImageJ/plugins/"
cp target/lib/*.jar "$work/ImageJ/plugins/jars/"

export DISPLAY=:77
Xvfb "$DISPLAY" -screen 0 1400x760x24 -nolisten tcp & xvfb=$!
sleep 2
# Attention Map with the default model on a real HT29 nuclei field and a real Transfluor field: one ImageJ each
imagej=
shot_attention() { # FIELD OUT.png
  [ -z "$imagej" ] || kill "$imagej" 2>/dev/null || true
  cat > "$work/attention.ijm" <<MACRO
open("$(realpath "$1")");
run("Attention Map", "model=${MODEL:-demo} channel=1 head=0 threshold=0 upsample=nearest display_max=5 opacity=45 lut=fire");
selectImage("$(basename "$1")");
setLocation(330, 120);
MACRO
  java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" \
    -ijpath "$work/ImageJ" -macro "$work/attention.ijm" > "$work/imagej.log" 2>&1 & imagej=$!
  # wait until this field's per-head maps are shown: the field window then carries its overlay
  for _ in $(seq 120); do
    xdotool search --name "^Attention of $(basename "$1")" >/dev/null 2>&1 && break
    sleep 1
  done
  xdotool search --name "^Attention of $(basename "$1")" >/dev/null || { cat "$work/imagej.log"; exit 1; }
  sleep 2
  win=$(xdotool search --name "^$(basename "$1")" | head -1)
  import -window "$win" "$work/overlay.png"
  convert "$work/overlay.png" -strip -colors 256 "$2"
}
shot_attention "$transfluor/AS_09047_050428030001_O01f00d2.TIF" "$out/attention-overlay-transfluor.png"
shot_attention "$field" "$out/attention-overlay.png"

# the menu: Plugins on ImageJ's menu bar, then the DINOscope submenu
main=$(xdotool search --name "^ImageJ$" | head -1)
eval "$(xdotool getwindowgeometry --shell "$main")"
xdotool mousemove $((X + 320)) $((Y + 12)) click 1
sleep 1
xdotool mousemove $((X + 330)) $((Y + 156)) click 1
sleep 1
import -window root "$work/menu-open.png"
# the menu bar, the Plugins menu and the DINOscope submenu that opens right of it
convert "$work/menu-open.png" -crop "700x355+$X+$Y" +repage -strip -colors 256 "$out/fiji-menu.png"
ls -l "$out/fiji-menu.png" "$out/attention-overlay.png" "$out/attention-overlay-transfluor.png"

# --- the profile commands, on a larger screen: one ImageJ session per picture ---
kill "$imagej" "$xvfb" 2>/dev/null || true
sleep 1
Xvfb "$DISPLAY" -screen 0 1600x1250x24 -nolisten tcp & xvfb=$!
sleep 2

# runs a macro in a fresh ImageJ and waits for a window whose name matches
session() {
  kill "$imagej" 2>/dev/null || true
  sleep 1
  printf '%s\n' "$1" > "$work/session.ijm"
  java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" \
    -ijpath "$work/ImageJ" -macro "$work/session.ijm" > "$work/imagej.log" 2>&1 & imagej=$!
  wait_for "$2"
}
wait_for() {
  for _ in $(seq 120); do
    xdotool search --name "$1" >/dev/null 2>&1 && { sleep 2; return; }
    sleep 1
  done
  cat "$work/imagej.log"; exit 1
}
# moves the pointer onto the point of a colour in the map window (slowly, as a mouse does, so Swing sees it)
hover() {
  import -window "$1" "$work/window.png"
  read -r px py < <(/usr/bin/python3 scripts/screenshots/find_point.py "$work/window.png" "$2")
  eval "$(xdotool getwindowgeometry --shell "$1")"
  xdotool mousemove $((X + px - 8)) $((Y + py - 6)); sleep 0.3
  xdotool mousemove $((X + px)) $((Y + py)); sleep 1.5
}
treatments="aggregate_by=[Metadata_Compound,Metadata_Concentration] drop_controls control=DMSO"

# BBBC021 treatments (CellProfiler features), coloured by mechanism; the tooltip of a microtubule stabilizer
session "run(\"Profile Map (UMAP)\", \"profiles=[$(realpath "$bbbc")] method=umap color_by=Metadata_moa $treatments neighbors=15 min_dist=0.1 seed=0\");" \
  "^DINOscope Profile Map"
map=$(xdotool search --name "^DINOscope Profile Map" | head -1)
xdotool windowmove "$map" 0 110; sleep 1
hover "$map" 174,199,232
import -window root "$work/map.png"
convert "$work/map.png" -crop 1000x885+0+0 +repage -strip -colors 128 "$out/profile-map.png"

# the Transfluor plate row embedded with the random model; a click opens the well's first field with its overlay
if [ -z "${TF_PROFILES:-}" ]; then
  ./dinoscope embed --layout "$transfluor" --pattern cellprofiler --channel-map 2=GFP --model random --out "$work/tf" \
    > "$work/embed.log" 2>&1 || { cat "$work/embed.log"; exit 1; }
  TF_PROFILES=$work/tf
fi
session "run(\"Profile Map (UMAP)\", \"profiles=[$(realpath "$TF_PROFILES")/wells.csv] method=umap color_by=Metadata_Well neighbors=5 min_dist=0.1 seed=0\");" \
  "^DINOscope Profile Map"
map=$(xdotool search --name "^DINOscope Profile Map" | head -1)
xdotool windowmove "$map" 0 110; sleep 1
hover "$map" 57,59,121
xdotool click 1
wait_for "_s[0-9]*$"
xdotool windowmove "$(xdotool search --name "_s[0-9]*$" | head -1)" 1010 110
log=$(xdotool search --name "^Log$" | head -1)
xdotool windowmove "$log" 1010 660; xdotool windowsize "$log" 580 160; sleep 1
import -window root "$work/click.png"
convert "$work/click.png" -crop 1590x885+0+0 +repage -resize 80% -strip -colors 256 "$out/profile-map-field.png"

# BBBC021 compounds: the clustered similarity as an image; the pair under the pointer on the status bar
session "run(\"Similarity Heatmap\", \"profiles=[$(realpath "$bbbc")] color_by=Metadata_moa label_by=Metadata_Compound aggregate_by=Metadata_Compound drop_controls control=DMSO linkage=complete\");" \
  "^Similarity of"
heat=$(xdotool search --name "^Similarity of" | head -1)
eval "$(xdotool getwindowgeometry --shell "$heat")"
# taxol (row) against epothilone B (column), both microtubule stabilizers
xdotool mousemove $((X + 760)) $((Y + 558)); sleep 0.3
xdotool mousemove $((X + 779)) $((Y + 567)); sleep 1.5
import -window root "$work/heat.png"
convert "$work/heat.png" -crop 1165x1110+0+0 +repage -resize 80% -strip -colors 256 "$out/similarity-heatmap.png"
ls -l "$out/profile-map.png" "$out/profile-map-field.png" "$out/similarity-heatmap.png"
