#!/usr/bin/env bash
# The translators' page in a real browser: Debian's Chromium, headless, driven by playwright-core
# (tests/browser/page_test.mjs) against `tmkit serve` over the seed TM and names glossary. The
# screenshot is kept as an artifact: $TMKIT_BUILD_DIR/artifacts/serve_page.png.
# Needs node/npm and /usr/bin/chromium (scripts/setup.sh --with-test-peers); the npm packages are
# installed with `npm ci` from tests/browser/package-lock.json. No browser is ever downloaded.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}" "${TMKIT_BUILD_DIR:?}"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm "$CHROMIUM"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing; run scripts/setup.sh --with-test-peers" >&2; exit 1; }
done
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# npm ci into the build tree, again only when the lock file changed.
runner="$TMKIT_BUILD_DIR/browser-test"
mkdir -p "$runner" "$TMKIT_BUILD_DIR/artifacts"
if ! cmp -s "$TMKIT_SOURCE_DIR/tests/browser/package-lock.json" "$runner/package-lock.json" ||
   [[ ! -d "$runner/node_modules/playwright-core" ]]; then
  cp "$TMKIT_SOURCE_DIR/tests/browser/package.json" "$TMKIT_SOURCE_DIR/tests/browser/package-lock.json" "$runner/"
  (cd "$runner" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$TMKIT_SOURCE_DIR/tests/browser/page_test.mjs" "$TMKIT_SOURCE_DIR/tests/browser/xliff_page_test.mjs" "$runner/"

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
# A segment with a right-to-left override (U+202E), which page_test.mjs must show, not obey.
cat >"$WORK/bidi.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The retainer is &#x202E;0001 $ a month.</seg></tuv><tuv xml:lang="ar"><seg>الأجر الشهري 1000 دولار.</seg></tuv></tu>
</body></tmx>
EOF
"$TMKIT" import --tm "$WORK/tm" "$WORK/bidi.tmx" >/dev/null
token=tmkit-browser-test-token-0123
printf '%s\n' "$token" > "$WORK/token"
start_server --tm "$WORK/tm" --glossary "$TMKIT_SOURCE_DIR/glossaries/names.tbx" --write-token-file "$WORK/token"
screenshot="$TMKIT_BUILD_DIR/artifacts/serve_page.png"
rm -f "$TMKIT_BUILD_DIR"/artifacts/serve_page*.png
CHROMIUM="$CHROMIUM" node "$runner/page_test.mjs" "$BASE/" "$screenshot" "$token"
[[ -s "$screenshot" ]] || { echo "FAIL: no screenshot at $screenshot" >&2; exit 1; }
# The XLIFF panel: a dropped file analysed, pre-translated and downloaded (xliff_page_test.mjs).
CHROMIUM="$CHROMIUM" node "$runner/xliff_page_test.mjs" "$BASE/" "$TMKIT_BUILD_DIR/artifacts/serve_page_xliff.png"
