#!/usr/bin/env bash
# GET /api/names (docs/api.md): the seed article's TM served, a name typed in English, in a Russian
# case form and in Arabic with a clitic finds the same archive entry with its renderings, counts,
# status and sample pairs; the names follow the TM when a unit is added; bad parameters are JSON
# errors. The same mining as `tmkit names mine`, compared here on the same TM.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; [[ -f "$WORK/serve.err" ]] && sed 's/^/  server: /' "$WORK/serve.err" >&2; exit 1; }
# names ARGS...: GET /api/names with curl's -d/--data-urlencode ARGS, asked again while the
# mining is under way (503 names_pending, Retry-After: 1); the body goes to $WORK/body.
names() {
  for _ in $(seq 1 40); do
    STATUS=$(curl -sS -o "$WORK/body" -w '%{http_code}' -G "$BASE/api/names" "$@")
    [[ "$STATUS" == 503 ]] && jq -e '.error.code == "names_pending"' "$WORK/body" >/dev/null || return 0
    sleep 0.25
  done
}
expect_error() {  # STATUS CODE ARGS...
  local want_status=$1 want_code=$2
  shift 2
  STATUS=$(curl -sS -o "$WORK/body" -w '%{http_code}' -G "$BASE/api/names" "$@")
  [[ "$STATUS" == "$want_status" ]] && jq -e --arg c "$want_code" '.error.code == $c' "$WORK/body" >/dev/null ||
    fail "names $*: $STATUS $(cat "$WORK/body"), want $want_status $want_code"
}

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
"$TMKIT" names mine --tm "$WORK/tm" --tgt-lang ru --format json -o "$WORK/mined-ru.json"
start_server --tm "$WORK/tm" --write-token-file "$WORK/token"

# English: the entry of each target language, as `names mine` has it.
names --data-urlencode "q=Lavrov"
[[ "$STATUS" == 200 ]] || fail "q=Lavrov: $STATUS $(cat "$WORK/body")"
jq -e '[.mined[] | select(.current and .units > 40)] | length == 2' "$WORK/body" >/dev/null ||
  fail "not both ru and ar mined over the TM: $(jq -c .mined "$WORK/body")"
ru=$(jq -c '[.names[] | select(.tgt == "ru" and (.english | test("Lavrov")))][0]' "$WORK/body")
[[ "$ru" != null ]] || fail "q=Lavrov: no Russian entry: $(jq -c '.names' "$WORK/body")"
english=$(jq -r .english <<<"$ru")
cli=$(jq -c --arg e "$english" '[.[] | select(.english == $e)][0] | {target, count, mentions, status, variants: [.variants[] | {form, count}]}' "$WORK/mined-ru.json")
api=$(jq -c '{target, count, mentions, status, variants: [.variants[] | {form, count}]}' <<<"$ru")
[[ "$cli" == "$api" ]] || fail "the API's $english is not names mine's: $api vs $cli"
jq -e '.target | test("Лавров")' <<<"$ru" >/dev/null || fail "Lavrov rendered $(jq -r .target <<<"$ru")"
jq -e '.status | IN("new", "agrees", "conflicts", "inconsistent")' <<<"$ru" >/dev/null || fail "status: $ru"
jq -e '.variants[0] | .count >= 2 and (.units | length) >= 1 and (.sample.source | test("Lavrov")) and
       (.sample.target | test("Лавров"))' <<<"$ru" >/dev/null || fail "variant without its sample pair: $ru"
jq -e '[.names[] | select(.tgt == "ar" and (.english | test("Lavrov")) and (.target | test("لافروف")))] | length == 1' \
  "$WORK/body" >/dev/null || fail "q=Lavrov: no Arabic entry: $(jq -c '.names' "$WORK/body")"

# A Russian case form and an Arabic word with a proclitic find the same name through the model.
names --data-urlencode "q=Лаврова"
jq -e --arg e "$english" '.names[0].english == $e and .names[0].tgt == "ru" and .names[0].match == "model"' \
  "$WORK/body" >/dev/null || fail "q=Лаврова: $(jq -c '[.names[] | {english, tgt, match}]' "$WORK/body")"
names --data-urlencode "q=ولافروف" -d tgt=ar
jq -e --arg e "$english" '.names[0].english == $e and ([.names[].tgt] | unique) == ["ar"]' \
  "$WORK/body" >/dev/null || fail "q=ولافروف: $(jq -c '[.names[] | {english, tgt}]' "$WORK/body")"
# A rendering typed as it is written is found by its text.
names --data-urlencode "q=Лавров" -d tgt=ru
jq -e --arg e "$english" '.names[0].english == $e and .names[0].match == "text"' "$WORK/body" >/dev/null ||
  fail "q=Лавров: $(jq -c '[.names[] | {english, match}]' "$WORK/body")"
# A name the archive does not hold: an empty list, not an error.
names --data-urlencode "q=Zakharchenko"
[[ "$STATUS" == 200 ]] && jq -e '.names == []' "$WORK/body" >/dev/null || fail "q=Zakharchenko: $(cat "$WORK/body")"

# The names follow the TM: two units naming a new man make him an archive name.
for text in "On Monday Zakharchenko arrived in Geneva.|В понедельник Захарченко прибыл в Женеву." \
            "Officials said Zakharchenko left Geneva.|Чиновники сообщили, что Захарченко покинул Женеву."; do
  body=$(jq -cn --arg en "${text%%|*}" --arg ru "${text#*|}" '{variants: [{lang: "en", text: $en}, {lang: "ru", text: $ru}]}')
  code=$(curl -sS -o "$WORK/post" -w '%{http_code}' "$BASE/api/units" -H "Authorization: Bearer $(cat "$WORK/token")" \
         -H 'Content-Type: application/json' -d "$body")
  [[ "$code" == 201 ]] || fail "POST /api/units: $code $(cat "$WORK/post")"
done
names --data-urlencode "q=Zakharchenko" -d tgt=ru
jq -e '.names[0].english == "Zakharchenko" and .names[0].target == "Захарченко" and .names[0].count == 2 and
       .mined[0].current' "$WORK/body" >/dev/null || fail "the added units' name: $(cat "$WORK/body")"

# Bad parameters.
expect_error 400 missing_parameter -d tgt=ru
expect_error 400 empty_parameter --data-urlencode "q=  "
expect_error 400 unknown_language --data-urlencode "q=Lavrov" -d tgt=fr
expect_error 400 unknown_language --data-urlencode "q=Lavrov" -d tgt=en
expect_error 400 invalid_language --data-urlencode "q=Lavrov" -d tgt=1x
expect_error 400 bad_parameter --data-urlencode "q=Lavrov" -d limit=0
expect_error 400 invalid_utf8 -d "q=%C3%28"
STATUS=$(curl -sS -o "$WORK/body" -w '%{http_code}' -X POST "$BASE/api/names")
[[ "$STATUS" == 405 ]] || fail "POST /api/names: $STATUS"
echo "serve_names: ok"
