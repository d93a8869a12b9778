#!/usr/bin/env bash
# demo.sh: builds minsense, then replays the shipped sample recordings
# (data/sample/, see ATTRIBUTION.md there). The egress messages, one line each,
# go to stdout; the local ledger (what was read, rejected and emitted) goes to
# stderr as JSON.
#
#   scripts/demo.sh
#   scripts/demo.sh 2>/dev/null     # messages only
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/build.sh >&2

for recording in data/sample/walk_frontpocket_oxford.accel.csv \
                 data/sample/jog_frontpocket_motionsense.accel.csv; do
  echo "== ${recording}"
  build/tools/minsense replay --accel "$recording" --format text --report -
done
