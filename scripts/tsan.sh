#!/usr/bin/env bash
# ThreadSanitizer over the threaded tests (ctest label "threads": ThreadHost, the audio ring, the
# bounded queues, the pipeline, whole sessions, the session store and recorder, run telemetry, the
# API's translation service and request gate). Builds only those tests, in
# build/tsan, without the neural engines (DRAGOMAN_NEURAL_ENGINES off: LibTorch is not built with
# TSan). Qt's own hand-offs are told to TSan by core/common/tsan.cpp; scripts/tsan.supp names the
# rest of Qt's machinery. Any report fails the run. die_after_fork=0: tests start helper processes
# (apertium, PulseAudio; core/common/tsanfork.cpp makes QProcess's clone a fork TSan sees).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset tsan >/dev/null
# The targets of the tests labelled "threads", as ctest lists them.
mapfile -t targets < <(ctest --test-dir build/tsan -N -L threads | sed -n 's/^ *Test *#[0-9]*: \(.*\)$/\1/p')
if [ "${#targets[@]}" -eq 0 ]; then
  echo "tsan: no test is labelled threads" >&2
  exit 1
fi
cmake --build --preset tsan --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 die_after_fork=0 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp ${TSAN_OPTIONS:-}"
ctest --preset tsan
