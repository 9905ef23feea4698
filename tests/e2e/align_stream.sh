#!/usr/bin/env bash
# tmkit align --stream: one answer per input line, in order, byte-identical however the input is
# cut or threaded; bad lines answered with an error record; bitextor rows; the --tmx shard.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

D="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_split"
python3 - "$D" "$work" <<'PY'
import base64, glob, json, os, sys
d, work = sys.argv[1], sys.argv[2]
stems = sorted(p[:-3] for p in glob.glob(d + "/*.en"))[:12]
with open(work + "/pairs.jsonl", "w") as f, open(work + "/nway.jsonl", "w") as g, open(work + "/pairs.tsv", "w") as h:
    for k, stem in enumerate(stems):
        name = os.path.basename(stem)
        if k % 2:  # text in the line and paths to files both work
            f.write(json.dumps({"id": name, "src_path": stem + ".en", "tgt_path": stem + ".ru"}) + "\n")
        else:
            f.write(json.dumps({"id": name, "src": open(stem + ".en").read(), "tgt": open(stem + ".ru").read()},
                               ensure_ascii=False) + "\n")
        if k == 5:
            f.write('{"id": "no-target", "src": "One sentence."}\n')
            f.write("this is not json\n")
            f.write('{"id": "missing", "src_path": "/nonexistent/a.en", "tgt": "x"}\n')
        g.write(json.dumps({"id": name, "src": open(stem + ".en").read(),
                            "tgt": {"ru": open(stem + ".ru").read(), "ar": open(stem + ".ar").read()}},
                           ensure_ascii=False) + "\n")
        b64 = lambda p: base64.b64encode(open(p, "rb").read()).decode()
        h.write("\t".join(["https://en.example/" + name, "https://ru.example/" + name, b64(stem + ".en"), b64(stem + ".ru")]) + "\n")
    h.write("https://en.example/x\thttps://ru.example/x\tnot*base64\tAAAA\n")
PY

# One answer per line, in input order; bad lines get an error record naming their line; exit 1.
set +e
"$TMKIT" align --stream --presegmented --tgt-lang ru < "$work/pairs.jsonl" > "$work/out.jsonl" 2> "$work/err"
code=$?
set -e
[[ $code -eq 1 ]] || fail "exit $code with bad lines, expected 1"
[[ $(wc -l < "$work/out.jsonl") -eq $(wc -l < "$work/pairs.jsonl") ]] || fail "not one answer per input line"
grep -q '^tmkit: <stdin>:7: ' "$work/err" || fail "no stderr line for line 7: $(cat "$work/err")"
grep -q '^tmkit: <stdin>:8: not a JSON object' "$work/err" || fail "bad JSON not reported: $(cat "$work/err")"
grep -q '^tmkit: <stdin>:9: .*nonexistent' "$work/err" || fail "missing file not reported: $(cat "$work/err")"
python3 - "$work/pairs.jsonl" "$work/out.jsonl" <<'PY' || fail "answers"
import json, sys
ins = [l for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
for k, (i, o) in enumerate(zip(ins, outs), 1):
    try:
        want = json.loads(i)["id"]
    except Exception:
        want = k
    assert o["id"] == want, (k, o["id"], want)
    if "error" in o:
        assert o["line"] == k and k in (7, 8, 9), o
        continue
    assert list(o)[0] == "id" and o["beads"], o
    src = sorted(s for b in o["beads"] for s in b["src"])
    assert src == list(range(o["src_sentences"])), "every source sentence in exactly one bead"
    assert sum(1 for b in o["beads"] if b["src"] and b["tgt"] and b["confidence"] >= 0.8) >= o["src_sentences"] * 0.8
PY

# A "translation" in the source's own language: answered, untrusted, nothing of it in the TMX.
printf '{"id": "copy", "src": "The president spoke on Monday. He said the war was over.", "tgt": "The president spoke on Monday. He said the war was over."}\n' |
  "$TMKIT" align --stream --tgt-lang ru --tmx "$work/copy.tmx" > "$work/copy.jsonl" 2> "$work/err"
grep -q '"trusted":false' "$work/copy.jsonl" || fail "a copy was trusted: $(cat "$work/copy.jsonl")"
grep -q 'nothing of it is stored' "$work/err" || fail "no warning for an untrusted pair: $(cat "$work/err")"
! grep -q "<tu " "$work/copy.tmx" || fail "an untrusted pair's units were written"
grep -q '"document_score":0.9[0-9]*,"trusted":true' "$work/out.jsonl" || fail "no document score: $(head -c 300 "$work/out.jsonl")"

# Deterministic: one thread or two, the input whole or cut in pieces, the same bytes.
"$TMKIT" align --stream --presegmented --tgt-lang ru < "$work/pairs.jsonl" > "$work/again.jsonl" 2> /dev/null || true
cmp -s "$work/out.jsonl" "$work/again.jsonl" || fail "two runs differ"
split -l 4 "$work/pairs.jsonl" "$work/piece."
for p in "$work"/piece.*; do
  "$TMKIT" align --stream --presegmented --tgt-lang ru < "$p" 2> /dev/null || true
done | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if "error" in d:  # the line number (and the id of a line that is not JSON) restarts in each piece
        d = {"error": d["error"].split(": ", 1)[-1]}
    print(json.dumps(d))' > "$work/pieces.jsonl"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if "error" in d:
        d = {"error": d["error"].split(": ", 1)[-1]}
    print(json.dumps(d))' "$work/out.jsonl" > "$work/whole.jsonl"
cmp -s "$work/whole.jsonl" "$work/pieces.jsonl" || fail "the answers depend on how the input was cut"

# N-way: one record per story, each bead with every language; --tmx writes the units.
"$TMKIT" align --stream --presegmented --tgt-lang ru,ar --tmx "$work/shard.tmx" < "$work/nway.jsonl" > "$work/nway.out"
[[ $(wc -l < "$work/nway.out") -eq 12 ]] || fail "N-way: one line per story"
python3 - "$work/nway.out" "$work/shard.tmx" <<'PY' || fail "N-way output or TMX"
import json, sys, xml.etree.ElementTree as ET
for l in open(sys.argv[1]):
    d = json.loads(l)
    assert set(d["tgt_sentences"]) == {"ru", "ar"}, d["tgt_sentences"]
    assert all("ru" in b and "ar" in b for b in d["beads"])
L = "{http://www.w3.org/XML/1998/namespace}lang"
tus = list(ET.parse(sys.argv[2]).getroot().iter("tu"))
assert len(tus) > 100, len(tus)
tri = sum(1 for tu in tus if {v.get(L) for v in tu.iter("tuv")} == {"en", "ru", "ar"})
assert tri >= 0.8 * len(tus), (tri, len(tus))
PY
"$TMKIT" import --tm "$work/tm" "$work/shard.tmx" > /dev/null
"$TMKIT" import --tm "$work/tm" "$work/shard.tmx" > "$work/again.txt"
grep -q " 0 added" "$work/again.txt" || fail "re-importing a shard added units: $(cat "$work/again.txt")"
# Several shards in one import: a truncated one is reported with its place and stores nothing,
# the others land; exit 2.
head -c 3000 "$work/shard.tmx" > "$work/truncated.tmx"
head -4 "$work/nway.jsonl" | "$TMKIT" align --stream --presegmented --tgt-lang ru,ar --tmx "$work/first.tmx" > /dev/null
set +e
"$TMKIT" import --tm "$work/tm2" "$work/first.tmx" "$work/truncated.tmx" "$work/shard.tmx" > "$work/many.txt" 2> "$work/err"
code=$?
set -e
[[ $code -eq 2 ]] || fail "import of a truncated shard among others: exit $code, expected 2"
grep -qE "truncated.tmx:[0-9]+:[0-9]+: " "$work/err" || fail "truncated shard not named with its place: $(cat "$work/err")"
[[ $(grep -c " read, " "$work/many.txt") -eq 2 ]] || fail "the good shards were not both imported: $(cat "$work/many.txt")"
"$TMKIT" export --tm "$work/tm" --out "$work/a.tmx" 2> /dev/null
"$TMKIT" export --tm "$work/tm2" --out "$work/b.tmx" 2> /dev/null
[[ $(grep -c "<tu " "$work/a.tmx") -eq $(grep -c "<tu " "$work/b.tmx") ]] || fail "shard order changed the TM's units"

# Bitextor: url1 url2 sent1 sent2 score confidence rows; a field that is not base64 is reported.
set +e
"$TMKIT" align --stream --presegmented --input-format bitextor --tgt-lang ru < "$work/pairs.tsv" > "$work/rows.tsv" 2> "$work/err"
code=$?
set -e
[[ $code -eq 1 ]] || fail "bitextor: exit $code, expected 1"
grep -q '^tmkit: <stdin>:13: field 3 (src_text) is not base64' "$work/err" || fail "bitextor: $(cat "$work/err")"
awk -F'\t' 'NF != 6 || $1 !~ /^https:\/\/en/ || $5 !~ /^[01][.][0-9][0-9][0-9]$/ || $6 !~ /^[01][.][0-9][0-9][0-9]$/ { bad = 1 } END { exit bad }' "$work/rows.tsv" ||
  fail "bitextor rows: $(head -1 "$work/rows.tsv")"
[[ $(wc -l < "$work/rows.tsv") -gt 100 ]] || fail "bitextor: too few rows"

# Usage errors: exit 2.
set +e
"$TMKIT" align --stream --tgt-lang ru,ar --input-format bitextor < /dev/null 2> "$work/err"
[[ $? -eq 2 ]] || fail "bitextor with two languages must be a usage error"
"$TMKIT" align --stream --tgt-lang ru "$D/abcnews.306755.en" "$D/abcnews.306755.ru" < /dev/null 2> "$work/err"
[[ $? -eq 2 ]] || fail "--stream with files must be a usage error"
set -e
echo "align_stream: ok"
