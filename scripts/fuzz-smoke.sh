#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/*_fuzz.cc) with clang into build-fuzz/ and runs each
# on its seed corpus for a short while (FUZZ_SECONDS, default 30). A crash, leak or sanitizer
# report fails the script; the reproducer is left in build-fuzz/findings/. Usage:
#   scripts/fuzz-smoke.sh [HARNESS...]      e.g. scripts/fuzz-smoke.sh tbx_fuzz
# Long runs: FUZZ_SECONDS=1800 scripts/fuzz-smoke.sh tmx_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${TMKIT_FUZZ_BUILD_DIR:-build-fuzz}"
SECONDS_EACH="${FUZZ_SECONDS:-30}"
CXX_COMPILER="${CXX:-clang++}"
[[ "$CXX_COMPILER" == *clang* ]] || CXX_COMPILER=clang++
command -v "$CXX_COMPILER" >/dev/null || { echo "fuzz-smoke: $CXX_COMPILER not found (apt-get install clang)" >&2; exit 3; }

harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then
  for src in tests/fuzz/*_fuzz.cc; do harnesses+=("$(basename "$src" .cc)"); done
fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTMKIT_FUZZERS=ON -DTMKIT_TESTS=OFF -DTMKIT_BENCHMARKS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${harnesses[@]}" >/dev/null

export TMKIT_SHARED_DIR="${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$BUILD_DIR/findings"
rm -f "$BUILD_DIR"/*.failed
# Runs one harness; on failure prints its log's tail and leaves BUILD_DIR/HARNESS.failed.
run_one() {
  local h=$1
  local seeds="tests/fuzz/corpus/${h%_fuzz}"
  local work="$BUILD_DIR/corpus/${h%_fuzz}"   # grows as the fuzzer learns; the committed seeds stay put
  mkdir -p "$work"
  local dict=(); [[ -f "tests/fuzz/${h%_fuzz}.dict" ]] && dict=(-dict="tests/fuzz/${h%_fuzz}.dict")
  if ! "$BUILD_DIR/bin/$h" "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=2560 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD_DIR/findings/$h-" \
       "$work" "$seeds" >"$BUILD_DIR/$h.log" 2>&1; then
    { echo "fuzz-smoke: $h FAILED; log: $BUILD_DIR/$h.log"; tail -n 40 "$BUILD_DIR/$h.log"; } >&2
    touch "$BUILD_DIR/$h.failed"
  else
    echo "fuzz-smoke: $h: $(grep -E "^stat::number_of_executed_units|^Done" "$BUILD_DIR/$h.log" | tr '\n' ' ')"
  fi
}
# One harness per core at a time: each still gets a whole core for SECONDS_EACH.
jobs_max=$(nproc)
for h in "${harnesses[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do wait -n || true; done
  echo "fuzz-smoke: $h for ${SECONDS_EACH}s"
  run_one "$h" &
done
wait
failed=("$BUILD_DIR"/*.failed)
[[ -e "${failed[0]}" ]] && exit 1
exit 0
