#!/usr/bin/env bash
# Bounded load test of the embedded server over loopback with wrk (Debian package wrk):
#   /healthz, and /api/v1/translate with dynamic batching on (server.batch_max=32) and off (1).
# The translation cache is off so that every request reaches the engine (apertium en→es).
# Usage: tests/benchmarks/http/loadtest.sh [path/to/dragoman] [seconds] [connections]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../../build/dev/app/dragoman}"
seconds="${2:-20}"
connections="${3:-32}"
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (apt-get install wrk)"; exit 2; }

home="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"

run_server() { # $1: batch_max
  "$bin" --log-level warning --set server.rate_limit=0 --set server.cache_entries=0 --set "server.batch_max=$1" \
    serve --port 0 > "$home/serve.out" 2> "$home/serve.err" &
  pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*' "$home/serve.out" || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "loadtest: the server did not start"; cat "$home/serve.err"; exit 1
}
stop_server() { kill -TERM "$pid"; wait "$pid" || true; }

# wrk prints "Non-2xx or 3xx responses" and "Socket errors" only when there are any.
summary="Requests/sec| 50%| 99%|requests in|Non-2xx|Socket errors"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# $(wrk --version 2>&1 | head -1)"
run_server 32
echo "## GET /healthz, $connections connections, 2 threads, ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url/healthz" | grep -E "$summary"
echo "## POST /api/v1/translate, batching on (batch_max 32), $connections connections, ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 30s -s "$here/translate.lua" "$url" | grep -E "$summary"
curl -s "$url/metrics" | grep -E '^dragoman_api_translate_(batches|requests)_total' || true
stop_server
run_server 1
echo "## POST /api/v1/translate, batching off (batch_max 1), $connections connections, ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 30s -s "$here/translate.lua" "$url" | grep -E "$summary"
curl -s "$url/metrics" | grep -E '^dragoman_api_translate_(batches|requests)_total' || true
stop_server
