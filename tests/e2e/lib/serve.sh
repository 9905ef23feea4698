# Helpers for the tests of `tmkit serve` (sourced by tests/e2e/serve_*.sh, not run by ctest).
# Needs TMKIT, TMKIT_SOURCE_DIR and a scratch directory in $WORK.

# seed_tmx OUT.tmx: the seed article's gold-aligned sentences (corpora/syria-geneva-talks) as
# en/ru/ar translation units, one per English bead that both gold alignments agree on.
seed_tmx() {
  python3 - "$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks" "$1" <<'PY'
import re, sys
from xml.sax.saxutils import escape
corpus, out = sys.argv[1], sys.argv[2]
def sents(lang):
    return [l for l in open(f"{corpus}/{lang}.sents", encoding="utf-8").read().split("\n") if l]
def beads(pair):
    result = {}
    for line in open(f"{corpus}/{pair}.gold", encoding="utf-8"):
        m = re.match(r"\[(.*?)\]:\[(.*?)\]", line)
        if m:
            src = tuple(int(x) for x in m.group(1).split(",") if x.strip())
            result[src] = [int(x) for x in m.group(2).split(",") if x.strip()]
    return result
en, ru, ar = sents("en"), sents("ru"), sents("ar")
to_ru, to_ar = beads("en-ru"), beads("en-ar")
with open(out, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="tmkit-tests" '
            'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" '
            'datatype="plaintext"/><body>\n')
    for src, ru_idx in to_ru.items():
        if not src or not ru_idx or not to_ar.get(src):
            continue
        f.write("<tu>")
        for lang, text in (("en", " ".join(en[i] for i in src)), ("ru", " ".join(ru[i] for i in ru_idx)),
                           ("ar", " ".join(ar[i] for i in to_ar[src]))):
            f.write(f'<tuv xml:lang="{lang}"><seg>{escape(text)}</seg></tuv>')
        f.write("</tu>\n")
    f.write("</body></tmx>\n")
PY
}

# start_server ARGS...: runs `tmkit serve ARGS --listen 127.0.0.1:0` in the background, waits for
# its address and sets BASE (http://127.0.0.1:PORT) and SERVER_PID. The caller's EXIT trap must
# call stop_server.
start_server() {
  # The background shell creates serve.out when it gets to run: under load the first look comes first.
  "$TMKIT" serve "$@" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    BASE=$(sed -n 's|^tmkit serve: listening on \(http://[^/]*\)/$|\1|p' "$WORK/serve.out" 2>/dev/null || true)
    [[ -n "$BASE" ]] && return 0
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "tmkit serve exited early:" >&2
      cat "$WORK/serve.err" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "tmkit serve did not report its address within 10 s" >&2
  return 1
}

stop_server() {
  if [[ -n "${SERVER_PID:-}" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
