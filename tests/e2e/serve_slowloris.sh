#!/usr/bin/env bash
# Slowloris (issue 27 item 6): with four times --max-connections held open by a client that sends
# each request a header line a second and never finishes it, a client that sends whole requests is
# answered at once, on new connections and on a kept-alive one, and never gets 503. Before, it
# waited in the listen queue until the server's 5 s read timeout dropped the slow connections.
# The figures under 2,000 connections are tools/bench/serve_slowloris.sh's (docs/benchmarks.md).
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
LORIS_PID=
trap '[[ -n "$LORIS_PID" ]] && kill "$LORIS_PID" 2>/dev/null; stop_server; rm -rf "$WORK"' EXIT

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
start_server --tm "$WORK/tm" --max-connections 64
PORT=${BASE##*:}

python3 "$TMKIT_SOURCE_DIR/tools/bench/slowloris.py" --port "$PORT" --connections 256 --seconds 5 \
  --interval 1 --ready "$WORK/ready" >"$WORK/loris.out" &
LORIS_PID=$!
for _ in $(seq 1 100); do [[ -f "$WORK/ready" ]] && break; sleep 0.05; done
[[ -f "$WORK/ready" ]] || { echo "FAIL: the slowloris did not open its connections" >&2; exit 1; }
sleep 0.5

python3 - "$PORT" <<'PY'
import http.client, sys, time
port = int(sys.argv[1])
failures = []
path = "/api/lookup?q=Syrian+opposition+group+says&src=en&tgt=ru"
# New connections, one request each: a 2 s timeout is well below the 5 s the old accept loop kept
# them waiting, and far above the milliseconds an answer takes.
for i in range(20):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", path, headers={"Host": "127.0.0.1"})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            failures.append(f"request {i} on a new connection: status {r.status}")
        c.close()
    except OSError as e:
        failures.append(f"request {i} on a new connection: {e!r}")
# One kept-alive connection, 20 requests.
try:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    for i in range(20):
        c.request("GET", path, headers={"Host": "127.0.0.1"})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            failures.append(f"request {i} on a kept-alive connection: status {r.status}")
except OSError as e:
    failures.append(f"the kept-alive connection: {e!r}")
if failures:
    print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
PY
wait "$LORIS_PID"
LORIS_PID=
grep -q '^SLOWLORIS ' "$WORK/loris.out" || { echo "FAIL: the slowloris did not finish" >&2; exit 1; }
kill -0 "$SERVER_PID" || { echo "FAIL: the server died" >&2; exit 1; }
echo "serve_slowloris: ok ($(sed -n 's/^SLOWLORIS //p' "$WORK/loris.out"))"
