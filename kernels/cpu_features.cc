#include "kernels/cpu_features.h"

namespace minsense::kernels {

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)

// __builtin_cpu_supports checks the OS's saved register state (XGETBV) as well as CPUID.
bool CpuHasAvx() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") != 0;
  }();
  return has;
}

bool CpuHasAvx512f() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return has;
}

#else

bool CpuHasAvx() { return false; }
bool CpuHasAvx512f() { return false; }

#endif

}  // namespace minsense::kernels
