#!/usr/bin/env bash
# Quick start 2: installs what Dragoman needs, builds everything with warnings as errors, and runs
# the whole test suite (unit, integration, ui). Shared test data is read from ../shared or
# $DRAGOMAN_SHARED; tests that need it skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
