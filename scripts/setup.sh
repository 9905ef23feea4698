#!/usr/bin/env bash
# Installs every Debian package tmkit needs to build, run and test. Idempotent: when everything is
# present it prints nothing and touches nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config gettext
  libicu-dev libboost-dev libboost-locale-dev liblmdb-dev lmdb-utils libhunspell-dev libexpat1-dev
  libcli11-dev nlohmann-json3-dev libjemalloc-dev zlib1g-dev
  hunspell-en-us hunspell-ru hunspell-ar
  dict-freedict-eng-ara dict-freedict-ara-eng dict-freedict-eng-rus
  dict-freedict-deu-fra dict-freedict-fra-deu dict-freedict-hun-eng dict-freedict-eng-hun
  googletest libgtest-dev libbenchmark-dev
  libxml2-utils python3 clang libclang-rt-14-dev
)
# Extra packages the interop and browser tests drive (installed with --with-test-peers).
TEST_PEERS=(translate-toolkit omegat chromium chromium-driver wrk curl jq fonts-dejavu-core
            snakemake parallel slurm-wlm munge)

want=("${PACKAGES[@]}")
if [[ "${1:-}" == "--with-test-peers" ]]; then
  want+=("${TEST_PEERS[@]}")
  # The browser test drives Chromium from Node; an existing Node (with its own npm) is kept.
  command -v node >/dev/null && command -v npm >/dev/null || want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "tmkit setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
