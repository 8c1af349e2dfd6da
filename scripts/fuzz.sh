#!/usr/bin/env bash
# Builds the parsers' fuzz targets (preset `fuzz`: clang's libFuzzer, ASan + UBSan, in build/fuzz)
# and runs one, or all, for SECONDS each from its corpus (tests/fuzz/run.sh: seeds from
# tests/fuzz/corpus and the shared fixtures; the corpus grows in build/fuzz/corpus across runs).
# Any crash, leak, timeout or sanitizer report fails the run; its input is left in
# build/fuzz/artifacts (reproduce: build/fuzz/tests/fuzz/fuzz_TARGET FILE).
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      (default: all, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all} seconds=${2:-30}
cmake --preset fuzz >/dev/null
mapfile -t targets < <(ctest --test-dir build/fuzz -N -L fuzz | sed -n 's/^ *Test *#[0-9]*: fuzz_\(.*\)$/\1/p')
if [ "$which" != all ]; then
  if ! printf '%s\n' "${targets[@]}" | grep -qx "$which"; then
    echo "fuzz: no target '$which'; there are: ${targets[*]}" >&2
    exit 2
  fi
  targets=("$which")
fi
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
failed=0
for t in "${targets[@]}"; do
  tests/fuzz/run.sh "build/fuzz/tests/fuzz/fuzz_$t" "$t" "$seconds" || failed=1
done
exit $failed
