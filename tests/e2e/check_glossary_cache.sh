#!/usr/bin/env bash
# Compiled glossaries (docs/glossary.md): `tmkit check` answers byte for byte the same without the
# cache, on the run that builds it and on the runs that read it, on the planted-error drafts and
# on a generated 2,000-concept glossary; a corrupt, truncated or foreign image is ignored (same
# report, nothing on stderr) and rebuilt; an edited glossary is never read from a stale image.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
D="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/drafts"
export TMKIT_GLOSSARY_CACHE="$T/cache"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$TMKIT_SOURCE_DIR/glossaries/names.tbx" "$T/names.tbx"
python3 "$TMKIT_SOURCE_DIR/tools/bench/check_gen.py" glossary 2000 "$T/gen.tbx"
python3 "$TMKIT_SOURCE_DIR/tools/bench/check_gen.py" draft 200 "$T/gen.tbx" "$D/ru.tsv" "$T/gen-draft.tsv"

# check NAME ARGS...: runs tmkit check, keeps stdout, stderr and the exit status in $T/NAME.*
check() {
  local name=$1; shift
  set +e
  "$TMKIT" check --format json "$@" > "$T/$name.out" 2> "$T/$name.err"
  echo $? > "$T/$name.code"
  set -e
}
same() {  # A B: identical reports and exit codes, B silent on stderr
  cmp -s "$T/$1.out" "$T/$2.out" || fail "$2: report differs from $1: $(diff "$T/$1.out" "$T/$2.out" | head -5)"
  cmp -s "$T/$1.code" "$T/$2.code" || fail "$2: exit $(cat "$T/$2.code"), $1 exited $(cat "$T/$1.code")"
  [[ ! -s "$T/$2.err" ]] || fail "$2: stderr: $(head -c 300 "$T/$2.err")"
}
entries() { find "$T/cache" -name '*.tmkg' 2>/dev/null | wc -l; }

runs=(
  "ru --tgt-lang ru -g $T/names.tbx $D/ru.tsv"
  "ar --tgt-lang ar -g $T/names.tbx $D/ar.tsv"
  "gen --tgt-lang ru -g $T/names.tbx -g $T/gen.tbx $T/gen-draft.tsv"
)
for r in "${runs[@]}"; do
  read -r name args <<< "$r"
  # shellcheck disable=SC2086
  check "$name-plain" --no-glossary-cache $args
  [[ $(cat "$T/$name-plain.code") == 1 ]] || fail "$name: exit $(cat "$T/$name-plain.code"), want 1 (errors planted)"
  # shellcheck disable=SC2086
  check "$name-cold" $args
  # shellcheck disable=SC2086
  check "$name-warm" $args
  same "$name-plain" "$name-cold"
  same "$name-plain" "$name-warm"
done
[[ $(entries) == 2 ]] || fail "expected 2 images (names.tbx, gen.tbx), found $(entries)"
[[ -z $(find "$T/cache" -name '*tmp*') ]] || fail "a temporary image was left behind"

# Damaged images: each is passed over, the report unchanged, and a good image written back.
image=$(grep -l "gen.tbx" "$T"/cache/glossaries/*.tmkg)
cp "$image" "$T/good.tmkg"
damage() {
  case $1 in
    truncated) head -c 1000 "$T/good.tmkg" > "$image" ;;
    flipped) cp "$T/good.tmkg" "$image"; printf '\xff' | dd of="$image" bs=1 seek=5000 conv=notrunc status=none ;;
    empty) : > "$image" ;;
    foreign) others=($(grep -L "gen.tbx" "$T"/cache/glossaries/*.tmkg)); cp "${others[0]}" "$image" ;;
    junk) head -c 4096 /dev/urandom > "$image" ;;
  esac
}
for how in truncated flipped empty foreign junk; do
  damage "$how"
  check "gen-$how" --tgt-lang ru -g "$T/names.tbx" -g "$T/gen.tbx" "$T/gen-draft.tsv"
  same gen-plain "gen-$how"
  cmp -s "$image" "$T/good.tmkg" || fail "$how image was not rebuilt"
done

# An edited glossary, its size and time put back: the content hash catches it.
touch -r "$T/names.tbx" "$T/stamp"
sed -i 's/<term>Башар Асад</<term>Башар Асан</' "$T/names.tbx"
touch -r "$T/stamp" "$T/names.tbx"
check ru-edited-plain --no-glossary-cache --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
check ru-edited --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
same ru-edited-plain ru-edited
cmp -s "$T/ru-plain.out" "$T/ru-edited.out" && fail "the edit made no difference: the test proves nothing"

# Trust (issue 27 item 5): an image another user could have written is never read. One that group
# or others may write, or a link, is passed over and replaced by a private file; a cache directory
# others may write is not used at all (nothing read, nothing written).
check ru-trusted --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
image=$(grep -l "names.tbx" "$T"/cache/glossaries/*.tmkg)
chmod 666 "$image"
check ru-shared-image --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
same ru-trusted ru-shared-image
[[ $(stat -c %a "$image") == 600 ]] || fail "a group/other-writable image was kept ($(stat -c %a "$image"))"
mv "$image" "$T/elsewhere.tmkg"; ln -s "$T/elsewhere.tmkg" "$image"
check ru-linked-image --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
same ru-trusted ru-linked-image
[[ -f "$image" && ! -L "$image" ]] || fail "an image that is a link was kept"
rm "$image"; chmod 777 "$T/cache/glossaries"
check ru-shared-dir --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
same ru-trusted ru-shared-dir
[[ ! -e "$image" ]] || fail "an image was written into a directory others can write"
[[ -z $(find "$T/cache" -name '*tmp*') ]] || fail "a temporary image was left behind"

# TMKIT_GLOSSARY_CACHE=off: nothing written.
rm -rf "$T/cache"
TMKIT_GLOSSARY_CACHE=off check ru-off --tgt-lang ru -g "$T/names.tbx" "$D/ru.tsv"
[[ ! -e "$T/cache" ]] || fail "TMKIT_GLOSSARY_CACHE=off wrote a cache"
echo "check_glossary_cache: ok"
