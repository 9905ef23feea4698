#!/usr/bin/env bash
# The page's Names view (GET /api/names) in headless Chromium: tests/browser/names_test.mjs against
# `tmkit serve` over the seed TM. Screenshots: $TMKIT_BUILD_DIR/artifacts/serve_names*.png (copies
# in docs/page-names*.png). Needs node/npm and /usr/bin/chromium (scripts/setup.sh
# --with-test-peers); playwright-core comes from tests/browser/package-lock.json with `npm ci`, in a
# directory of its own so that this test and serve_browser.sh can run at once.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}" "${TMKIT_BUILD_DIR:?}"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm "$CHROMIUM"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing; run scripts/setup.sh --with-test-peers" >&2; exit 1; }
done
WORK=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

runner="$TMKIT_BUILD_DIR/browser-test-names"
mkdir -p "$runner" "$TMKIT_BUILD_DIR/artifacts"
if ! cmp -s "$TMKIT_SOURCE_DIR/tests/browser/package-lock.json" "$runner/package-lock.json" ||
   [[ ! -d "$runner/node_modules/playwright-core" ]]; then
  cp "$TMKIT_SOURCE_DIR/tests/browser/package.json" "$TMKIT_SOURCE_DIR/tests/browser/package-lock.json" "$runner/"
  (cd "$runner" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$TMKIT_SOURCE_DIR/tests/browser/names_test.mjs" "$runner/"

seed_tmx "$WORK/seed.tmx"
"$TMKIT" import --tm "$WORK/tm" "$WORK/seed.tmx" >/dev/null
start_server --tm "$WORK/tm" --glossary "$TMKIT_SOURCE_DIR/glossaries/names.tbx"
screenshot="$TMKIT_BUILD_DIR/artifacts/serve_names.png"
rm -f "$TMKIT_BUILD_DIR"/artifacts/serve_names*.png
CHROMIUM="$CHROMIUM" node "$runner/names_test.mjs" "$BASE/" "$screenshot"
[[ -s "$screenshot" ]] || { echo "FAIL: no screenshot at $screenshot" >&2; exit 1; }
