#!/usr/bin/env bash
# Virtual audio devices for machines with no sound card (CI, containers, tests).
#
#   scripts/virtual-audio.sh start       start (or reuse) a private PulseAudio daemon with:
#                                          dragoman_out       null sink: Dragoman's output (speaker)
#                                          dragoman_mic_feed  null sink: what you play here is "spoken" into the mic
#                                          dragoman_in        source remapped from dragoman_mic_feed.monitor: the mic
#                                        and, for calls (dragoman call):
#                                          dragoman_call_feed null sink: what you play here is the other side of a call
#                                          dragoman_call_in   source remapped from dragoman_call_feed.monitor: the call's audio
#                                          dragoman_to_me     null sink: the headphones their translated words go to
#                                        and an ALSA configuration that names them for PortAudio.
#   scripts/virtual-audio.sh play FILE [SINK]
#                                        play FILE (any format sox reads) into SINK (default dragoman_mic_feed); returns when done
#   scripts/virtual-audio.sh status      says whether the daemon runs and lists its sinks and sources
#   scripts/virtual-audio.sh stop        stops what start started and removes its files
#
# `start` prints shell assignments only, so `eval "$(scripts/virtual-audio.sh start)"` works:
#   input=dragoman_in                      PortAudio (ALSA) device name for capture
#   output=dragoman_out                    PortAudio (ALSA) device name for playback
#   export PULSE_SERVER=unix:/tmp/dragoman-pa/native
#   export ALSA_CONFIG_PATH=/tmp/dragoman-pa/alsa.conf
# Both exports must be set before PortAudio initialises (Pa_Initialize reads the ALSA configuration).
# PortAudio (ALSA host API) then also lists dragoman_out_monitor (records what Dragoman plays), pulse and default.
# A fresh start takes ~2 s: it warms the sources up so that capture callbacks begin within ~0.03 s.
# The runtime folder is $DRAGOMAN_PA_DIR (default /tmp/dragoman-pa). Works as root, with no D-Bus and no X.
set -euo pipefail

DIR="${DRAGOMAN_PA_DIR:-/tmp/dragoman-pa}"
SOCKET="$DIR/native"
ALSA_CONF="$DIR/alsa.conf"
export PULSE_SERVER="unix:$SOCKET"
# PulseAudio keeps its state and cookie under these; point them into our folder so nothing else is touched.
export PULSE_RUNTIME_PATH="$DIR/runtime"
export PULSE_STATE_PATH="$DIR/state"
export HOME="${HOME:-$DIR}"

die() { echo "virtual-audio: $*" >&2; exit 1; }

running() { pactl info >/dev/null 2>&1; }

print_env() {
  echo "input=dragoman_in"
  echo "output=dragoman_out"
  echo "export PULSE_SERVER=unix:$SOCKET"
  echo "export ALSA_CONFIG_PATH=$ALSA_CONF"
}

write_alsa_conf() {
  # The system configuration first (it defines the pulse plugin types and the defaults), then ours.
  local sys=/usr/share/alsa/alsa.conf
  cat >"$ALSA_CONF.tmp" <<CONF
# Written by scripts/virtual-audio.sh: the system ALSA configuration plus Dragoman's virtual devices.
</usr/share/alsa/alsa.conf>

pcm.dragoman_in {
  type pulse
  device dragoman_in
  hint { show on description "Dragoman virtual input (PulseAudio source dragoman_in)" }
}
ctl.dragoman_in { type pulse }

pcm.dragoman_out {
  type pulse
  device dragoman_out
  hint { show on description "Dragoman virtual output (PulseAudio sink dragoman_out)" }
}
ctl.dragoman_out { type pulse }

pcm.dragoman_out_monitor {
  type pulse
  device dragoman_out.monitor
  hint { show on description "Monitor of the Dragoman virtual output" }
}

pcm.dragoman_call_in {
  type pulse
  device dragoman_call_in
  hint { show on description "Dragoman virtual call audio (PulseAudio source dragoman_call_in)" }
}
ctl.dragoman_call_in { type pulse }

pcm.dragoman_to_me {
  type pulse
  device dragoman_to_me
  hint { show on description "Dragoman virtual headphones (PulseAudio sink dragoman_to_me)" }
}
ctl.dragoman_to_me { type pulse }

pcm.!default { type pulse }
ctl.!default { type pulse }
CONF
  [ -r "$sys" ] || die "$sys not found: install libasound2 and libasound2-plugins"
  mv "$ALSA_CONF.tmp" "$ALSA_CONF"
}

start() {
  local fresh=0
  command -v pulseaudio >/dev/null || die "pulseaudio not found: apt-get install pulseaudio pulseaudio-utils libasound2-plugins"
  mkdir -p "$DIR" "$PULSE_RUNTIME_PATH" "$PULSE_STATE_PATH"
  chmod 700 "$PULSE_RUNTIME_PATH"
  if ! running; then
    rm -f "$SOCKET"
    pulseaudio --daemonize=yes -n --exit-idle-time=-1 --use-pid-file=yes --log-target=file:"$DIR/pulseaudio.log" \
      --load="module-native-protocol-unix socket=$SOCKET auth-anonymous=1" \
      --load="module-null-sink sink_name=dragoman_out sink_properties=device.description=Dragoman_output" \
      --load="module-null-sink sink_name=dragoman_mic_feed sink_properties=device.description=Dragoman_mic_feed" \
      --load="module-remap-source source_name=dragoman_in master=dragoman_mic_feed.monitor source_properties=device.description=Dragoman_input" \
      --load="module-null-sink sink_name=dragoman_call_feed sink_properties=device.description=Dragoman_call_feed" \
      --load="module-remap-source source_name=dragoman_call_in master=dragoman_call_feed.monitor source_properties=device.description=Dragoman_call_audio" \
      --load="module-null-sink sink_name=dragoman_to_me sink_properties=device.description=Dragoman_headphones" \
      >/dev/null 2>&1 || die "pulseaudio failed to start (see $DIR/pulseaudio.log)"
    for _ in $(seq 50); do running && break; sleep 0.1; done
    running || die "pulseaudio did not answer on $SOCKET (see $DIR/pulseaudio.log)"
    pactl set-default-sink dragoman_out >/dev/null 2>&1 || true
    pactl set-default-source dragoman_in >/dev/null 2>&1 || true
    fresh=1
  fi
  # Silent low-latency streams keep both sinks (and so their monitors and dragoman_in) running: without
  # them the first capture callback comes 0.1-2 s after a stream starts instead of ~0.03 s.
  local sink
  for sink in dragoman_mic_feed dragoman_out dragoman_call_feed dragoman_to_me; do
    if ! { [ -f "$DIR/keepalive-$sink.pid" ] && kill -0 "$(cat "$DIR/keepalive-$sink.pid")" 2>/dev/null; }; then
      nohup pacat --playback -d "$sink" --latency-msec=20 --format=s16le --rate=48000 --channels=1 \
        --client-name="dragoman keepalive" /dev/zero >/dev/null 2>&1 &
      echo $! >"$DIR/keepalive-$sink.pid"
    fi
  done
  for _ in $(seq 50); do
    [ "$(pactl list short sinks | awk '$2 ~ /^dragoman_/ && $NF == "RUNNING"' | wc -l)" -ge 4 ] && break
    sleep 0.05
  done
  if [ "$fresh" = 1 ]; then
    # The first recording from a freshly started daemon gets its first data only after ~2 s; later
    # ones after ~0.03 s. Take that first recording here, so callers see prompt capture.
    local src
    for src in dragoman_in dragoman_out.monitor dragoman_call_in; do
      timeout 5 parec -d "$src" --latency-msec=20 --rate=16000 --channels=1 --format=s16le 2>/dev/null \
        | head -c 640 >/dev/null 2>&1 || true
    done
  fi
  write_alsa_conf
  print_env
}

play() {
  local file="${1:-}" sink="${2:-dragoman_mic_feed}"
  [ -n "$file" ] || die "usage: $0 play FILE [SINK]"
  [ -r "$file" ] || die "cannot read $file"
  running || die "not running: run '$0 start' first"
  local tmp
  tmp="$(mktemp "$DIR/play.XXXXXX.wav")"
  trap 'rm -f "$tmp"' RETURN
  sox "$file" -t wav -e signed-integer -b 16 -c 1 "$tmp" 2>/dev/null || die "sox cannot read $file"
  paplay -d "$sink" "$tmp" || die "paplay failed for $file into $sink"
}

status() {
  if running; then
    echo "running: PULSE_SERVER=unix:$SOCKET"
    pactl list short sinks
    pactl list short sources
  else
    echo "not running"
    return 1
  fi
}

stop() {
  local f
  for f in "$DIR"/keepalive-*.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  if running; then
    pulseaudio --kill >/dev/null 2>&1 || pactl exit >/dev/null 2>&1 || true
    for _ in $(seq 30); do running || break; sleep 0.1; done
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  play) shift; play "$@" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|play FILE [SINK]|status" >&2; exit 2 ;;
esac
