#!/usr/bin/env bash
# Control characters in stored text (issue 27 item 12): POST /api/units refuses C0 and C1 controls
# (but tab and line feed) in every text field, and the CLI prints a TM's text on a terminal with
# its controls escaped, so that an ESC or CSI in a segment cannot drive the translator's terminal.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
start_server --tm "$WORK/tm" --write-token-file "$WORK/token"
AUTH="Authorization: Bearer $(cat "$WORK/token")"

post() {  # BODY -> HTTP status; the answer in $WORK/body
  curl -s -o "$WORK/body" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' \
    --data-binary "$1" "$BASE/api/units"
}
unit() {  # EN_TEXT [EXTRA_FIELDS] -> a unit as JSON (EN_TEXT already JSON-escaped)
  printf '{"variants":[{"lang":"en","text":"%s"},{"lang":"ru","text":"Текст."}]%s}' "$1" "${2:-}"
}

for text in 'Price \u001b[2J0001 $' 'Price \u009b31m0001 $' 'carriage\rreturn' 'bell\u0007' 'delete\u007f'; do
  code=$(post "$(unit "$text")")
  [[ "$code" == 400 ]] && jq -e '.error.code == "bad_field" and (.error.message | test("^variants\\[0\\]\\.text holds the control character U\\+00[0-9A-F]{2} at byte [0-9]+"))' \
    "$WORK/body" >/dev/null || fail "a text with a control character ($text): $code $(cat "$WORK/body")"
done
for field in author document note tuid; do
  code=$(post "$(unit 'A clean segment.' ",\"$field\":\"x\\u001by\"")")
  [[ "$code" == 400 ]] && jq -e --arg f "$field" '.error.message | startswith($f + " holds the control character U+001B at byte 1")' \
    "$WORK/body" >/dev/null || fail "$field with ESC: $code $(cat "$WORK/body")"
done
code=$(post "$(unit 'Tabs\tand\nnew lines are text.')")
[[ "$code" == 201 ]] || fail "tab and line feed must be accepted: $code $(cat "$WORK/body")"
stop_server

# The CLI on a terminal. XML 1.0 allows C1 controls in a TMX, so a TM can hold U+009B (CSI).
cat >"$WORK/c1.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The price was 0001 dollars&#x9B;2J today.</seg></tuv><tuv xml:lang="ru"><seg>Цена&#x9B;31m была 0001 доллар.</seg></tuv></tu>
</body></tmx>
EOF
"$TMKIT" import --tm "$WORK/c1" "$WORK/c1.tmx" >/dev/null
python3 - "$TMKIT" "$WORK/c1" <<'PY'
import os, pty, subprocess, sys
tmkit, tm = sys.argv[1], sys.argv[2]
failures = []

def on_terminal(args):
    master, slave = pty.openpty()
    p = subprocess.Popen([tmkit] + args, stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return out

for args in (["lookup", "--tm", tm, "--src-lang", "en", "--tgt-lang", "ru", "The price was 0001 dollars today."],
             ["concordance", "--tm", tm, "--lang", "en", "price"]):
    out = on_terminal(args)
    if b"\xc2\x9b" in out:
        failures.append(f"{args[0]} printed a raw CSI (U+009B) on a terminal: {out!r}")
    if b"\\u{009B}" not in out:
        failures.append(f"{args[0]} did not show the control character escaped: {out!r}")
    piped = subprocess.run([tmkit] + args, capture_output=True).stdout
    if b"\xc2\x9b" not in piped:
        failures.append(f"{args[0]} into a pipe must keep the text as stored: {piped!r}")
if failures:
    print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
PY
echo "control_characters: ok"
