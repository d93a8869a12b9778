#!/usr/bin/env bash
# ci_install.sh: checks that `cmake --install` yields a usable CMake package.
# Installs minsense from build/ (configured and built here if needed, library
# targets only) into a temporary prefix, checks that the package refers to no
# path of this tree, then configures, builds and runs the consumer project
# tests/consumer/ against it (find_package(minsense CONFIG REQUIRED)).
#
#   scripts/ci_install.sh              # after scripts/build.sh, or alone
#   MINSENSE_BUILD_DIR=/tmp/b scripts/ci_install.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS

scripts/setup.sh
build_dir="${MINSENSE_BUILD_DIR:-build}"
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -G Ninja
fi
cmake --build "$build_dir" -j"$(nproc)" --target minsense minsense_c

work="$(mktemp -d "${TMPDIR:-/tmp}/minsense-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log"
echo "ci_install: installed $(find "$prefix" -type f | wc -l) files into a temporary prefix:"
(cd "$prefix" && find . -type f -name '*.a' -o -type f -name '*.so*' -o -type f -name '*.cmake' \
  -o -type f -name '*.proto' -o -type f -name 'minsense_c.h' | sort | sed 's/^/  /')

# The package must be relocatable: no path of the source or build tree.
if grep -rlF -e "$PWD" -e "$(cd "$build_dir" && pwd)" "$prefix/lib" --include='*.cmake'; then
  echo "ci_install: the installed package refers to the source or build tree" >&2
  exit 1
fi

cmake -S tests/consumer -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/consumer-configure.log" || {
  cat "$work/consumer-configure.log" >&2
  exit 1
}
cmake --build "$work/consumer" -j"$(nproc)"
ctest --test-dir "$work/consumer" --output-on-failure -V | grep -E '^[0-9]+: consumer|tests passed|Passed|Failed' || true
ctest --test-dir "$work/consumer" --output-on-failure >/dev/null

echo "ci_install: consumer project built and passed against the install ($((SECONDS - start)) s)"
