#!/usr/bin/env bash
# The catalogue of bad inputs (tests/bad-inputs/cases.tsv, docs/reliability.md): each file, fed to
# the verb that reads it, must give exactly one line on stderr (the expected one, naming the file
# and the place) and the expected exit status, and must leave an existing TM byte-for-byte as it
# was. Some inputs are generated here rather than committed: 10,000-deep nesting, a 100 MB
# segment, an external entity naming an absolute path, an unreadable path, a read-only TM and a
# full disk (a TM whose map may not grow).
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
CASES_DIR="$TMKIT_SOURCE_DIR/tests/bad-inputs"
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
TM="$WORK/tm"
TEXT="$WORK/text.txt"
GOOD_RU="$WORK/good.ru"
SECRET_WORD=TOPSECRET-7f3a9c
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The TM that every case must leave alone: the seed article's first sentences, en-ru.
corpus="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks"
paste <(head -n 30 "$corpus/en.sents") <(head -n 30 "$corpus/ru.sents") > "$WORK/seed.tsv"
"$TMKIT" import --tm "$TM" --src-lang en --tgt-lang ru "$WORK/seed.tsv" > /dev/null
head -n 5 "$corpus/en.txt" > "$TEXT"
head -n 5 "$corpus/ru.txt" > "$GOOD_RU"
snapshot() { (cd "$1" && ls -A | grep -v '^lock.mdb$' | sort | tr '\n' ' '; sha256sum data.mdb); }
BEFORE=$(snapshot "$TM")

# run_case NAME EXIT EXPECTED-LINE CMD... : runs CMD in $CASES_DIR, checks stderr and status.
run_case() {
  local name=$1 want_exit=$2 want_line=$3; shift 3
  local got_exit=0
  (cd "$CASES_DIR" && "$@") > "$WORK/out" 2> "$WORK/err" < /dev/null || got_exit=$?
  local lines; lines=$(wc -l < "$WORK/err")
  if [[ $got_exit != "$want_exit" ]]; then fail "$name: exit $got_exit, expected $want_exit; stderr: $(head -c 300 "$WORK/err")"; fi
  if [[ $lines != 1 ]]; then fail "$name: $lines lines on stderr, expected one: $(head -c 300 "$WORK/err")"; fi
  local got_line; got_line=$(head -n 1 "$WORK/err")
  # "@ANY@" in an expected line stands for a varying part (a column that depends on a temp path).
  local ok=0
  if [[ $want_line == *@ANY@* ]]; then
    local head=${want_line%%@ANY@*} tail=${want_line#*@ANY@}
    [[ "${got_line:0:${#head}}" == "$head" && "$got_line" == *"$tail" ]] && ok=1
  else
    [[ "$got_line" == "$want_line" ]] && ok=1
  fi
  if [[ $ok == 0 ]]; then
    fail "$name: stderr was
    $(head -n 1 "$WORK/err" | head -c 300)
  expected
    $want_line"
  fi
  if grep -q "$SECRET_WORD" "$WORK/out" "$WORK/err"; then fail "$name: the external entity's file was read"; fi
  if [[ "$(snapshot "$TM")" != "$BEFORE" ]]; then fail "$name: the TM changed"; BEFORE=$(snapshot "$TM"); fi
}

command_for() {  # VERB FILE -> the command line that reads FILE
  case $1 in
    import) echo "$TMKIT import --tm $TM $2" ;;
    import-tsv) echo "$TMKIT import --tm $TM --src-lang en --tgt-lang ru $2" ;;
    glossary) echo "$TMKIT terms -g $2 --src-lang en --tgt-lang ru $TEXT" ;;
    check-glossary) echo "$TMKIT check -g $2 --src-lang en --tgt-lang ru $TEXT $GOOD_RU" ;;
    srx) echo "$TMKIT segment --lang en --rules $2 $TEXT" ;;
    segment) echo "$TMKIT segment --lang ru $2" ;;
    align) echo "$TMKIT align --tgt-lang ru --no-dictionary --presegmented $2 $GOOD_RU" ;;
    lookup) echo "$TMKIT lookup --tm $TM --src-lang en --tgt-lang ru --format json" ;;
    *) echo "unknown verb $1" >&2; return 1 ;;
  esac
}

count=0
while IFS=$'\t' read -r file verb want_exit want_line; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  [[ -f "$CASES_DIR/$file" ]] || { fail "$file: listed in cases.tsv but missing"; continue; }
  cmd=$(command_for "$verb" "$file")
  if [[ $verb == lookup ]]; then
    run_case "$file" "$want_exit" "$want_line" bash -c "$cmd < $file"
  else
    # shellcheck disable=SC2086
    run_case "$file" "$want_exit" "$want_line" $cmd
  fi
  count=$((count + 1))
done < "$CASES_DIR/cases.tsv"
committed=$(find "$CASES_DIR" -type f ! -name cases.tsv ! -name generated.tsv ! -name xxe-secret.txt ! -name README.md | wc -l)
[[ $count -ge 40 ]] || fail "only $count catalogue cases"
[[ $count -eq $committed ]] || fail "$committed files in tests/bad-inputs but $count listed in cases.tsv"

# Generated inputs.
G="$WORK/gen"; mkdir -p "$G"
HDR='<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>'
python3 - "$G" "$HDR" <<'PY'
import sys
g, hdr = sys.argv[1], sys.argv[2]
tail = '</body></tmx>\n'
open(g + '/deep-inline.tmx', 'w').write(hdr + '<tu><tuv xml:lang="en"><seg>' + '<hi>' * 10000 + 'x' + '</hi>' * 10000 +
                                        '</seg></tuv><tuv xml:lang="ru"><seg>y</seg></tuv></tu>' + tail)
open(g + '/deep-structure.tmx', 'w').write(hdr + '<tu>' * 10000 + '</tu>' * 10000 + tail)
open(g + '/deep.tbx', 'w').write('<tbx><text><body><conceptEntry id="c"><langSec xml:lang="en"><termSec><term>' +
                                 '<hi>' * 10000 + 'x' + '</hi>' * 10000 + '</term></termSec></langSec></conceptEntry></body></text></tbx>\n')
PY
{ printf '%s<tu><tuv xml:lang="en"><seg>' "$HDR"; head -c 100000000 /dev/zero | tr '\0' 'a'
  printf '</seg></tuv><tuv xml:lang="ru"><seg>y</seg></tuv></tu></body></tmx>\n'; } > "$G/huge-segment.tmx"
printf '%s\n' "$SECRET_WORD" > "$G/secret.txt"
printf '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY s SYSTEM "file://%s">]>\n%s<tu><tuv xml:lang="en"><seg>&s;</seg></tuv><tuv xml:lang="ru"><seg>y</seg></tuv></tu></body></tmx>\n' \
  "$G/secret.txt" "$(echo "$HDR" | sed 's/^<?xml[^>]*>//')" > "$G/xxe-absolute.tmx"
printf '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY s SYSTEM "file://%s">]>\n<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&s;</term></termSec></langSec></conceptEntry></body></text></tbx>\n' \
  "$G/secret.txt" > "$G/xxe-absolute.tbx"
mkdir "$G/a-directory.tmx"
# Files read whole are refused above their limit before they are read (sparse: no disk used).
truncate -s 600M "$G/huge.tbx"
truncate -s 17M "$G/huge.srx"

while IFS=$'\t' read -r file verb want_exit want_line; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  want_line=${want_line//@G@/$G}
  cmd=$(command_for "$verb" "$G/$file")
  # shellcheck disable=SC2086
  run_case "generated $file" "$want_exit" "$want_line" $cmd
done < "$CASES_DIR/generated.tsv"
rm -f "$G/huge-segment.tmx" "$G/huge.tbx" "$G/huge.srx"
run_case "missing file" 2 "tmkit: $G/no-such.tmx: no such file" $TMKIT import --tm "$TM" "$G/no-such.tmx"

# A read-only TM directory: the import is refused (exit 3) and the TM is untouched. As root,
# permissions do not bind, so the import runs as nobody.
RO="$WORK/ro"; cp -a "$TM" "$RO"; chmod -R a+rX,a-w "$RO"; chmod a+rx "$WORK"
as_user=(); [[ $(id -u) == 0 ]] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
ro_before=$(snapshot "$RO")
ro_exit=0; "${as_user[@]}" "$TMKIT" import --tm "$RO" --src-lang en --tgt-lang ru "$WORK/seed.tsv" > /dev/null 2> "$WORK/err" || ro_exit=$?
[[ $ro_exit == 3 ]] || fail "read-only TM: exit $ro_exit, expected 3: $(cat "$WORK/err")"
[[ $(wc -l < "$WORK/err") == 1 ]] || fail "read-only TM: not one line on stderr: $(cat "$WORK/err")"
grep -q "$RO" "$WORK/err" || fail "read-only TM: the message does not name the TM: $(cat "$WORK/err")"
[[ "$(snapshot "$RO")" == "$ro_before" ]] || fail "read-only TM changed"

# refused_cleanly NAME EXIT SNAPSHOT: a refused write exits 3 with one line on stderr ($WORK/err),
# and the TM's snapshot is still $BEFORE (no byte changed, no page kept).
refused_cleanly() {
  [[ $2 == 3 ]] || fail "$1: exit $2, expected 3: $(cat "$WORK/err")"
  [[ $(wc -l < "$WORK/err") == 1 ]] || fail "$1: not one line on stderr: $(cat "$WORK/err")"
  [[ "$3" == "$BEFORE" ]] || fail "$1: the TM changed or kept the pages it wrote"
}

# A full disk: a TM whose map may not grow past its size now. The import fails with exit 3, one
# line, and the TM is as it was; then the same import with room succeeds.
python3 "$(dirname "$0")/lib/random_units.py" "$WORK/big.tsv" 20000 7
map_now=$(( $(stat -c %s "$TM/data.mdb") ))
full_exit=0; "$TMKIT" import --tm "$TM" --max-map-size "$map_now" --src-lang en --tgt-lang ru "$WORK/big.tsv" > /dev/null 2> "$WORK/err" || full_exit=$?
refused_cleanly "full disk" "$full_exit" "$(snapshot "$TM")"

# The file cannot grow while the commit writes (a file-size limit: the same short write a disk that
# fills up gives, without needing one): exit 3, one line, and data.mdb is cut back to its committed
# bytes, so the failed import holds no space.
limit_kb=$(( $(stat -c %s "$TM/data.mdb") / 1024 + 256 ))
fsize_exit=0
( trap '' XFSZ; ulimit -f "$limit_kb"; exec "$TMKIT" import --tm "$TM" --src-lang en --tgt-lang ru "$WORK/big.tsv" ) \
  > /dev/null 2> "$WORK/err" || fsize_exit=$?
refused_cleanly "file-size limit" "$fsize_exit" "$(snapshot "$TM")"

# A real full disk, where one can be made (root may mount a small tmpfs): the message says so.
DISK="$WORK/disk"; mkdir "$DISK"
disk_kb=$(( $(du -sk "$TM" | cut -f1) + 512 ))
if [[ $(id -u) == 0 ]] && mount -t tmpfs -o "size=${disk_kb}k" tmpfs "$DISK" 2>/dev/null; then
  cp -a "$TM" "$DISK/tm"
  disk_exit=0; "$TMKIT" import --tm "$DISK/tm" --src-lang en --tgt-lang ru "$WORK/big.tsv" > /dev/null 2> "$WORK/err" || disk_exit=$?
  free_after=$(df -k --output=avail "$DISK" | tail -1)
  disk_snapshot=$(snapshot "$DISK/tm")
  umount "$DISK"
  refused_cleanly "real full disk" "$disk_exit" "$disk_snapshot"
  grep -qx "tmkit: $DISK/tm: committing: the disk is full; nothing was written" "$WORK/err" \
    || fail "real full disk: unexpected message: $(cat "$WORK/err")"
  (( free_after > 256 )) || fail "real full disk: only ${free_after} kB free after the failed import"
  full_disk_note="full disk (real, on a tmpfs)"
else
  full_disk_note="full disk (simulated; a real one needs root to mount a tmpfs)"
fi
"$TMKIT" verify --tm "$TM" > /dev/null || fail "verify after the bad inputs"

# Damaged compiled glossaries (docs/glossary.md, "Compiled glossaries"): tmkit made them, so they
# are never the user's input error. Each is passed over without a word, the glossary is read from
# its TBX (same output), and a good image is written back.
export TMKIT_GLOSSARY_CACHE="$WORK/glossary-cache"
terms_cmd=("$TMKIT" terms -g "$TMKIT_SOURCE_DIR/glossaries/names.tbx" --src-lang en --tgt-lang ru --format json "$TEXT")
"${terms_cmd[@]}" > "$WORK/terms.good"
image=$(find "$TMKIT_GLOSSARY_CACHE" -name '*.tmkg' 2>/dev/null || true)
[[ -n $image ]] || fail "no compiled glossary written"
cp "$image" "$WORK/good.tmkg"
for damage in truncated flipped empty not-an-image; do
  case $damage in
    truncated) head -c 200 "$WORK/good.tmkg" > "$image" ;;
    flipped) python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 0x40; open(sys.argv[2], "wb").write(b)' "$WORK/good.tmkg" "$image" ;;
    empty) : > "$image" ;;
    not-an-image) cp "$CASES_DIR/tbx-not-tbx.tbx" "$image" ;;
  esac
  got_exit=0; "${terms_cmd[@]}" > "$WORK/terms.out" 2> "$WORK/err" || got_exit=$?
  [[ $got_exit == 0 && ! -s "$WORK/err" ]] || fail "$damage compiled glossary: exit $got_exit, stderr: $(head -c 300 "$WORK/err")"
  cmp -s "$WORK/terms.out" "$WORK/terms.good" || fail "$damage compiled glossary: the terms found differ"
  cmp -s "$image" "$WORK/good.tmkg" || fail "$damage compiled glossary: not rebuilt"
done
unset TMKIT_GLOSSARY_CACHE

if [[ $failures -gt 0 ]]; then echo "bad_inputs: $failures failures" >&2; exit 1; fi
echo "bad_inputs: $count catalogue files, $(grep -vc '^#' "$CASES_DIR/generated.tsv") generated inputs, read-only TM, $full_disk_note, file-size limit: all refused cleanly, TM unchanged; 4 damaged compiled glossaries passed over and rebuilt"
