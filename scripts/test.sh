#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit + end-to-end) with ctest.
# With --sanitize it does the same in build-asan/ with AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-test-peers
if [[ "${1:-}" == "--sanitize" ]]; then
  export TMKIT_BUILD_DIR=build-asan
  # -O1 as the sanitizers' documentation advises, -g1 (line tables) for their reports: full debug
  # info of the template-heavy code doubled the build (10 min -> 4.6 min on 2 cores).
  scripts/build.sh -DTMKIT_SANITIZE=ON -DTMKIT_BENCHMARKS=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Every kill of tests/e2e/crash_safety.sh is an import plus a verify of a TM that grows by 2,000
  # units a round: 50 rounds took 131 s under ASan, a fifth of the suite. The plain run keeps 50;
  # here 12 rounds check the same code for memory errors.
  export CRASH_KILLS=${CRASH_KILLS:-12}
else
  export TMKIT_BUILD_DIR=build
  scripts/build.sh
fi
cd "$TMKIT_BUILD_DIR"
ctest --output-on-failure -j"$(nproc)"
