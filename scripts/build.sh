#!/usr/bin/env bash
# Configures and builds tmkit into build/ (or $TMKIT_BUILD_DIR); extra arguments go to cmake.
# Shows how far the build is (a first build takes minutes on two cores): one line redrawn on a
# terminal, a line per tenth otherwise; compiler errors and the files that failed as they come.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${TMKIT_BUILD_DIR:-build}"
CMAKE="${TMKIT_CMAKE:-cmake}"
"$CMAKE" -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
show_progress() {
  local last=-1 tenth=-1 line pct
  while IFS= read -r line; do
    if [[ $line =~ ^\[\ *([0-9]+)%\] ]]; then
      pct=${BASH_REMATCH[1]}
      [[ $pct == "$last" ]] && continue
      last=$pct
      if [[ -t 2 ]]; then
        printf '\r   building tmkit: %3d%%' "$pct" >&2
      elif (( pct / 10 > tenth )); then
        tenth=$(( pct / 10 ))
        printf '   building tmkit: %3d%%\n' "$pct" >&2
      fi
    elif [[ $line =~ error|warning:\ unused|FAILED ]]; then
      [[ -t 2 ]] && printf '\n' >&2
      printf '%s\n' "$line" >&2
    fi
  done
  [[ -t 2 && $last -ge 0 ]] && printf '\n' >&2
  return 0
}
"$CMAKE" --build "$BUILD_DIR" -j"$(nproc)" 2>&1 | show_progress || true
"$CMAKE" --build "$BUILD_DIR" -j"$(nproc)" >/dev/null  # fails loudly if the first pass did
