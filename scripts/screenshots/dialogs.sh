#!/usr/bin/env bash
# Screenshots of the DINOscope Settings dialog and the About DINOscope message, taken in the real ImageJ 1.54p
# (from Maven Central) under Xvfb with the built plugin installed, on a libtorch folder of the user's: the CPU
# libtorch 2.7.1 of the pytorch-native-cpu jar unpacked as libtorch/lib beside libtorch/build-version (as a libtorch
# zip from pytorch.org lays it out), stored in Settings first by a macro, so that About names it.
# Needs: mvn -B -DskipTests package; Debian packages xvfb, xdotool, imagemagick.
# Usage: scripts/screenshots/dialogs.sh [out-folder]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/images}
ij_jar=${IJ_JAR:-$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar}
for tool in Xvfb xdotool import convert unzip; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick unzip)"; exit 1; }
done
[ -f "$ij_jar" ] || { echo "no $ij_jar: run mvn -B -DskipTests package first"; exit 1; }
native=$(ls target/lib/pytorch-native-cpu-2.7.1-linux-x86_64.jar)

work=$(mktemp -d -t dinoscope-dialogs.XXXX)
imagej=
trap 'kill "$xvfb" $imagej 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/ImageJ/plugins/jars" "$work/libtorch/lib" "$out"
cp "$ij_jar" "$work/ImageJ/ij.jar"
cp target/DINOscope_-*.jar "$work/ImageJ/plugins/"
cp target/lib/*.jar "$work/ImageJ/plugins/jars/"
unzip -q -j "$native" 'pytorch/cpu/linux-x86_64/*' -d "$work/libtorch/lib"
echo "2.7.1+cpu" > "$work/libtorch/build-version"

export DISPLAY=:78
Xvfb "$DISPLAY" -screen 0 1280x900x24 -nolisten tcp & xvfb=$!
sleep 2
# one ImageJ per macro, with preferences (where Settings keeps its values) of its own
session() { # MACRO WINDOW-NAME OUT.png
  [ -z "$imagej" ] || kill "$imagej" 2>/dev/null || true
  printf '%s\n' "$1" > "$work/session.ijm"
  java -Xmx2g -Djava.util.prefs.userRoot="$work/prefs" -Dai.djl.offline=true \
    -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" -ijpath "$work/ImageJ" \
    -macro "$work/session.ijm" > "$work/imagej.log" 2>&1 & imagej=$!
  for _ in $(seq 120); do
    xdotool search --name "$2" >/dev/null 2>&1 && break
    sleep 1
  done
  xdotool search --name "$2" >/dev/null || { cat "$work/imagej.log"; exit 1; }
  sleep 2
  import -window "$(xdotool search --name "$2" | head -1)" "$work/shot.png"
  convert "$work/shot.png" -strip -colors 256 "$3"
}
# store the settings from a macro (no dialog opens), then show the dialog with them
printf 'run("DINOscope Settings...", "device=cpu libtorch_folder=[%s]");\nrun("Quit");\n' "$work/libtorch/lib" \
  > "$work/store.ijm"
timeout 120 java -Xmx2g -Djava.util.prefs.userRoot="$work/prefs" -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-target/djl-cache}" -jar "$work/ImageJ/ij.jar" -ijpath "$work/ImageJ" \
  -macro "$work/store.ijm" > "$work/store.log" 2>&1 || { cat "$work/store.log"; exit 1; }
session 'run("DINOscope Settings...");' "^DINOscope DINOscope Settings" "$out/dialog-settings.png"
session 'run("About DINOscope");' "^About DINOscope" "$out/dialog-about.png"
ls -l "$out/dialog-settings.png" "$out/dialog-about.png"
