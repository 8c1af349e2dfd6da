#!/usr/bin/env bash
# Quick start 1: installs what Dragoman needs, builds it, and translates the English sample
# into Spanish with the offline engines, printing source text and translation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target dragoman
out="${DRAGOMAN_DEMO_OUT:-build/demo}"
mkdir -p "$out"
./build/dev/app/dragoman translate resources/samples/hello_en.wav --from en --to es \
  --output "$out/hello_es.wav" --json "$out/hello_es.json" --srt "$out/hello_es.srt"
echo "Spanish speech: $out/hello_es.wav, transcript: $out/hello_es.json, subtitles: $out/hello_es.srt"
