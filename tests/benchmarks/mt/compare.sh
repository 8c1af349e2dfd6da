#!/bin/bash
# Usage: tests/benchmarks/mt/compare.sh BINARY [opus-mt|nllb-600m]
# Runs `BINARY bench mt` and the eager PyTorch reference (eager_reference.py, Debian's python3-torch)
# on the same random-weight folder with the same thread count, one after the other, and prints
# them side by side with the targets (sidebyside.py). The folder is written once by
# `BINARY bench make-model --kind mt` and kept (MODEL_DIR, default: the cache folder `bench mt`
# uses itself). Environment: THREADS (default 2), RUNS (default 5), MODEL_DIR, OUT (a folder to
# keep both JSON files), PYTHON (default /usr/bin/python3: the system interpreter has torch).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 BINARY [opus-mt|nllb-600m]" >&2
  exit 2
fi
bin=$1
size=${2:-opus-mt}
threads=${THREADS:-2}
runs=${RUNS:-5}
python=${PYTHON:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
dir=${MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dragoman/bench/mt-$size-random}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
if [ ! -f "$dir/model.safetensors" ]; then
  "$bin" bench make-model --kind mt --size "$size" --out "$dir"
fi
echo "model folder: $dir; results: $out" >&2
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) core(s)" >&2
"$bin" bench mt --model "$dir" --threads "$threads" --runs "$runs" --json >"$out/dragoman.json"
"$python" "$here/eager_reference.py" --model "$dir" --threads "$threads" --runs "$runs" >"$out/eager.json"
"$python" "$here/sidebyside.py" "$out/dragoman.json" "$out/eager.json"
