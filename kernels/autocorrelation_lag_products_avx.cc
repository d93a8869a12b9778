// autocorrelation_lag_products_avx.cc: the AVX lag-product kernel (x86-64 only; CMake compiles
// this file with -mavx -ffp-contract=off, see kernels/CMakeLists.txt).
//
// Nothing here may come from a header's inline functions (std::min, Eigen, ...): compiled with
// -mavx, the linker could keep this file's AVX copy of such a function for the whole program
// and run it on a CPU without AVX. Only the intrinsics (static, always inlined) and plain code.
#include <cstddef>

#include "kernels/autocorrelation_lag_products.h"

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__AVX__)
#include <immintrin.h>

namespace minsense::kernels {
namespace {

// Rounding order (see the header): lag l keeps four float partial sums, one per column
// residue mod 4, fed four columns at a time; a 256-bit register holds the four sums of lag l
// (low half) and of lag l + 1 (high half). pairs[s] holds d[s .. s + 4) | d[s + 1 .. s + 5), the
// rows of lags l and l + 1 at one column step when s = l + j, so that each step is one load.

// Step adds one column step of the lag pair p (lags l + 2p, l + 2p + 1 of the pass starting at
// lag l) to its sums: at points at pairs[l + j], the step's window columns are w.
inline __m256 Step(const float* at, int p, __m256 w, __m256 sums) {
  return _mm256_add_ps(_mm256_mul_ps(_mm256_load_ps(at + 16 * p), w), sums);
}

// FinishLag combines the four partial sums of one lag as Eigen's SSE2 reduction does,
// ((s0 + s2) + (s1 + s3)), adds the leftover columns [from, width) one by one, and stores
// 0 + sum (Eigen adds the product to a zeroed destination, which turns -0 into +0).
inline void FinishLag(const float* sums, const float* row, const float* window, std::size_t from,
                      std::size_t width, float* out) {
  float total = (sums[0] + sums[2]) + (sums[1] + sums[3]);
  for (std::size_t j = from; j < width; ++j) total += row[j] * window[j];
  *out = 0.0f + total;
}

// FinishBlock finishes the 8 lags l0 .. l0 + 7 from their four registers.
inline void FinishBlock(const __m256* acc, const float* d, std::size_t l0, std::size_t from,
                        std::size_t width, float* products) {
  alignas(32) float sums[8];
  for (std::size_t p = 0; p < 4; ++p) {
    _mm256_store_ps(sums, acc[p]);
    const std::size_t lag = l0 + 2 * p;
    FinishLag(sums, d + lag, d, from, width, products + lag);
    FinishLag(sums + 4, d + lag + 1, d, from, width, products + lag + 1);
  }
}

}  // namespace

bool AutocorrelationLagProductsAvxSupported() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx") != 0;
}

std::size_t AutocorrelationLagProductsAvx(const float* d, std::size_t n, std::size_t num_lags,
                                          float* products) {
  if (n > kLagProductsAvxMaxSamples) return 0;
  const std::size_t full = num_lags / 8 * 8;
  if (full == 0) return 0;
  // Column steps read pairs[l0 + 2p + j] with 2p <= 14 and j + 4 <= n - l0: s <= n + 10.
  const std::size_t num_pairs = n + 11;
  alignas(32) float pairs[(kLagProductsAvxMaxSamples + 11) * 8];
  for (std::size_t s = 0; s < num_pairs; ++s) {
    const __m256 row_pair = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(d + s)),
                                                 _mm_loadu_ps(d + s + 1), 1);
    _mm256_store_ps(pairs + 8 * s, row_pair);
  }

  std::size_t l0 = 0;
  // Two blocks of 8 lags (l0 .. l0 + 15) per pass: eight independent sums hide the add latency.
  // Block A (width n - l0) has exactly two column steps more than block B (width n - l0 - 8).
  // The sums are named variables, not an array, so that they stay in registers.
  for (; l0 + 16 <= full; l0 += 16) {
    const std::size_t width_a = n - l0;
    const std::size_t width_b = width_a - 8;
    const std::size_t steps_b = width_b / 4;
    const std::size_t steps_a = steps_b + 2;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    __m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const float* at = pairs + 8 * l0;
    for (std::size_t v = 0; v < steps_b; ++v, at += 32) {
      const __m256 w = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      a2 = Step(at, 2, w, a2);
      a3 = Step(at, 3, w, a3);
      b0 = Step(at, 4, w, b0);
      b1 = Step(at, 5, w, b1);
      b2 = Step(at, 6, w, b2);
      b3 = Step(at, 7, w, b3);
    }
    for (std::size_t v = steps_b; v < steps_a; ++v, at += 32) {
      const __m256 w = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      a2 = Step(at, 2, w, a2);
      a3 = Step(at, 3, w, a3);
    }
    const __m256 block_a[4] = {a0, a1, a2, a3};
    const __m256 block_b[4] = {b0, b1, b2, b3};
    FinishBlock(block_a, d, l0, 4 * steps_a, width_a, products);
    FinishBlock(block_b, d, l0 + 8, 4 * steps_b, width_b, products);
  }
  for (; l0 < full; l0 += 8) {
    const std::size_t width = n - l0;
    const std::size_t steps = width / 4;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const float* at = pairs + 8 * l0;
    for (std::size_t v = 0; v < steps; ++v, at += 32) {
      const __m256 w = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      a2 = Step(at, 2, w, a2);
      a3 = Step(at, 3, w, a3);
    }
    const __m256 block[4] = {a0, a1, a2, a3};
    FinishBlock(block, d, l0, 4 * steps, width, products);
  }
  return full;
}

std::size_t NormalizeLagProductsAvx(const float* products, std::size_t n, std::size_t first_lag,
                                    std::size_t num_lags, double variance, float* r) {
  if (num_lags <= first_lag) return 0;
  const std::size_t count = (num_lags - first_lag) / 4 * 4;
  const __m256d var = _mm256_set1_pd(variance);
  const __m256d step = _mm256_set1_pd(4.0);
  // n - lag for the four lags, exact in double (integers far below 2^53).
  __m256d remaining = _mm256_sub_pd(_mm256_set1_pd(static_cast<double>(n - first_lag)),
                                    _mm256_set_pd(3.0, 2.0, 1.0, 0.0));
  for (std::size_t i = 0; i < count; i += 4) {
    const std::size_t lag = first_lag + i;
    const __m256d p = _mm256_cvtps_pd(_mm_loadu_ps(products + lag));
    const __m256d q = _mm256_div_pd(_mm256_div_pd(p, remaining), var);
    _mm_storeu_ps(r + lag, _mm256_cvtpd_ps(q));
    remaining = _mm256_sub_pd(remaining, step);
  }
  return count;
}

}  // namespace minsense::kernels

#else  // No AVX kernel in this build (not x86-64, or compiled without -mavx).

namespace minsense::kernels {

bool AutocorrelationLagProductsAvxSupported() { return false; }

std::size_t AutocorrelationLagProductsAvx(const float*, std::size_t, std::size_t, float*) {
  return 0;
}

std::size_t NormalizeLagProductsAvx(const float*, std::size_t, std::size_t, std::size_t, double,
                                    float*) {
  return 0;
}

}  // namespace minsense::kernels

#endif
