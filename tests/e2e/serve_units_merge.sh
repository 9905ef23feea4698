#!/usr/bin/env bash
# POST /api/units with a new language for a stored source extends the stored unit, as docs/api.md
# says (issue 25: it used to add a duplicate), driven through a running `tmkit serve`.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
request() {  # request METHOD PATH [curl args...]: body to $WORK/body, status to $STATUS
  local method=$1 path=$2
  shift 2
  STATUS=$(curl -sS -o "$WORK/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path")
}

printf 'The talks in Geneva ended on Friday.\tПереговоры в Женеве завершились в пятницу.\n' > "$WORK/en-ru.tsv"
"$TMKIT" import --tm "$WORK/tm" --src-lang en --tgt-lang ru "$WORK/en-ru.tsv" > /dev/null
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/token"
AUTH="Authorization: Bearer $(cat "$WORK/token")"
start_server --tm "$WORK/tm" --write-token-file "$WORK/token"

request POST /api/units -H "$AUTH" -d '{"variants":[{"lang":"en","text":"The talks in Geneva ended on Friday."},
  {"lang":"ar","text":"انتهت المحادثات في جنيف يوم الجمعة."}]}'
[[ "$STATUS" == 200 ]] && jq -e '.outcome == "merged"' "$WORK/body" > /dev/null ||
  fail "a new language for a stored source: $STATUS $(cat "$WORK/body"), want 200 merged"
request GET /api/stats
jq -e '.units == 1' "$WORK/body" > /dev/null || fail "a duplicate unit was stored: $(cat "$WORK/body")"
request GET /api/concordance -G --data-urlencode "q=Geneva" -d lang=en
jq -e '(.hits | length) == 1 and ([.hits[0].variants[].lang] | sort) == ["ar", "en", "ru"]' "$WORK/body" > /dev/null ||
  fail "the stored unit did not gain the Arabic: $(cat "$WORK/body")"
echo OK
