#!/usr/bin/env bash
# API load: start `newsweave serve` on a loopback port over a database built from the samples
# (or --data PATH), drive bounded load on search and event pages, print one table of
# requests/s, p99 latency and errors (--json: the figures as JSON on the last line).
#
#   bench/api_load.sh [--data PATH] [--seconds 10] [--clients 8] [--engine auto|wrk|python] [--json]
#
# wrk (Debian's package) drives the load when installed, else bench/api_load.py's threads.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$REPO/samples"
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift 2 ;;
    --help|-h) sed -n '2,8p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
export PYTHONPATH="$REPO/src${PYTHONPATH:+:$PYTHONPATH}"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python -m newsweave run "$DATA" --db "$WORK/load.db" >/dev/null 2>"$WORK/run.log" || {
  cat "$WORK/run.log" >&2; exit 1; }
PORT="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python -m newsweave serve --db "$WORK/load.db" --host 127.0.0.1 --port "$PORT" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if python -c "import httpx,sys; httpx.get('http://127.0.0.1:$PORT/api/events').raise_for_status()" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/serve.log" >&2; exit 1; fi
  sleep 0.2
done
python "$REPO/bench/api_load.py" --url "http://127.0.0.1:$PORT" --data "$DATA" ${ARGS[@]+"${ARGS[@]}"}
