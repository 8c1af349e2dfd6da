#!/usr/bin/env bash
# Installs every build, run and test dependency of Dragoman from Debian 12 packages.
# Idempotent and non-interactive; run as root or with sudo available.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  # Qt 6
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev qt6-httpserver-dev
  qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  libqt6sql6-sqlite qt6-qpa-plugins libgl-dev
  # inference
  libtorch-dev libopenblas0-pthread libsentencepiece-dev nlohmann-json3-dev libicu-dev
  # audio
  portaudio19-dev libasound2-dev libsndfile1-dev libsoxr-dev libwebrtc-audio-processing-dev
  # virtual audio devices for tests and the virtual microphone
  pulseaudio pulseaudio-utils libasound2-plugins sox
  # storage and config
  libsqlite3-dev libyaml-cpp-dev
  # tests: promtool validates the Prometheus metrics text, openssl makes the TLS test's
  # certificate; benchmarks: wrk loads the HTTP server (tests/benchmarks/http)
  prometheus openssl wrk
  # clang and its libFuzzer runtime build the parsers' fuzz targets (scripts/fuzz.sh)
  clang libclang-rt-14-dev
  # offline engine tier
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  apertium apertium-eng-spa
  espeak-ng libespeak-ng-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
