#!/usr/bin/env bash
# A damaged TM (issue 27): a data.mdb truncated, with bytes flipped or pages zeroed. No verb may
# crash on it: one truncated is refused by every reader with exit 4 and one line naming the file;
# `verify` reads any damage defensively and reports it (exit 1); `serve` answers 503 for a TM cut
# short under it and keeps serving, and answers again once the file is whole.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
# A second transaction, so that the free list holds pages too.
sed 's/Syria/Syrien/g' "$WORK/seed.tmx" >"$WORK/more.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/more.tmx" >/dev/null

python3 - "$TMKIT" "$WORK" <<'PY'
import os, random, shutil, subprocess, sys
tmkit, work = sys.argv[1], sys.argv[2]
data = open(f"{work}/tm/data.mdb", "rb").read()
page = 4096
random.seed(27)
failures = []

def run(args):
    r = subprocess.run([tmkit] + args, capture_output=True, text=True, errors="replace", timeout=60)
    return r.returncode, r.stdout, r.stderr

def readers(d):
    return {"stats": ["stats", "--tm", d],
            "lookup": ["lookup", "--tm", d, "--src-lang", "en", "--tgt-lang", "ru", "Syrian opposition group says"],
            "concordance": ["concordance", "--tm", d, "--lang", "en", "opposition"],
            "export": ["export", "--tm", d, "--out", f"{d}.tmx"],
            "verify": ["verify", "--tm", d]}

def damaged_copy(name, contents):
    d = f"{work}/{name}"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    open(f"{d}/data.mdb", "wb").write(contents)
    return d

# Truncated: every reader refuses with exit 4 and one line naming the file.
for cut in (8192, len(data) // 2, len(data) - page, 100):
    d = damaged_copy(f"cut{cut}", data[:cut])
    for verb, args in readers(d).items():
        code, out, err = run(args)
        lines = err.strip().splitlines()
        if code != 4 or len(lines) != 1 or "data.mdb" not in lines[0] or "damaged" not in lines[0]:
            failures.append(f"{verb} on a data.mdb cut to {cut} bytes: exit {code}, {err.strip()!r}")

# Flipped bytes and zeroed pages: no crash anywhere; verify reports what it finds.
zeroed_found = 0
for i in range(12):
    b = bytearray(data)
    if i % 2 == 0:
        for _ in range(16):
            p = random.randrange(2 * page, len(b))
            b[p] ^= 1 << random.randrange(8)
        kind = "flipped"
    else:
        p = random.randrange(2, len(b) // page)
        b[p * page:(p + 1) * page] = bytes(page)
        kind = f"page {p} zeroed"
    d = damaged_copy(f"hurt{i}", bytes(b))
    for verb, args in readers(d).items():
        code, out, err = run(args)
        if code < 0 or code not in (0, 1, 2, 4):
            failures.append(f"{verb} on copy {i} ({kind}): exit {code}, {err.strip()[:300]!r}")
        if verb == "verify" and code == 1 and "damaged" in out:
            zeroed_found += 1
if zeroed_found == 0:
    failures.append("verify reported no damaged data file in 12 damaged copies")

if failures:
    print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
PY

# serve: the data file cut short (same inode) under the running service, then made whole again.
cp "$WORK/tm/data.mdb" "$WORK/data.whole"
start_server --tm "$WORK/tm"
LOOKUP="$BASE/api/lookup?q=Syrian+opposition+group+says&src=en&tgt=ru"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$LOOKUP") == 200 ]] || fail "lookup before the damage"
truncate -s 8192 "$WORK/tm/data.mdb"
for path in "$LOOKUP" "$BASE/healthz" "$BASE/api/stats"; do
  code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$path")
  [[ "$code" == 503 ]] && jq -e '.error.code == "tm_unavailable" and (.error.message | test("damaged"))' "$WORK/body" >/dev/null \
    || fail "$path with data.mdb truncated under the service: $code $(cat "$WORK/body")"
done
kill -0 "$SERVER_PID" 2>/dev/null || fail "serve died when its TM was truncated"
dd if="$WORK/data.whole" of="$WORK/tm/data.mdb" conv=notrunc status=none
[[ $(curl -s -o /dev/null -w '%{http_code}' "$LOOKUP") == 200 ]] || fail "lookup once the file is whole again"
echo "tm_damage: ok"
