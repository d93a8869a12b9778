#!/usr/bin/env bash
# setup.sh: installs the Debian 12 packages that minsense needs to build, test
# and benchmark. Idempotent: packages already installed are left alone, and
# apt-get runs only when something is missing.
#
#   sudo scripts/setup.sh      # or as root; as a user, only when all is there
set -euo pipefail

PACKAGES=(
  cmake
  g++
  ninja-build
  pkg-config
  libeigen3-dev
  libprotobuf-dev
  protobuf-compiler
  libtbb-dev
  libbenchmark-dev
  libgtest-dev
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup.sh: needs a Debian 12 system (dpkg-query and apt-get not found)" >&2
  exit 1
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup.sh: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup.sh: missing packages: ${missing[*]}; run this script as root (no sudo found)" >&2
  exit 1
fi

echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
