#!/usr/bin/env bash
# Screenshots for the README, taken in the real ImageJ 1.54p (from Maven Central) under Xvfb with the built
# plugin installed: the Plugins > DINOscope menu, and Attention Map's overlay on a real HT29 field (the shared
# CellProfiler example images) with the default (random) model.
# Needs: mvn -B -DskipTests package; Debian packages xvfb, xdotool, imagemagick.
# Usage: scripts/screenshots/make.sh [out-folder]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/images}
field=${FIELD:-../shared/data/images/ht29/AS_09125_050116030001_D03f00d0.tif}
ij_jar=${IJ_JAR:-$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar}
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick)"; exit 1; }
done
[ -f "$field" ] || { echo "no field image $field (set FIELD=...)"; exit 1; }
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
cat > "$work/attention.ijm" <<MACRO
open("$(realpath "$field")");
run("Attention Map", "model=random channel=1 head=0 threshold=0 opacity=45 lut=fire");
selectImage("$(basename "$field")");
setLocation(330, 120);
MACRO
java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" \
  -ijpath "$work/ImageJ" -macro "$work/attention.ijm" > "$work/imagej.log" 2>&1 & imagej=$!

# wait until the per-head maps are shown: the field window then carries its overlay
for _ in $(seq 120); do
  xdotool search --name "^Attention of" >/dev/null 2>&1 && break
  sleep 1
done
xdotool search --name "^Attention of" >/dev/null || { cat "$work/imagej.log"; exit 1; }
sleep 2
win=$(xdotool search --name "^$(basename "$field")" | head -1)
import -window "$win" "$work/overlay.png"
convert "$work/overlay.png" -strip -colors 256 "$out/attention-overlay.png"

# the menu: Plugins on ImageJ's menu bar, then the DINOscope submenu
main=$(xdotool search --name "^ImageJ$" | head -1)
eval "$(xdotool getwindowgeometry --shell "$main")"
xdotool mousemove $((X + 320)) $((Y + 12)) click 1
sleep 1
xdotool mousemove $((X + 330)) $((Y + 156)) click 1
sleep 1
import -window root "$work/menu-open.png"
# the menu bar, the Plugins menu and the DINOscope submenu that opens right of it
convert "$work/menu-open.png" -crop "700x270+$X+$Y" +repage -strip -colors 256 "$out/fiji-menu.png"
ls -l "$out/fiji-menu.png" "$out/attention-overlay.png"
