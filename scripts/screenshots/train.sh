#!/usr/bin/env bash
# Screenshot of Plugins > DINOscope > Train WS-DINO... in the real ImageJ 1.54p under Xvfb: its live loss
# chart and Stop button while a WS-DINO run (compound as the weak label) fine-tunes a small model on a
# synthetic plate set. Needs: mvn -B -DskipTests package; xvfb, xdotool, imagemagick; a plate folder made by
#   ./dinoscope synth --out PLATES --seed 11 --plates 4 --batches 2
# and initial weights (e.g. scripts/train/experiments.sh's A-dino/model.safetensors).
# Usage: scripts/screenshots/train.sh PLATES INIT [out-folder]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/../.."
plates=$(realpath "${1:?plates folder}"); init=$(realpath "${2:?initial weights}"); out=${3:-docs/images}
ij_jar=${IJ_JAR:-$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar}
work=$(mktemp -d)
trap 'kill "$xvfb" "$imagej" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/ImageJ/plugins/jars" "$out"
cp "$ij_jar" "$work/ImageJ/ij.jar"
cp target/DINOscope_-*.jar "$work/ImageJ/plugins/"
cp target/lib/*.jar "$work/ImageJ/plugins/jars/"
export DISPLAY=:78
Xvfb "$DISPLAY" -screen 0 1200x800x24 -nolisten tcp & xvfb=$!
sleep 2
cat > "$work/train.ijm" <<MACRO
run("Train WS-DINO...", "layout=[$plates] pattern=imagexpress channel_map=[1=DNA,2=ER,3=RNA,4=AGP,5=Mito] platemap=[$plates/platemap.csv] weak_label=Metadata_Compound model=demo init=[$init] mode=default steps=120 batch_size=32 lr=0.0001 global_size=112 local_size=48 local_crops=6 out_dim=256 seed=3 device=cpu out=[$work/run]");
MACRO
java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" \
  -ijpath "$work/ImageJ" -macro "$work/train.ijm" > "$work/imagej.log" 2>&1 & imagej=$!
# wait until the chart's title reports step 100
for _ in $(seq 600); do
  xdotool search --name "DINOscope Training .*step 1[0-9][0-9]/" >/dev/null 2>&1 && break
  sleep 1
done
win=$(xdotool search --name "^DINOscope Training" | head -1)
[ -n "$win" ] || { cat "$work/imagej.log"; exit 1; }
sleep 1
import -window "$win" "$work/train.png"
convert "$work/train.png" -strip -colors 256 "$out/train-loss.png"
ls -l "$out/train-loss.png"
