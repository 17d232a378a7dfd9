#!/usr/bin/env bash
# Parquet for the CLI: parquet-java (what DINOscope ships) against DuckDB's JDBC driver (issue 14), and CSV.
#
# For each table (the real BBBC021 well table from ../shared/data when present, and synthetic JUMP-like field
# tables: 384 wells x 9 fields per plate, 1920 features = uniDINO on 5 channels), times whole JVM runs, start to
# finish, of what `profile --step aggregate --aggregate-by Metadata_Plate,Metadata_Well` does:
#   - `./dinoscope profile` on the CSV table and on the Parquet table (the product, parquet-java);
#   - TableLibraryBench (src/test/java/org/dinoscope/table) with parquet-java and with DuckDB, each with only its
#     own library on the class path besides DINOscope's other jars;
# the median of RUNS runs (default 3) of wall time and peak resident memory (/usr/bin/time), and the bytes each
# library adds to the class path. Output: a Markdown table on stdout; work files in $WORK.
#
#   scripts/bench/parquet_libraries.sh   # RUNS=3 PLATES="1 4" WORK=/tmp/dinoscope-parquet-bench (defaults)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
RUNS="${RUNS:-3}"
PLATES="${PLATES:-1 4}"
WORK="${WORK:-/tmp/dinoscope-parquet-bench}"
mkdir -p "$WORK"

mvn -B -q -o -DskipTests package test-compile >&2
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/test.cp" >&2
duckdb="$(tr ':' '\n' < "$WORK/test.cp" | grep '/duckdb_jdbc-' | head -n 1)"
duckdb_linux="${duckdb%.jar}-linux_amd64.jar"

# the jars only parquet-java needs (zstd-jni is Fiji's, but only Parquet uses it here)
parquet_jars=$(ls target/lib | grep -E '^(parquet-|hadoop-|snappy-java-|jts-core-|zstd-jni-)' | sort)
others=$(ls target/lib | grep -v -E '^(parquet-|hadoop-|snappy-java-|jts-core-|zstd-jni-)' | sed "s|^|target/lib/|" | paste -sd:)
cp_parquet="target/classes:target/test-classes:target/lib/*"
cp_duckdb="target/classes:target/test-classes:$others:$duckdb"

bytes() { local n=0; for f in "$@"; do n=$((n + $(stat -c %s "$f"))); done; echo "$n"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "parquet-java jars: $(echo $parquet_jars | tr '\n' ' ')" >&2
echo "| library | jars added to the class path | MiB |"
echo "|---|---|---:|"
echo "| parquet-java 1.16.0 (as shipped) | $(echo $parquet_jars | wc -w) jars: $(echo $parquet_jars | tr '\n' ' ') | $(mib "$(bytes $(printf 'target/lib/%s ' $parquet_jars))") |"
echo "| DuckDB JDBC $(basename "$duckdb" .jar | sed 's/duckdb_jdbc-//') (all platforms) | $(basename "$duckdb") | $(mib "$(bytes "$duckdb")") |"
if [ -f "$duckdb_linux" ]; then
  echo "| DuckDB JDBC, Linux x86-64 only | $(basename "$duckdb_linux") (unpacks $(unzip -l "$duckdb_linux" | awk '/libduckdb_java/ { printf "%.1f", $1 / 1048576 }') MiB of native library into the temporary folder at every start) | $(mib "$(bytes "$duckdb_linux")") |"
fi
echo

# one timed run: "wall_seconds peak_rss_kib" appended to $WORK/<label>.times
timed_once() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" \
    || { cat "$WORK/$label.err" >&2; exit 1; }
  tail -n 1 "$WORK/time" >> "$WORK/$label.times"
}
# "median wall s, median peak RSS MiB" of a label's runs
median() {
  local w r
  w=$(cut -d' ' -f1 "$WORK/$1.times" | sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] }')
  r=$(cut -d' ' -f2 "$WORK/$1.times" | sort -g | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] / 1024 }')
  echo "$w s, $r MiB"
}

tables=()
real="../shared/data/bbbc021-profiles/BBBC021_feature_selected_mad_robustize.csv"
if [ -f "$real" ]; then
  cp "$real" "$WORK/bbbc021.csv"
  java -cp "$cp_parquet" org.dinoscope.table.TableLibraryBench convert "$WORK/bbbc021.csv" "$WORK/bbbc021.parquet"
  tables+=(bbbc021)
fi
for p in $PLATES; do
  [ -f "$WORK/plates$p.parquet" ] || java -Xmx4g -cp "$cp_parquet" org.dinoscope.table.TableLibraryBench make \
    "$WORK/plates$p" "$p" 9 1920
  tables+=("plates$p")
done

echo "| table | rows x features | CSV / Parquet size | \`profile\` CSV | \`profile\` Parquet (parquet-java) | parquet-java, same work | DuckDB JDBC, same work |"
echo "|---|---|---|---:|---:|---:|---:|"
for t in "${tables[@]}"; do
  shape=$(java -cp "$cp_parquet" org.dinoscope.table.TableLibraryBench parquet-java "$WORK/$t.parquet" "$WORK/$t.shape.parquet" \
    | sed -E 's/^[^:]*: ([0-9]+ x [0-9]+).*/\1/')
  sizes="$(mib "$(stat -c %s "$WORK/$t.csv")") / $(mib "$(stat -c %s "$WORK/$t.parquet")") MiB"
  rm -f "$WORK/$t".*.times
  # the four variants alternate, run after run, so that a change in the machine's load touches all alike
  for _ in $(seq "$RUNS"); do
    timed_once "$t.csv" ./dinoscope profile --in "$WORK/$t.csv" --out "$WORK/$t.wells.csv" \
      --step aggregate --aggregate-by Metadata_Plate,Metadata_Well
    timed_once "$t.pq" ./dinoscope profile --in "$WORK/$t.parquet" --out "$WORK/$t.wells.parquet" \
      --step aggregate --aggregate-by Metadata_Plate,Metadata_Well
    timed_once "$t.pj" java -Xmx4g -cp "$cp_parquet" org.dinoscope.table.TableLibraryBench parquet-java \
      "$WORK/$t.parquet" "$WORK/$t.pj.parquet"
    timed_once "$t.duck" java -Xmx4g -cp "$cp_duckdb" org.dinoscope.table.TableLibraryBench duckdb \
      "$WORK/$t.parquet" "$WORK/$t.duck.parquet"
    cat "$WORK/$t.pj.out" "$WORK/$t.duck.out" >&2
  done
  echo "| $t | $shape | $sizes | $(median "$t.csv") | $(median "$t.pq") | $(median "$t.pj") | $(median "$t.duck") |"
done
