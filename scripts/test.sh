#!/usr/bin/env bash
# test.sh: builds minsense, then runs its tests with CTest. Extra arguments go
# to ctest.
#
#   scripts/test.sh              # every test
#   scripts/test.sh -L unit      # unit tests only (labels: unit, accuracy)
#   scripts/test.sh -R AccelCsv  # by name
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/build.sh
ctest --test-dir build --output-on-failure -j2 "$@"
