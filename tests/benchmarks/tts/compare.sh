#!/bin/bash
# Usage: tests/benchmarks/tts/compare.sh BINARY VOICE.onnx
# Runs `BINARY bench tts --voice VOICE.onnx` and ONNX Runtime (ort_reference.mjs, npm's
# onnxruntime-node) on the same Piper voice, the same phoneme ids, noise scales 0 and the same
# thread count, one after the other, and prints them side by side. onnxruntime-node is not part of
# the project: install it beside it once, e.g.
#   mkdir -p /tmp/ort && (cd /tmp/ort && ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node)
# Environment: ORT_NODE_DIR (that folder), THREADS (default 2), RUNS (default 5), OUT (a folder to
# keep both JSON files).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BINARY VOICE.onnx" >&2
  exit 2
fi
bin=$1
voice=$2
threads=${THREADS:-2}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
"$bin" bench tts --voice "$voice" --threads "$threads" --runs "$runs" --json > "$out/dragoman.json"
ids=()
while IFS= read -r line; do ids+=(--ids "$line"); done < <(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const s of r.sentences) console.log(s.input_ids.join(","));' "$out/dragoman.json")
node "$here/ort_reference.mjs" --model "$voice" "${ids[@]}" --threads "$threads" --runs "$runs" --warmup 1 \
  --noise-scale 0 --noise-w 0 > "$out/ort.json"
node -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8")), o = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  console.log(`voice ${d.voice}, ${d.threads} thread(s), noise scales 0`);
  console.log("ids   audio s   dragoman ms  RTF     onnxruntime ms  RTF");
  d.sentences.forEach((s, i) => {
    const r = o.sentences[i];
    console.log(`${String(s.ids).padStart(4)}  ${s.audio_s.toFixed(2).padStart(7)}  ${s.ms.median.toFixed(1).padStart(11)}  ` +
                `${s.rtf.toFixed(3)}   ${r.ms_median.toFixed(1).padStart(14)}  ${r.rtf.toFixed(3)}`);
  });
  console.log(`load ms           ${d.load_ms.toFixed(0).padStart(11)}          ${o.load_ms.toFixed(0).padStart(14)}`);
  console.log(`peak RSS MiB      ${d.peak_rss_mib.toFixed(0).padStart(11)}          ${o.peak_rss_mib.toFixed(0).padStart(14)}`);
  console.log(`first sentence (${d.first_sentence_ids} ids): ${d.first_audio_ms.median.toFixed(1)} ms to its audio (dragoman)`);
' "$out/dragoman.json" "$out/ort.json"
echo "JSON: $out"
