#!/usr/bin/env bash
# build.sh: installs what is missing (setup.sh), configures and builds
# minsense into build/ (Release unless CMAKE_BUILD_TYPE says otherwise).
# Extra arguments go to the cmake configure step.
#
#   scripts/build.sh
#   scripts/build.sh -DMINSENSE_BUILD_BENCH=OFF
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake -S . -B build -G Ninja "$@"
cmake --build build -j"$(nproc)"
