#!/usr/bin/env bash
# The HTTP contract of `tmkit serve` (docs/api.md), driven with curl: lookups with the CLI's own
# scores and diffs, concordance, terms, stats, token-guarded writes, and bad input of every kind
# answered with a JSON error while the service stays up — including a TM removed under it.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; [[ -f "$WORK/serve.err" ]] && sed 's/^/  server: /' "$WORK/serve.err" >&2; exit 1; }

# request METHOD PATH [curl args...]: the body goes to $WORK/body, the status to $STATUS.
request() {
  local method=$1 path=$2
  shift 2
  STATUS=$(curl -sS -o "$WORK/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path")
}
# expect_error STATUS CODE METHOD PATH [curl args...]: a JSON error with that status and code.
expect_error() {
  local want_status=$1 want_code=$2
  shift 2
  request "$@"
  [[ "$STATUS" == "$want_status" ]] || fail "$1 $2: status $STATUS, want $want_status: $(cat "$WORK/body")"
  jq -e --arg code "$want_code" --argjson status "$want_status" \
    '.error.code == $code and .error.status == $status and (.error.message | length > 10)' "$WORK/body" >/dev/null \
    || fail "$1 $2: not the JSON error $want_code: $(cat "$WORK/body")"
}
field() { jq -r "$1" "$WORK/body"; }

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
TOKEN=$(cat "$WORK/token")

# Start-up errors are CLI errors: exit 2 and one line naming the problem.
set +e
"$TMKIT" serve --tm "$WORK/missing" --listen 127.0.0.1:0 2>"$WORK/err"; code=$?
set -e
[[ $code -eq 2 ]] && grep -q "missing" "$WORK/err" || fail "a missing TM: exit $code, $(cat "$WORK/err")"
set +e
"$TMKIT" serve --tm "$WORK/tm" --listen 127.0.0.1:http 2>"$WORK/err"; code=$?
set -e
[[ $code -eq 2 ]] && grep -q "port" "$WORK/err" || fail "a bad --listen: exit $code, $(cat "$WORK/err")"

start_server --tm "$WORK/tm" --glossary "$TMKIT_SOURCE_DIR/glossaries/names.tbx" \
  --write-token-file "$WORK/token" --max-body-bytes 4096 --max-query-chars 300

# --- reads ---
request GET /healthz
[[ "$STATUS" == 200 && "$(field .status)" == ok && "$(field .units)" -gt 40 ]] || fail "healthz: $STATUS $(cat "$WORK/body")"

request GET /api/stats
[[ "$STATUS" == 200 ]] && jq -e '.variants.en > 40 and .variants.ru > 40 and .variants.ar > 40' "$WORK/body" >/dev/null \
  || fail "stats: $(cat "$WORK/body")"

QUERY="U.S. Secretary of State Hillary Clinton meets with her Chinese counterpart"
request GET /api/lookup -G --data-urlencode "q=$QUERY" -d src=en -d tgt=ar -d min=50
[[ "$STATUS" == 200 ]] || fail "lookup: $STATUS $(cat "$WORK/body")"
jq -e '.matches[0] | .score >= 80 and .score < 100 and .target_lang == "ar"
       and .source == "U.S. Secretary of State Hillary Clinton meets with her Russian counterpart"
       and (.target | test("كلينتون"))
       and ([.source_parts[] | select(.differs) | .text] == ["Russian"])
       and (.source[.diff[0][0]:.diff[0][1]] == "Russian")' "$WORK/body" >/dev/null \
  || fail "lookup: the best match is not the Clinton segment with 'Russian' highlighted: $(cat "$WORK/body")"
# The same scores and diffs as the CLI.
"$TMKIT" lookup --tm "$WORK/tm" --src-lang en --tgt-lang ar --min 50 --format json "$QUERY" >"$WORK/cli.json"
jq -n --slurpfile api "$WORK/body" --slurpfile cli "$WORK/cli.json" -e '
  [$api[0].matches[] | {score, base, penalties, source, target, diff, missing}] ==
  [$cli[0].matches[] | {score, base, penalties, source, target, diff, missing}]' >/dev/null \
  || fail "lookup differs from 'tmkit lookup --format json': $(cat "$WORK/body") vs $(cat "$WORK/cli.json")"

request GET /api/lookup -G --data-urlencode "q=U.S. Secretary of State Hillary Clinton meets with her Russian counterpart" \
  -d src=EN -d tgt=ru -d limit=1
[[ "$STATUS" == 200 ]] && jq -e '(.matches | length) == 1 and .matches[0].score == 100 and .matches[0].diff == []' \
  "$WORK/body" >/dev/null || fail "exact lookup: $(cat "$WORK/body")"

request GET /api/concordance -G --data-urlencode "q=geneva" -d lang=en
[[ "$STATUS" == 200 ]] && jq -e '(.hits | length) >= 3 and all(.hits[]; .text[.spans[0][0]:.spans[0][1]] == "Geneva")
  and all(.hits[]; any(.variants[]; .lang == "ar"))' "$WORK/body" >/dev/null \
  || fail "concordance: $(cat "$WORK/body")"

request GET /api/terms -G --data-urlencode "q=President Bashar al-Assad's forces" -d src=en -d tgt=ru
[[ "$STATUS" == 200 ]] && jq -e 'any(.terms[]; .concept == "person-bashar-al-assad" and .use == "Башар Асад"
  and any(.targets[]; .term == "Ассад" and .status == "deprecated"))' "$WORK/body" >/dev/null \
  || fail "terms: $(cat "$WORK/body")"

# One segment pair through the checks: the same findings as `tmkit check --format json`.
SRC_TEXT="President Bashar al-Assad's forces retreated."
TGT_TEXT="Силы президента Ассада отступили."
CHECK=$(jq -n --arg s "$SRC_TEXT" --arg t "$TGT_TEXT" '{source: $s, target: $t, src: "en", tgt: "ru"}')
request POST /api/check -H 'Content-Type: application/json' -d "$CHECK"
[[ "$STATUS" == 200 ]] && jq -e 'any(.findings[]; .check == "term-deprecated" and .concept == "person-bashar-al-assad"
  and .suggestion == "Асада" and .target_span.text == "Ассада" and .segment == 1)' "$WORK/body" >/dev/null \
  || fail "check: $STATUS $(cat "$WORK/body")"
printf '%s\t%s\n' "$SRC_TEXT" "$TGT_TEXT" >"$WORK/pair.tsv"
"$TMKIT" check --tgt-lang ru -g "$TMKIT_SOURCE_DIR/glossaries/names.tbx" --format json "$WORK/pair.tsv" >"$WORK/cli.json" || true
jq -n --slurpfile api "$WORK/body" --slurpfile cli "$WORK/cli.json" -e '$api[0].findings == $cli[0]' >/dev/null \
  || fail "check differs from 'tmkit check --format json': $(cat "$WORK/body") vs $(cat "$WORK/cli.json")"
request POST /api/check -d '{"source":"The talks resumed in Geneva.","target":"Переговоры возобновились в Женеве.","src":"en","tgt":"ru"}'
[[ "$STATUS" == 200 ]] && jq -e '.findings == [] and .src == "en" and .tgt == "ru"' "$WORK/body" >/dev/null \
  || fail "a clean pair has findings: $(cat "$WORK/body")"

# --- the page ---
request GET /
[[ "$STATUS" == 200 ]] && grep -q '<script src="/app.js"' "$WORK/body" || fail "GET /: $STATUS"
curl -sS -D "$WORK/headers" -o /dev/null "$BASE/app.js"
grep -qi '^content-type: text/javascript' "$WORK/headers" && grep -qi "^content-security-policy: default-src 'self'" "$WORK/headers" \
  || fail "app.js headers: $(cat "$WORK/headers")"

# --- HEAD: the GET answer's status and headers, no body; the connection stays usable ---
# (paths whose answer does not vary: a lookup's took_ms may differ between the two requests)
for path in /healthz /app.js /api/stats; do
  get_length=$(curl -sS -o /dev/null -w '%{size_download}' "$BASE$path")
  curl -sS -I -o "$WORK/head" -o /dev/null -w '%{http_code} %{size_download}\n' "$BASE$path" "$BASE/healthz" >"$WORK/head.status"
  [[ "$(cat "$WORK/head.status")" == $'200 0\n200 0' ]] || fail "HEAD $path then HEAD /healthz on one connection: $(cat "$WORK/head.status")"
  grep -qi "^content-length: $get_length"$'\r'"\$" "$WORK/head" || fail "HEAD $path: not GET's length $get_length: $(cat "$WORK/head")"
done
curl -sS -o /dev/null -D "$WORK/headers" -X POST -d '' "$BASE/api/lookup"
grep -qi '^allow: GET, HEAD' "$WORK/headers" || fail "405 on a GET route: $(cat "$WORK/headers")"

# --- bad requests: every error is JSON ---
expect_error 404 not_found GET /api/nothing
expect_error 405 method_not_allowed POST /api/lookup -d ''
expect_error 400 missing_parameter GET "/api/lookup?src=en&tgt=ru"
expect_error 400 empty_parameter GET "/api/lookup?q=%20&src=en&tgt=ru"
expect_error 400 invalid_utf8 GET "/api/lookup?q=caf%C3%28&src=en&tgt=ru"
expect_error 400 invalid_utf8 GET "/api/concordance?q=%FF%FE&lang=en"
expect_error 400 unknown_language GET "/api/lookup?q=talks&src=fr&tgt=ru"
expect_error 400 invalid_language GET "/api/lookup?q=talks&src=english!&tgt=ru"
expect_error 400 unknown_language GET "/api/terms?q=talks&src=en&tgt=de"
expect_error 400 bad_parameter GET "/api/lookup?q=talks&src=en&tgt=ru&min=101"
expect_error 400 bad_parameter GET "/api/lookup?q=talks&src=en&tgt=ru&limit=-1"
expect_error 400 query_too_long GET "/api/lookup?src=en&tgt=ru" -G --data-urlencode "q=$(printf 'word %.0s' $(seq 1 100))"
expect_error 414 uri_too_long GET "/api/lookup?src=en&tgt=ru&q=$(head -c 9000 /dev/zero | tr '\0' a)"
expect_error 403 bad_host GET /healthz -H "Host: attacker.example"
expect_error 431 headers_too_large GET /healthz -H "X-Padding: $(head -c 17000 /dev/zero | tr '\0' a)"

# Below curl: a request the parser cannot read gets a JSON 400 and the connection closes;
# pipelined requests are answered in order on one connection.
python3 - "${BASE#http://}" <<'PY' || fail "raw HTTP checks"
import json, re, socket, sys
host, port = sys.argv[1].rsplit(":", 1)
def exchange(data):
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out
answer = exchange(b"NOT HTTP AT ALL\r\n\r\n")
head, _, body = answer.partition(b"\r\n\r\n")
assert head.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in head, answer
assert json.loads(body)["error"]["code"] == "bad_request", answer
answer = exchange(b"GET /api/lookup?q=talks+in+Geneva&src=en&tgt=ru&limit=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  b"GET /api/nothing HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)
assert statuses == [b"200", b"404", b"200"], answer
PY

expect_error 400 bad_json POST /api/check -d '{"source": "a",'
expect_error 400 bad_json POST /api/check -d '["source", "target"]'
expect_error 400 bad_json POST /api/check -d '{"source": "a", "target": 1e99999}'  # a number no double holds (api_fuzz)
expect_error 400 missing_field POST /api/check -d '{"source":"Talks.","src":"en","tgt":"ru"}'
expect_error 400 bad_field POST /api/check -d '{"source":"Talks.","target":7,"src":"en","tgt":"ru"}'
expect_error 400 empty_field POST /api/check -d '{"source":" ","target":"x","src":"en","tgt":"ru"}'
expect_error 400 unknown_language POST /api/check -d '{"source":"Talks.","target":"Gespräche.","src":"en","tgt":"de"}'
expect_error 400 invalid_language POST /api/check -d '{"source":"Talks.","target":"x","src":"en","tgt":"r u"}'
printf '{"source":"caf\xc3(","target":"x","src":"en","tgt":"ru"}' >"$WORK/bad-utf8.json"
expect_error 400 invalid_utf8 POST /api/check --data-binary "@$WORK/bad-utf8.json"
expect_error 400 query_too_long POST /api/check \
  -d "$(jq -n --arg s "$(printf 'word %.0s' $(seq 1 100))" '{source: $s, target: "x", src: "en", tgt: "ru"}')"
expect_error 413 body_too_large POST /api/check --data-binary "@$WORK/seed.tmx"
# A body over 1 KiB makes curl ask "Expect: 100-continue" and wait for the go-ahead.
LONG_SOURCE=$(printf 'The talks in Geneva resumed. %.0s' $(seq 1 9))
request POST /api/check -H 'Content-Type: application/json' \
  -d "$(jq -n --arg s "$LONG_SOURCE" --arg pad "$(head -c 1500 /dev/zero | tr '\0' x)" \
        '{source: $s, target: "Переговоры в Женеве возобновились.", src: "en", tgt: "ru", padding: $pad}')"
[[ "$STATUS" == 200 ]] || fail "a 2 KiB check body: $STATUS $(cat "$WORK/body")"
request GET /healthz
[[ "$STATUS" == 200 ]] || fail "the service is down after bad checks: $STATUS"

# --- writes ---
UNIT='{"variants":[{"lang":"en","text":"The envoy arrived in Geneva on Tuesday evening."},
                   {"lang":"ru","text":"Посланник прибыл в Женеву во вторник вечером."}],"author":"e2e"}'
expect_error 403 forbidden POST /api/units -H 'Content-Type: application/json' -d "$UNIT"
expect_error 403 forbidden POST /api/units -H "Authorization: Bearer wrong$TOKEN" -d "$UNIT"
AUTH="Authorization: Bearer $TOKEN"
expect_error 400 bad_json POST /api/units -H "$AUTH" -d '{"variants": [}'
expect_error 400 missing_field POST /api/units -H "$AUTH" -d '{"variants":[{"lang":"en","text":"x"}]}'
expect_error 400 invalid_language POST /api/units -H "$AUTH" -d '{"variants":[{"lang":"e n","text":"x"},{"lang":"ru","text":"y"}]}'
expect_error 413 body_too_large POST /api/units -H "$AUTH" --data-binary "@$WORK/seed.tmx"
request POST /api/units -H "$AUTH" -d "$UNIT"
[[ "$STATUS" == 201 && "$(field .outcome)" == added ]] || fail "add: $STATUS $(cat "$WORK/body")"
ID=$(field .id)
request GET /api/lookup -G --data-urlencode "q=The envoy arrived in Geneva on Tuesday evening." -d src=en -d tgt=ru
jq -e --argjson id "$ID" '.matches[0].unit.id == $id and .matches[0].score == 100 and .matches[0].unit.created_by == "e2e"' \
  "$WORK/body" >/dev/null || fail "the added unit is not found: $(cat "$WORK/body")"
request POST /api/units -H "$AUTH" -d "{\"id\":$ID,\"variants\":[{\"lang\":\"en\",\"text\":\"The envoy arrived in Geneva on Tuesday evening.\"},{\"lang\":\"ru\",\"text\":\"Посланник приехал в Женеву во вторник вечером.\"}]}"
[[ "$STATUS" == 200 && "$(field .outcome)" == replaced ]] || fail "replace: $STATUS $(cat "$WORK/body")"
request GET /api/lookup -G --data-urlencode "q=The envoy arrived in Geneva on Tuesday evening." -d src=en -d tgt=ru
[[ "$(field '.matches[0].target')" == "Посланник приехал в Женеву во вторник вечером." ]] || fail "replace not seen: $(cat "$WORK/body")"
expect_error 404 not_found POST /api/units -H "$AUTH" -d '{"id":999999,"variants":[{"lang":"en","text":"a"},{"lang":"ru","text":"b"}]}'

# --- the TM disappears while serving, and comes back (as a copy: a new file, reopened) ---
cp -r "$WORK/tm" "$WORK/tm.copy"
rm -rf "$WORK/tm"
expect_error 503 tm_unavailable GET /healthz
expect_error 503 tm_unavailable GET "/api/lookup?q=Geneva&src=en&tgt=ru"
expect_error 503 tm_unavailable POST /api/units -H "$AUTH" -d "$UNIT"
mv "$WORK/tm.copy" "$WORK/tm"
request GET /healthz
[[ "$STATUS" == 200 ]] || fail "the TM came back but healthz says $STATUS $(cat "$WORK/body")"
kill -0 "$SERVER_PID" || fail "the server died"
stop_server

# --- without a token file every write is refused, and without a glossary /api/terms says so ---
start_server --tm "$WORK/tm" --max-connections 2
expect_error 403 writes_disabled POST /api/units -H "$AUTH" -d "$UNIT"
expect_error 404 no_glossary GET "/api/terms?q=Assad&src=en&tgt=ru"

# More clients than --max-connections: every request is answered, also when all open connections
# are being answered at once. At the limit an idle kept-alive connection may be closed to make room
# (docs/api.md, --max-connections); a client then asks again on a new connection, as HTTP clients
# do with an idempotent request, and may do so only for a connection that had been answered before.
python3 - "${BASE#http://}" <<'PY' || fail "more clients than --max-connections"
import http.client, sys, threading
host, port = sys.argv[1].rsplit(":", 1)
failures = []
PATH = "/api/lookup?q=Secretary+of+State+meets+her+counterpart&src=en&tgt=ru"
def client():
    try:
        for _ in range(3):
            conn = http.client.HTTPConnection(host, int(port), timeout=20)
            answered = 0
            for _ in range(10):
                try:
                    conn.request("GET", PATH)
                    response = conn.getresponse()
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    if answered == 0:
                        raise  # a fresh connection must never be dropped
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=20)
                    conn.request("GET", PATH)
                    response = conn.getresponse()
                response.read()
                answered += 1
                if response.status != 200:
                    failures.append(response.status)
            conn.close()
    except Exception as e:
        failures.append(repr(e))
threads = [threading.Thread(target=client) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not failures, failures[:3]
PY
kill -0 "$SERVER_PID" || fail "the server exited with more clients than --max-connections"
echo "serve_api: all checks passed"
