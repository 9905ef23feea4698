#!/usr/bin/env bash
# Configures and builds tmkit into build/ (or $TMKIT_BUILD_DIR); extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${TMKIT_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" 2>&1 | grep -E "error|warning: unused|FAILED" || true
cmake --build "$BUILD_DIR" -j"$(nproc)" >/dev/null  # fails loudly if the first pass did
