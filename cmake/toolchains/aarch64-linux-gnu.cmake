# aarch64-linux-gnu.cmake: cross-compiles minsense for 64-bit ARM Linux with
# Debian's g++-aarch64-linux-gnu, and runs the results under qemu-user.
#
# The arm64 libraries (protobuf, oneTBB, GoogleTest) come either from Debian
# multiarch packages (apt-get install libprotobuf-dev:arm64 ..., into
# /usr/lib/aarch64-linux-gnu) or from arm64 packages extracted into a private
# tree, MINSENSE_AARCH64_SYSROOT (scripts/ci_arm64.sh does the latter so that
# the host's packages are left alone). Eigen is header-only and taken from the
# host; protoc runs on the host and must be the version of the arm64 library.
#
#   cmake -S . -B build-arm64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#     -DMINSENSE_AARCH64_SYSROOT=$PWD/build-arm64-sysroot   # optional
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# The sysroot path reaches try_compile projects through the environment.
if(MINSENSE_AARCH64_SYSROOT)
  set(ENV{MINSENSE_AARCH64_SYSROOT} "${MINSENSE_AARCH64_SYSROOT}")
elseif(DEFINED ENV{MINSENSE_AARCH64_SYSROOT})
  set(MINSENSE_AARCH64_SYSROOT "$ENV{MINSENSE_AARCH64_SYSROOT}")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MINSENSE_AARCH64_SYSROOT)

# Libraries, headers and packages: the extracted tree first, then the
# cross toolchain's own tree, then multiarch paths of the host filesystem
# (/usr/lib/aarch64-linux-gnu, and arch-independent /usr/include/eigen3).
# Programs (protoc) always come from the host.
set(CMAKE_FIND_ROOT_PATH ${MINSENSE_AARCH64_SYSROOT} /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(_minsense_emulator_env)
if(MINSENSE_AARCH64_SYSROOT)
  # Debian 12 packages still put some libraries (libz) under /lib.
  set(_libdirs ${MINSENSE_AARCH64_SYSROOT}/usr/lib/aarch64-linux-gnu
               ${MINSENSE_AARCH64_SYSROOT}/lib/aarch64-linux-gnu)
  # Shared libraries needed by shared libraries (libz for libprotobuf).
  foreach(_dir ${_libdirs})
    string(APPEND CMAKE_EXE_LINKER_FLAGS_INIT " -Wl,-rpath-link,${_dir}")
    string(APPEND CMAKE_SHARED_LINKER_FLAGS_INIT " -Wl,-rpath-link,${_dir}")
  endforeach()
  string(REPLACE ";" ":" _path "${_libdirs}")
  set(_minsense_emulator_env -E LD_LIBRARY_PATH=${_path})
endif()

# Test programs (and gtest discovery) run under qemu-user, with the cross
# toolchain's libc and libstdc++ (-L).
find_program(MINSENSE_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(MINSENSE_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR
      ${MINSENSE_QEMU_AARCH64} -L /usr/aarch64-linux-gnu ${_minsense_emulator_env})
endif()
