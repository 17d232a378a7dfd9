#!/usr/bin/env bash
# Writes the bad-input corpus into a folder (default ./bad-inputs): image bombs, an empty file, a BigTIFF,
# float TIFFs with NaN and with values the network overflows on, signed 16-bit and unsigned 32-bit TIFFs, a
# two-series OME-TIFF, weights holding NaN. The files come from the test sources
# (org.dinoscope.testutil.BadInputs), the same ones BadInputsTest runs through the CLI; docs/errors.md says
# what DINOscope does with each. Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$(realpath -m "${1:-bad-inputs}")"
shift || true
cd "$here"
mvn -B -q "$@" test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.dinoscope.testutil.BadInputs "$out"
