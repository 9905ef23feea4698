# Sourced by the benchmarks of `tmkit serve` (serve_bench.sh, serve_ab.sh).

# lookup_paths QUERIES.txt OUT: the request paths wrk cycles through, one per query sentence,
# URL-encoded: lookups en -> ru, top 5 >= 70%.
lookup_paths() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.parse
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w") as out:
    for line in f:
        if line.strip():
            q = urllib.parse.urlencode({"q": line.strip(), "src": "en", "tgt": "ru", "min": 70, "limit": 5})
            out.write("/api/lookup?" + q + "\n")
PY
}

# start_serve OUT COMMAND...: starts COMMAND (`tmkit serve ...`) with --listen 127.0.0.1:0 in the
# background (stdout in OUT, stderr in OUT.err), waits for its address, sets served_pid and served_base.
start_serve() {
  local out=$1
  shift
  "$@" --listen 127.0.0.1:0 >"$out" 2>"$out.err" &
  served_pid=$! served_base=""
  for _ in $(seq 1 600); do
    served_base=$(sed -n 's|^tmkit serve: listening on \(http://[^/]*\)/$|\1|p' "$out")
    [[ -n "$served_base" ]] && return 0
    kill -0 "$served_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$served_pid" 2>/dev/null
  cat "$out.err" >&2
  return 1
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks (getconf CLK_TCK).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
