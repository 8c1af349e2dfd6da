#!/usr/bin/env bash
# Runs one fuzz target for a bounded time from its corpus: build/fuzz/corpus/TARGET, started from
# the seeds committed in tests/fuzz/corpus/TARGET and the matching files of the shared fixtures
# (../shared or $DRAGOMAN_SHARED, when present; seeds of a format with several files or a
# leading selector byte are put together here). Fails on any crash, leak, timeout or sanitizer
# report; the input that caused it is left in build/fuzz/artifacts. Prints the executions done.
#   tests/fuzz/run.sh BINARY TARGET SECONDS
set -euo pipefail
binary=$1 target=$2 seconds=$3
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${DRAGOMAN_SHARED:-$root/../shared}"
build="$(dirname "$(dirname "$(dirname "$binary")")")" # build/fuzz/tests/fuzz/fuzz_x -> build/fuzz
corpus="$build/corpus/$target" artifacts="$build/artifacts"
mkdir -p "$corpus" "$artifacts"
if [ -d "$here/corpus/$target" ]; then cp -n "$here/corpus/$target"/* "$corpus"/ 2>/dev/null || true; fi
f="$shared/fixtures"
seed() { # seed NAME SELECTOR-BYTE FILE [FILE...]: the selector, then the files joined by NUL bytes
  local name=$1 selector=$2; shift 2
  for file in "$@"; do [ -f "$file" ] || return 0; done
  {
    [ -n "$selector" ] && printf "\\$(printf '%03o' "$selector")"
    local first=1
    for file in "$@"; do
      [ $first = 1 ] || printf '\0'
      first=0
      cat "$file"
    done
  } > "$corpus/shared-$name"
}
max_len=65536
case "$target" in
  safetensors)
    # Truncated to 64 KiB as they are read: the header and the first tensors.
    for m in vits-tiny-random marian-tiny-random nllb-tiny-random; do seed "$m" "" "$f/$m/model.safetensors"; done ;;
  onnx)
    # The voice truncated to 64 KiB as it is read (its graph and first weights); a small
    # hand-made model is in tests/fuzz/corpus/onnx.
    seed piper "" "$f/piper-tiny-random/en_US-tiny_random-medium.onnx" ;;
  sentencepiece)
    max_len=300000
    seed marian-source "" "$f/marian-tiny-random/source.spm"
    seed nllb "" "$f/nllb-tiny-random/sentencepiece.bpe.model" ;;
  bytebpe)
    # The first 2,000 ranks of GPT-2's byte pairs (the whole file makes a run take 0.2 s).
    if [ -f "$shared/data/whisper/gpt2.tiktoken" ]; then
      head -n 2000 "$shared/data/whisper/gpt2.tiktoken" > "$build/gpt2-head.tiktoken"
      seed gpt2-tiktoken 2 "$build/gpt2-head.tiktoken"
    fi ;;
  audiofile)
    seed jfk-flac "" "$shared/data/speech/jfk.flac" ;; # its first 64 KiB: a FLAC cut short
  modelconfig)
    seed whisper 0 "$f/whisper-tiny-random/config.json"
    seed marian 1 "$f/marian-tiny-random/config.json" "$f/marian-tiny-random/generation_config.json"
    seed nllb 1 "$f/nllb-tiny-random/config.json" "$f/nllb-tiny-random/generation_config.json"
    seed vits 2 "$f/vits-tiny-random/config.json" ;;
esac
log="$build/fuzz-$target.log"
set +e
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$target-" "$corpus" > "$log" 2>&1
rc=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
echo "fuzz $target: ${runs:-?} executions in $seconds s, corpus $(ls "$corpus" | wc -l) inputs, exit $rc (log: $log)"
if [ $rc -ne 0 ]; then
  tail -60 "$log"
  exit 1
fi
