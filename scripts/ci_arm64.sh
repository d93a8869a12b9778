#!/usr/bin/env bash
# ci_arm64.sh: the ARM64 stage of CI. Cross-compiles minsense for
# aarch64-linux-gnu (cmake/toolchains/aarch64-linux-gnu.cmake), runs the unit
# tests under qemu-user, replays the shipped recordings (data/sample/) with
# both the ARM64 and the x86-64 `minsense` and requires byte-identical
# messages and ledgers, and prints the ARM64 library sizes.
#
#   scripts/ci_arm64.sh             # as root, or with everything installed
#
# Installs what is missing: the cross compiler and qemu-user-static (apt-get,
# host packages), and the arm64 builds of protobuf, oneTBB and GoogleTest,
# which are downloaded with `apt-get download` and extracted into
# build-arm64/sysroot rather than installed: installing the -dev:arm64
# packages through multiarch drags in libc6-dev:arm64 and friends, which must
# have the host's exact versions and so upgrade host packages (systemd,
# openssl, ...) whenever the mirror is ahead of the host.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS
build_dir=build-arm64
sysroot="$PWD/$build_dir/sysroot"
host_build_dir="${MINSENSE_BUILD_DIR:-build}"

log() { echo "ci_arm64: $* ($((SECONDS - start)) s)"; }

as_root=()
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1; then as_root=(sudo); fi

# --- 1. Host packages: the x86-64 build's (setup.sh), a cross compiler, qemu.
scripts/setup.sh
CROSS_PACKAGES=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user-static)
missing=()
for package in "${CROSS_PACKAGES[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. arm64 libraries, extracted into a private sysroot.
ARM64_PACKAGES=(libprotobuf-dev libprotobuf32 libprotobuf-lite32 zlib1g zlib1g-dev
                libtbb-dev libtbb12 libtbbmalloc2 libtbbbind-2-5 libgtest-dev)
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  log "adding the arm64 architecture to dpkg"
  "${as_root[@]}" dpkg --add-architecture arm64
  "${as_root[@]}" apt-get update
elif [[ "$(apt-cache policy libprotobuf-dev:arm64 | awk '/Candidate:/ {print $2}')" =~ ^(|\(none\))$ ]]; then
  "${as_root[@]}" apt-get update
fi
wanted=""
for package in "${ARM64_PACKAGES[@]}"; do
  wanted+="$package=$(apt-cache policy "$package:arm64" | awk '/Candidate:/ {print $2}') "
done
if [[ ! -f "$sysroot/.packages" || "$(cat "$sysroot/.packages")" != "$wanted" ]]; then
  log "extracting ${#ARM64_PACKAGES[@]} arm64 packages into $build_dir/sysroot"
  rm -rf "$sysroot"
  mkdir -p "$sysroot"
  debs="$(mktemp -d "${TMPDIR:-/tmp}/minsense-arm64-debs.XXXXXX")"
  chmod 0777 "$debs"  # apt-get download runs as the _apt user when it can
  (cd "$debs" && apt-get download "${ARM64_PACKAGES[@]/%/:arm64}" >/dev/null)
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  rm -rf "$debs"
  # Absolute symlinks (libz.so -> /lib/...) must point into the tree.
  find "$sysroot" -type l -lname '/*' | while read -r link; do
    ln -sfn "$sysroot$(readlink "$link")" "$link"
  done
  printf '%s' "$wanted" >"$sysroot/.packages"
fi
# Generated code must match its runtime: host protoc == arm64 libprotobuf.
protoc_version="$(protoc --version | awk '{print $2}')"
arm64_protobuf="$(tr ' ' '\n' <"$sysroot/.packages" | sed -n 's/^libprotobuf-dev=//p')"
if [[ "$arm64_protobuf" != "$protoc_version"* && "$arm64_protobuf" != *":$protoc_version"* ]]; then
  echo "ci_arm64: host protoc $protoc_version does not match arm64 libprotobuf $arm64_protobuf" >&2
  exit 1
fi

# --- 3. Cross build: the libraries, the CLI and the tests; no benchmarks.
# Toolchain settings reach only a fresh cache.
if [[ -f "$build_dir/CMakeCache.txt" &&
      cmake/toolchains/aarch64-linux-gnu.cmake -nt "$build_dir/CMakeCache.txt" ]]; then
  rm -f "$build_dir/CMakeCache.txt"
fi
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
  -DMINSENSE_AARCH64_SYSROOT="$sysroot" \
  -DCMAKE_BUILD_TYPE=Release -DMINSENSE_BUILD_BENCH=OFF >"$build_dir.configure.log" 2>&1 || {
  cat "$build_dir.configure.log" >&2
  exit 1
}
rm -f "$build_dir.configure.log"
cmake --build "$build_dir" -j"$(nproc)"
log "ARM64 build done"

# --- 4. Unit tests under qemu-user. Tests that spawn the `minsense` CLI find
# it through $MINSENSE_BINARY_DIR/tools/minsense: without a binfmt_misc
# handler for aarch64 an emulated program cannot exec an ARM64 one, so that
# path is a host shell script that runs the ARM64 CLI under qemu.
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu
      -E "LD_LIBRARY_PATH=$sysroot/usr/lib/aarch64-linux-gnu:$sysroot/lib/aarch64-linux-gnu")
mkdir -p "$build_dir/qemu-bin/tools"
{
  echo '#!/bin/bash'
  printf 'exec'
  printf ' %q' "${qemu[@]}" "$PWD/$build_dir/tools/minsense"
  printf ' "$@"\n'
} >"$build_dir/qemu-bin/tools/minsense"
chmod +x "$build_dir/qemu-bin/tools/minsense"
MINSENSE_BINARY_DIR="$PWD/$build_dir/qemu-bin" \
  ctest --test-dir "$build_dir" -L unit -j"$(nproc)" --output-on-failure \
  >"$build_dir/ctest-unit.log" 2>&1 || true
grep -E 'tests passed|\*\*\*Failed|\*\*\*Exception|\*\*\*Timeout|Total Test time' "$build_dir/ctest-unit.log" || true
if ! grep -q ' 0 tests failed' "$build_dir/ctest-unit.log"; then
  echo "ci_arm64: ARM64 unit tests failed; see $build_dir/ctest-unit.log" >&2
  exit 1
fi
log "ARM64 unit tests passed"

# --- 5. Same input, same bytes: replay with both builds and compare.
# The x86-64 reference: build/ of scripts/test.sh (only the CLI is built here).
[[ -f "$host_build_dir/CMakeCache.txt" ]] || cmake -S . -B "$host_build_dir" -G Ninja
cmake --build "$host_build_dir" -j"$(nproc)" --target minsense_cli
out="$build_dir/replay-compare"
rm -rf "$out" && mkdir -p "$out"
recordings=(data/sample/*.csv)
compared=0
for recording in "${recordings[@]}"; do
  name="$(basename "$recording" .csv)"
  for emit in window change; do
    for format in jsonl binary; do
      args=(replay --accel "$recording" --emit "$emit" --format "$format")
      "$host_build_dir/tools/minsense" "${args[@]}" --report "$out/$name.$emit.$format.x86_64.ledger.json" \
        >"$out/$name.$emit.$format.x86_64"
      "${qemu[@]}" "$build_dir/tools/minsense" "${args[@]}" \
        --report "$out/$name.$emit.$format.arm64.ledger.json" >"$out/$name.$emit.$format.arm64"
      for suffix in "" .ledger.json; do
        if ! cmp -s "$out/$name.$emit.$format.x86_64$suffix" "$out/$name.$emit.$format.arm64$suffix"; then
          echo "ci_arm64: $recording --emit $emit --format $format: ARM64 and x86-64 differ ($suffix)" >&2
          diff "$out/$name.$emit.$format.x86_64$suffix" "$out/$name.$emit.$format.arm64$suffix" | head >&2 || true
          exit 1
        fi
        compared=$((compared + 1))
      done
    done
  done
  log "$recording: $(wc -l <"$out/$name.window.jsonl.arm64") window messages identical on ARM64 and x86-64"
done
log "replay: $compared output pairs byte-identical"

# --- 6. Sizes of what an app ships (stripped), and of protobuf's runtime.
strip_size() {
  local tmp
  tmp="$(mktemp)"
  aarch64-linux-gnu-strip --strip-unneeded -o "$tmp" "$1"
  stat -c %s "$tmp"
  rm -f "$tmp"
}
lib_c="$(readlink -f "$build_dir/pipeline/libminsense_c.so")"
static_total=0
for lib in pipeline/libminsense.a kernels/libminsense_kernels.a proto/libminsense_proto.a; do
  static_total=$((static_total + $(strip_size "$build_dir/$lib")))
done
echo "ci_arm64: ARM64 sizes, stripped (bytes):"
printf '  %-44s %9d\n' "libminsense_c.so (C API, all of minsense)" "$(strip_size "$lib_c")" \
  "libminsense.a + _kernels.a + _proto.a" "$static_total" \
  "libprotobuf.so.32 (Debian, runtime)" "$(strip_size "$(readlink -f "$sysroot/usr/lib/aarch64-linux-gnu/libprotobuf.so")")" \
  "libprotobuf-lite.so.32 (Debian)" "$(strip_size "$(readlink -f "$sysroot/usr/lib/aarch64-linux-gnu/libprotobuf-lite.so")")"
log "ARM64 stage passed"
