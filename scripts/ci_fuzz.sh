#!/usr/bin/env bash
# ci_fuzz.sh: builds the libFuzzer targets (tests/fuzz/) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer in a separate build folder,
# then runs each for a bounded time from its seed corpus. An input that makes
# a target crash is copied to tests/fuzz/regressions/<target>/ (commit it
# with the fix: the unit test fuzz_regression_test replays it) and the script
# fails. Warnings are not errors here (the g++ build enforces them; clang
# warns about other things). Installs clang and libclang-rt-14-dev only when
# they are missing.
#
#   scripts/ci_fuzz.sh                      # 60 s per target
#   FUZZ_SECONDS=600 scripts/ci_fuzz.sh     # longer
#   FUZZ_BUILD_DIR=/tmp/fuzz scripts/ci_fuzz.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
BUILD_DIR="${FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS=(csv_reader policy_parser push_api gps_csv_reader)
start=$SECONDS

scripts/setup.sh >/dev/null
missing=()
for package in clang-14 libclang-rt-14-dev; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "ci_fuzz: installing ${missing[*]}"
  as_root=()
  [[ "$(id -u)" -eq 0 ]] || as_root=(sudo)
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
  -DMINSENSE_SANITIZE=address,undefined \
  -DMINSENSE_BUILD_FUZZERS=ON -DMINSENSE_BUILD_TESTS=OFF -DMINSENSE_BUILD_BENCH=OFF \
  -DMINSENSE_WERROR=OFF >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${TARGETS[@]/%/_fuzzer}"
echo "ci_fuzz: build took $((SECONDS - start)) s"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for target in "${TARGETS[@]}"; do
  # Work on a copy of the seeds: the corpus grows while fuzzing and the
  # repository keeps only the hand-written seeds.
  work="$BUILD_DIR/work/$target"
  artifacts="$BUILD_DIR/artifacts/$target/"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work" "$artifacts"
  for seeds in tests/fuzz/corpus/"$target" tests/fuzz/regressions/"$target"; do
    if [[ -d "$seeds" ]]; then find "$seeds" -maxdepth 1 -type f -exec cp -t "$work" {} +; fi
  done
  t0=$SECONDS
  set +e
  "$BUILD_DIR/fuzz/${target}_fuzzer" "$work" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
    >"$BUILD_DIR/$target.log" 2>&1
  status=$?
  set -e
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD_DIR/$target.log" | grep -o '[0-9]*$' || true)"
  echo "ci_fuzz: $target: $((SECONDS - t0)) s, ${runs:-?} runs, corpus $(ls "$work" | wc -l) inputs, exit $status"
  if ((status != 0)); then
    tail -n 40 "$BUILD_DIR/$target.log" >&2
    mkdir -p tests/fuzz/regressions/"$target"
    for crash in "$artifacts"*; do
      [[ -f "$crash" ]] || continue
      cp "$crash" tests/fuzz/regressions/"$target"/
      echo "ci_fuzz: kept $crash as tests/fuzz/regressions/$target/$(basename "$crash")" >&2
    done
    failed+=("$target")
  fi
done

echo "ci_fuzz: took $((SECONDS - start)) s"
if ((${#failed[@]} > 0)); then
  echo "ci_fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
