#!/usr/bin/env bash
# crops/s of `embed --image` against `embed --layout` on the same crops (issue 14, item 3): the 264 DNA images
# (224 x 224 px, one crop each) of a synthetic plate pair, as a list of --image files and as an ImageXpress
# layout with one channel. Runs alternate (layout, image, layout, image, ...) so that load from other work
# falls on both alike; prints every run and the median per model and mode.
#
# Usage: scripts/bench/image_list.sh [WORKDIR [RUNS [MODELS]]]
#   defaults: /tmp/dinoscope-image-list, 3, "demo random"
#   DINOSCOPE="java ... org.dinoscope.cli.Main" measures another build (default: ./dinoscope). A build whose
#   `embed --image` prints no crops/s (before issue 14) is timed from its last per-image line "(T s)".
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/dinoscope-image-list}"
runs="${2:-3}"
models="${3:-demo random}"
read -r -a dinoscope <<< "${DINOSCOPE:-$here/dinoscope}"

if [ ! -d "$work/synth" ]; then
  "${dinoscope[@]}" synth --out "$work/synth" --size 224 --plates 2 --fields 2 >/dev/null 2>&1
fi
mkdir -p "$work/dna"
find "$work/synth" -name '*_w1.tif' -exec ln -f {} "$work/dna/" \;
mapfile -t files < <(find "$work/dna" -name '*_w1.tif' | sort)
image_args=()
for f in "${files[@]}"; do image_args+=(--image "$f"); done
echo "${#files[@]} images of 224 x 224 px, one crop each; $(nproc) CPUs; $(date -u +%FT%TZ)"

rate() { # crops/s from one run's stdout and stderr
  local r
  r=$(grep -o '[0-9.]* crops/s' "$1" | head -n 1 | cut -d' ' -f1 || true)
  if [ -z "$r" ]; then # older builds: "[i/n] FILE: 1 crop (T s)" per image
    r=$(grep -o '([0-9.]* s)$' "$2" | tail -n 1 | tr -d '(s) ' | awk -v n="${#files[@]}" '{printf "%.1f", n / $1}')
  fi
  echo "$r"
}

results="$work/results.tsv"
: > "$results"
for model in $models; do
  for run in $(seq 1 "$runs"); do
    for mode in layout image; do
      rm -rf "$work/out"
      if [ "$mode" = layout ]; then
        "${dinoscope[@]}" embed --layout "$work/dna" --pattern imagexpress --channel-map 1=DNA --model "$model" \
          --out "$work/out" >"$work/stdout" 2>"$work/stderr"
      else
        mkdir -p "$work/out"
        "${dinoscope[@]}" embed "${image_args[@]}" --channel-names DNA --model "$model" \
          --out "$work/out/profiles.csv" >"$work/stdout" 2>"$work/stderr"
      fi
      r=$(rate "$work/stdout" "$work/stderr")
      printf '%s\t%s\t%s\t%s\n' "$model" "$mode" "$run" "$r" | tee -a "$results"
    done
  done
done
echo "median crops/s:"
for model in $models; do
  for mode in layout image; do
    m=$(awk -v m="$model" -v o="$mode" '$1 == m && $2 == o {print $4}' "$results" | sort -g \
      | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}')
    printf '  %-7s %-7s %s\n' "$model" "$mode" "$m"
  done
done
