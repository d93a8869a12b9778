// cpu_features.h: what the CPU running this process supports, for the kernels that pick an AVX
// or AVX-512 path at run time (autocorrelation_lag_products, window_stats, harmonic_period).
//
// Defined in cpu_features.cc, which is compiled for the target's baseline (never with -mavx),
// so the kernels' AVX files may call it without their instructions leaking into it. Both
// answers are false off x86-64. Each is worked out once and cached; thread-safe.
//
//   if (CpuHasAvx()) return EnergiesAvx(...);
#ifndef MINSENSE_KERNELS_CPU_FEATURES_H_
#define MINSENSE_KERNELS_CPU_FEATURES_H_

namespace minsense::kernels {

// CpuHasAvx: the CPU and the OS support AVX (256-bit registers saved across context switches).
bool CpuHasAvx();

// CpuHasAvx512f: the CPU and the OS support AVX-512 Foundation.
bool CpuHasAvx512f();

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_CPU_FEATURES_H_
