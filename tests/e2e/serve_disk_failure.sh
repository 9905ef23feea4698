#!/usr/bin/env bash
# A write that fails at LMDB's meta page (a failing disk; a full copy-on-write filesystem) leaves
# the TM as it was, but LMDB refuses every later transaction of that environment (MDB_PANIC). The
# service must answer that write with an error and then carry on, without a restart: lookups
# answer as before, the next write is stored, and the TM verifies. The failure is injected with
# an LD_PRELOAD shim (tests/e2e/lib/fail_meta_write.cc) while a flag file exists.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}" "${TMKIT_FAIL_META_WRITE_LIB:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; [[ -f "$WORK/serve.err" ]] && sed 's/^/  server: /' "$WORK/serve.err" >&2; exit 1; }

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
AUTH="Authorization: Bearer $(cat "$WORK/token")"
FLAG="$WORK/fail-meta-writes"

# The sanitizer runtimes of an ASan build want to be first in the process; the shim is not sanitized.
LD_PRELOAD="$TMKIT_FAIL_META_WRITE_LIB" TMKIT_FAIL_META_WRITES_WHILE="$FLAG" \
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
  start_server --tm "$WORK/tm" --write-token-file "$WORK/token"

lookup() { curl -sS -G "$BASE/api/lookup" --data-urlencode "q=$1" -d src=en -d tgt=ru -d min=50; }
# The ids and scores of a lookup's matches, or the error it got.
matches() { lookup "$1" | jq -c '.matches // .error.code | if type == "array" then map({source, score}) else . end'; }
post() {
  curl -sS -o "$WORK/body" -w '%{http_code}' -X POST -H "$AUTH" "$BASE/api/units" \
    -d "{\"variants\":[{\"lang\":\"en\",\"text\":\"$1\"},{\"lang\":\"ru\",\"text\":\"$2\"}]}"
}
units() { curl -sS "$BASE/healthz" | jq -r .units; }

QUERY="International envoy Kofi Annan expressed optimism Friday that the latest talks on the crisis in Syria will yield an outcome."
before=$(matches "$QUERY")
[[ "$before" == '[{"source":'* ]] || fail "no match for the query before the failure: $before"
units_before=$(units)

touch "$FLAG"
status=$(post "The convoy left Homs at dawn." "Колонна покинула Хомс на рассвете.")
rm -f "$FLAG"
[[ "$status" == 503 ]] && jq -e '.error.code == "io_error"' "$WORK/body" >/dev/null \
  || fail "the failed write: status $status, $(cat "$WORK/body")"

# The next requests find a working service: same answers, the failed unit absent, writes stored.
after=$(matches "$QUERY")
[[ "$after" == "$before" ]] || fail "lookups after the failed write: $after, before it: $before"
[[ "$(units)" == "$units_before" ]] || fail "healthz after the failed write: $(units) units, $units_before before"
[[ "$(lookup "The convoy left Homs at dawn." | jq '[.matches[] | select(.score == 100)] | length')" == 0 ]] \
  || fail "the failed write's unit is in the TM"
status=$(post "The talks resumed on Monday." "Переговоры возобновились в понедельник.")
[[ "$status" == 201 ]] || fail "the write after the failure: status $status, $(cat "$WORK/body")"
[[ "$(lookup "The talks resumed on Monday." | jq '.matches[0].score')" == 100 ]] || fail "the write after the failure is not found"
[[ "$(units)" == $((units_before + 1)) ]] || fail "healthz: $(units) units, want $((units_before + 1))"

stop_server
"$TMKIT" verify --tm "$WORK/tm" | grep -q ": ok$" || fail "verify after the failed write: $("$TMKIT" verify --tm "$WORK/tm")"
echo "serve_disk_failure: a failed meta-page write answered 503, then lookups, healthz and writes went on without a restart; verify clean"
