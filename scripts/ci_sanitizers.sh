#!/usr/bin/env bash
# ci_sanitizers.sh: the whole test suite under AddressSanitizer +
# UndefinedBehaviorSanitizer (build-asan), then the parallel evaluation under
# ThreadSanitizer (build-tsan): `minsense eval --threads 2` over the corpora of
# MINSENSE_DATA_DIR and the EvaluateCorpora test (eval_determinism_test).
# Both builds use g++ (its libasan/libtsan come with it; setup.sh installs it).
#
#   scripts/ci_sanitizers.sh            # both
#   scripts/ci_sanitizers.sh asan       # one of them: asan or tsan
#   ASAN_BUILD_DIR=/tmp/a TSAN_BUILD_DIR=/tmp/t scripts/ci_sanitizers.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if (($# == 0)); then set -- asan tsan; fi
ASAN_DIR="${ASAN_BUILD_DIR:-build-asan}"
TSAN_DIR="${TSAN_BUILD_DIR:-build-tsan}"
start=$SECONDS
scripts/setup.sh >/dev/null
export MINSENSE_DATA_DIR="${MINSENSE_DATA_DIR:-$(cd .. && pwd)/shared/data}"

for stage in "$@"; do
  t0=$SECONDS
  case "$stage" in
    asan)
      cmake -S . -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMINSENSE_SANITIZE=address,undefined -DMINSENSE_BUILD_BENCH=OFF >/dev/null
      cmake --build "$ASAN_DIR" -j"$(nproc)"
      echo "ci_sanitizers: asan build took $((SECONDS - t0)) s"
      # The soak test runs 6 h of stream here instead of 24 (ASan is ~3x slower).
      # The activity model's cross-validations (25 trainings on the corpora) are
      # left to the plain build: instrumented, Eigen's training loops take over
      # 15 min. The training code still runs here, in mlp_test and in the
      # one full training of ActivityAccuracyTest.CommittedModelIsReproducible.
      ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
        MINSENSE_SOAK_HOURS="${MINSENSE_SOAK_HOURS:-6}" \
        ctest --test-dir "$ASAN_DIR" --output-on-failure -j"$(nproc)" --timeout 900 \
        -E '^ActivityAccuracyTest\.(LeaveSubjectsOut|CrossCorpus)$'
      ;;
    tsan)
      cmake -S . -B "$TSAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMINSENSE_SANITIZE=thread -DMINSENSE_BUILD_BENCH=OFF >/dev/null
      cmake --build "$TSAN_DIR" -j"$(nproc)" --target minsense_cli eval_determinism_test
      echo "ci_sanitizers: tsan build took $((SECONDS - t0)) s"
      # The suppressions cover only oneTBB's own task hand-off, which TSan cannot
      # see in Debian's uninstrumented libtbb (see the file).
      export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/reliability/tsan_suppressions.txt}"
      corpora=()
      for corpus in motionsense sisfall oxford-steps hugadb-thigh; do
        if [[ -f "$MINSENSE_DATA_DIR/$corpus/manifest.csv" ]]; then
          corpora+=("$MINSENSE_DATA_DIR/$corpus")
        fi
      done
      if ((${#corpora[@]} > 0)); then
        "$TSAN_DIR"/tools/minsense eval --corpus "${corpora[@]}" --json --threads 2 >/dev/null
        echo "ci_sanitizers: tsan eval --threads 2 over ${#corpora[@]} corpora: clean"
      else
        echo "ci_sanitizers: no corpora under $MINSENSE_DATA_DIR; tsan eval skipped" >&2
      fi
      MINSENSE_BINARY_DIR="$(cd "$TSAN_DIR" && pwd)" "$TSAN_DIR"/tests/eval_determinism_test
      ;;
    *)
      echo "ci_sanitizers: unknown stage '$stage' (asan or tsan)" >&2
      exit 2
      ;;
  esac
  echo "ci_sanitizers: $stage took $((SECONDS - t0)) s"
done
echo "ci_sanitizers: took $((SECONDS - start)) s"
