#!/usr/bin/env bash
# eval_speedup.sh: wall time of `minsense eval` over every corpus of the data
# folder with 1 thread and with N threads (default 2), and the speed-up.
#
#   bash bench/eval_speedup.sh [BUILD_DIR] [THREADS]
#
# BUILD_DIR defaults to build/; the data folder is MINSENSE_DATA_DIR (default
# <source>/../shared/data). Each setting runs RUNS times (default 3) and the
# best wall time counts (the machine may be shared). The outputs of the runs
# must be identical, or the script fails. It also prints the machine's ceiling
# (THREADS concurrent single-thread runs against one), so that a speed-up
# measured on a busy machine can be judged.
set -euo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-${source_dir}/build}"
threads="${2:-2}"
runs="${RUNS:-3}"
data_dir="${MINSENSE_DATA_DIR:-${source_dir}/../shared/data}"
minsense="${build_dir}/tools/minsense"

if [[ ! -x "${minsense}" ]]; then
  echo "eval_speedup.sh: ${minsense} not found; build the minsense_cli target first" >&2
  exit 2
fi
corpora=()
for manifest in "${data_dir}"/*/manifest.csv; do
  [[ -f "${manifest}" ]] && corpora+=("$(dirname "${manifest}")")
done
if [[ ${#corpora[@]} -eq 0 ]]; then
  echo "eval_speedup.sh: no corpus (*/manifest.csv) under ${data_dir}" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

# best_wall THREADS: the best wall time (seconds) of RUNS runs; keeps the output
# and writes the CPU seconds (user + sys) of that best run to ${tmp}/cpu.THREADS.
best_wall() {
  local n="$1" best="" wall cpu times
  for ((i = 0; i < runs; ++i)); do
    times=$( { TIMEFORMAT='%R %U %S'; time "${minsense}" eval --threads "${n}" \
      --corpus "${corpora[@]}" > "${tmp}/out.${n}" 2> /dev/null; } 2>&1)
    wall=$(echo "${times}" | awk '{print $1}')
    cpu=$(echo "${times}" | awk '{print $2 + $3}')
    if [[ -z "${best}" ]] || (($(echo "${wall} < ${best}" | bc -l))); then
      best="${wall}"
      echo "${cpu}" > "${tmp}/cpu.${n}"
    fi
  done
  echo "${best}"
}

# ceiling_wall: the best wall time of THREADS concurrent single-thread runs,
# i.e. what the machine can give a perfectly parallel job right now.
ceiling_wall() {
  local best="" start end wall
  for ((i = 0; i < runs; ++i)); do
    start=$(date +%s.%N)
    for ((j = 0; j < threads; ++j)); do
      "${minsense}" eval --threads 1 --corpus "${corpora[@]}" > /dev/null 2>&1 &
    done
    wait
    end=$(date +%s.%N)
    wall=$(echo "${end} - ${start}" | bc -l)
    if [[ -z "${best}" ]] || (($(echo "${wall} < ${best}" | bc -l))); then best="${wall}"; fi
  done
  echo "${best}"
}

one=$(best_wall 1)
many=$(best_wall "${threads}")
if ! cmp -s "${tmp}/out.1" "${tmp}/out.${threads}"; then
  echo "eval_speedup.sh: --threads 1 and --threads ${threads} disagree" >&2
  exit 1
fi
printf 'corpora: %s\n' "${corpora[*]##*/}"
# CPU seconds next to the wall time: a 1-thread run whose wall time is well above its CPU
# time waited for a core, i.e. the machine was busy and the figures are not clean.
printf 'eval --threads 1: %.3f s wall, %.3f s CPU (best of %d)\n' "${one}" \
  "$(cat "${tmp}/cpu.1")" "${runs}"
printf 'eval --threads %d: %.3f s wall, %.3f s CPU (best of %d)\n' "${threads}" "${many}" \
  "$(cat "${tmp}/cpu.${threads}")" "${runs}"
printf 'speed-up: %.2fx (goal >= 1.8x on 2 cores)\n' "$(echo "${one} / ${many}" | bc -l)"
# The machine's ceiling: THREADS independent processes against one. Well below
# THREADS when the machine is shared; then the speed-up above cannot reach it.
together=$(ceiling_wall)
printf 'machine ceiling now: %.2fx (%d concurrent --threads 1 runs: %.3f s wall)\n' \
  "$(echo "${threads} * ${one} / ${together}" | bc -l)" "${threads}" "${together}"
