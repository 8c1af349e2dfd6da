#!/usr/bin/env bash
# Regenerates hello_en.wav, the short English speech sample used by the README demo.
# Needs espeak-ng and sox (Debian packages). Output: 16 kHz mono 16-bit WAV.
set -euo pipefail
cd "$(dirname "$0")"
text="Good morning. The weather is nice today. Where is the train station?"
tmp=$(mktemp --suffix=.wav)
trap 'rm -f "$tmp"' EXIT
espeak-ng -v en-us+f2 -s 125 -g 12 -w "$tmp" "$text"
sox "$tmp" -r 16000 -c 1 -b 16 hello_en.wav pad 0.3 0.5
echo "wrote $(pwd)/hello_en.wav: $text"
