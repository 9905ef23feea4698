#!/usr/bin/env bash
# Costly queries against normal lookups (docs/benchmarks.md, "Bounded lookup work"; issue 27 item
# 7): COSTLY clients, each from its own loopback address (127.0.0.2, 127.0.0.3, ...), send a
# 1,000-character query of stopwords at min=1 one after another, while wrk (4 kept-alive
# connections from 127.0.0.1) asks the benchmark queries. Loopback only, at most 16 costly
# clients and 120 s. Prints wrk's RESULT line (non-200 answers, p50/p99) and the costly clients'
# answers and their mean latency.
#
#   tools/bench/serve_costly_clients.sh --tm TM100K [--build BUILD] [--costly 4] [--seconds 20]
#
# TM100K: `corpora/generate_tm.py --units 100000 --out DIR/tm100k.tmx --queries DIR/queries.txt`
# imported into DIR/tm100k (the queries are read from beside it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="$src/build" tm="" costly=4 seconds=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --tm) tm=$2; shift 2 ;;
    --costly) costly=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) sed -n '2,/^[^#]/{/^#/p}' "$0" >&2; exit 2 ;;
  esac
done
[[ -d "$tm" && -f "$(dirname "$tm")/queries.txt" ]] || { sed -n '2,/^[^#]/{/^#/p}' "$0" >&2; exit 2; }
(( costly >= 0 && costly <= 16 && seconds >= 1 && seconds <= 120 )) || { echo "at most 16 clients, 120 s" >&2; exit 2; }
source "$here/serve_lib.sh"
work=$(mktemp -d)
served_pid=""
trap '[[ -n "$served_pid" ]] && kill "$served_pid" 2>/dev/null; rm -rf "$work"' EXIT
head -n 2000 "$(dirname "$tm")/queries.txt" >"$work/queries.txt"
lookup_paths "$work/queries.txt" "$work/paths.txt"
start_serve "$work/serve.out" "$build/bin/tmkit" serve --tm "$tm"
port=${served_base##*:}
echo "serve_costly_clients: $build/bin/tmkit, $costly costly clients; load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$port" "$costly" "$((seconds + 2))" >"$work/costly.out" <<'PY' &
import http.client, socket, sys, threading, time, urllib.parse
port, clients, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
words = ("the of and to a in is that for on with as was at by it from be this have are his her they not "
         "but or an which their has will he she we you said one all were been more who would there").split()
q, i = [], 0
while len(" ".join(q + [words[i % len(words)]])) <= 1000:
    q.append(words[i % len(words)]); i += 1
path = "/api/lookup?" + urllib.parse.urlencode({"q": " ".join(q), "src": "en", "tgt": "ru", "min": 1})
stats = []
def client(n):
    statuses, took = {}, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        s = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(f"127.0.0.{n + 2}", 0))
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.sock = s
        t = time.monotonic()
        try:
            c.request("GET", path)
            r = c.getresponse(); r.read()
            statuses[r.status] = statuses.get(r.status, 0) + 1
        except OSError as e:
            statuses[repr(e)[:40]] = statuses.get(repr(e)[:40], 0) + 1
        took.append(time.monotonic() - t)
        c.close()
    stats.append((statuses, took))
threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
answers = {}
took = [x for _, ts in stats for x in ts]
for st, _ in stats:
    for k, v in st.items(): answers[k] = answers.get(k, 0) + v
print(f"costly: {answers}, mean {1000 * sum(took) / max(1, len(took)):.0f} ms")
PY
costly_pid=$!
sleep 1
QUERIES="$work/paths.txt" wrk -t1 -c4 -d"${seconds}s" --latency -s "$here/serve_lookup.lua" "$served_base" >"$work/wrk.out" 2>&1 || true
wait "$costly_pid" || true
echo "normal: $(grep '^RESULT' "$work/wrk.out" || tail -n 3 "$work/wrk.out")"
cat "$work/costly.out"
