// autocorrelation_lag_products_avx.cc: the AVX lag-product and normalisation kernels (x86-64
// only; CMake compiles this file with -mavx -ffp-contract=off, see kernels/CMakeLists.txt).
//
// Nothing here may come from a header's inline functions (std::min, Eigen, ...): compiled with
// -mavx, the linker could keep this file's AVX copy of such a function for the whole program
// and run it on a CPU without AVX. Only the intrinsics (static, always inlined) and plain code.
#include <cstddef>

#include "kernels/autocorrelation_lag_products.h"
#include "kernels/cpu_features.h"

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__AVX__) && defined(__GNUC__)
#include <immintrin.h>

namespace minsense::kernels {
namespace {

// Rounding order (see the header): lag l keeps four float partial sums, one per column
// residue mod 4, fed four columns at a time; a 256-bit register holds the four sums of lag l
// (low half) and of lag l + 1 (high half). The pair of s is d[s .. s + 4) | d[s + 1 .. s + 5),
// the rows of lags l and l + 1 at one column step when s = l + j, so that each step is one load.
// Blocks start at multiples of 8, lag pairs at even offsets and steps are 4 columns long, so s
// is always even: the table keeps only those pairs, the pair of s at pairs + 4 s.

// Step adds one column step of the lag pair p (lags l + 2p, l + 2p + 1 of the pass starting at
// lag l) to its sums: at points at the pair of l + j, the step's window columns are w.
inline __m256 Step(const float* at, int p, __m256 w, __m256 sums) {
  return _mm256_add_ps(_mm256_mul_ps(_mm256_load_ps(at + 8 * p), w), sums);
}

// FinishBlock finishes the 8 lags l0 .. l0 + 7 from their four registers (sum<p> holds lag
// l0 + 2p in its low half and l0 + 2p + 1 in its high half) as Eigen's SSE2 kernel does: each
// lag's four sums combined as (s0 + s2) + (s1 + s3), then the leftover columns [from, width)
// added one by one, then stored as 0 + sum (Eigen adds the product to a zeroed destination,
// which turns -0 into +0). The eight lags go side by side, so each step is one vector operation.
inline void FinishBlock(__m256 sum0, __m256 sum1, __m256 sum2, __m256 sum3, const float* d,
                        std::size_t l0, std::size_t from, std::size_t width, float* products) {
  // In each 128-bit half: element 0 = s0 + s2, element 1 = s1 + s3.
  constexpr int kSwapPairs = _MM_SHUFFLE(1, 0, 3, 2);
  const __m256 t0 = _mm256_add_ps(sum0, _mm256_permute_ps(sum0, kSwapPairs));
  const __m256 t1 = _mm256_add_ps(sum1, _mm256_permute_ps(sum1, kSwapPairs));
  const __m256 t2 = _mm256_add_ps(sum2, _mm256_permute_ps(sum2, kSwapPairs));
  const __m256 t3 = _mm256_add_ps(sum3, _mm256_permute_ps(sum3, kSwapPairs));
  // Halves: u01 = [lag l0: s02 s13, l0 + 2: s02 s13 | lag l0 + 1 .., l0 + 3 ..], u23 likewise.
  const __m256 u01 = _mm256_shuffle_ps(t0, t1, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 u23 = _mm256_shuffle_ps(t2, t3, _MM_SHUFFLE(1, 0, 1, 0));
  // (s0 + s2) + (s1 + s3) for lags [0 2 4 6 | 1 3 5 7] (offsets from l0).
  const __m256 interleaved = _mm256_add_ps(_mm256_shuffle_ps(u01, u23, _MM_SHUFFLE(2, 0, 2, 0)),
                                           _mm256_shuffle_ps(u01, u23, _MM_SHUFFLE(3, 1, 3, 1)));
  // Into lag order [0 1 2 3 | 4 5 6 7].
  const __m256 swapped = _mm256_permute2f128_ps(interleaved, interleaved, 0x01);
  __m256 total = _mm256_permute2f128_ps(_mm256_unpacklo_ps(interleaved, swapped),
                                        _mm256_unpackhi_ps(interleaved, swapped), 0x20);
  // Leftover columns: column j of lag l0 + k is d[l0 + k + j] * d[j].
  for (std::size_t j = from; j < width; ++j) {
    const __m256 rows = _mm256_loadu_ps(d + l0 + j);
    total = _mm256_add_ps(total, _mm256_mul_ps(rows, _mm256_broadcast_ss(d + j)));
  }
  _mm256_storeu_ps(products + l0, _mm256_add_ps(_mm256_setzero_ps(), total));
}

}  // namespace

bool AutocorrelationLagProductsAvxSupported() { return CpuHasAvx(); }

std::size_t AutocorrelationLagProductsAvx(const float* d, std::size_t n, std::size_t num_lags,
                                          float* products) {
  if (n > kLagProductsAvxMaxSamples) return 0;
  const std::size_t full = num_lags / 8 * 8;
  if (full == 0) return 0;
  // Column steps read the pair of l0 + 2p + j with 2p <= 14 and j + 4 <= n - l0: s <= n + 10.
  // The even pairs are built 4 at a time: from a = d[s .. s + 8) and b = d[s + 1 .. s + 9), the
  // pair of s is the low halves of a and b, the pair of s + 4 their high halves (reads reach
  // d[n + 20], within the zeros that follow the window since num_lags >= 8 here).
  const std::size_t num_pairs = n + 11;
  alignas(32) float pairs[(kLagProductsAvxMaxSamples + 18) * 4];
  for (std::size_t s0 = 0; s0 < num_pairs; s0 += 8) {
    for (std::size_t k = 0; k < 4; k += 2) {
      const std::size_t s = s0 + k;
      const __m256 a = _mm256_loadu_ps(d + s);
      const __m256 b = _mm256_loadu_ps(d + s + 1);
      _mm256_store_ps(pairs + 4 * s, _mm256_permute2f128_ps(a, b, 0x20));
      _mm256_store_ps(pairs + 4 * (s + 4), _mm256_permute2f128_ps(a, b, 0x31));
    }
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
    const float* at = pairs + 4 * l0;
    for (std::size_t v = 0; v < steps_b; ++v, at += 16) {
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
    for (std::size_t v = steps_b; v < steps_a; ++v, at += 16) {
      const __m256 w = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      a2 = Step(at, 2, w, a2);
      a3 = Step(at, 3, w, a3);
    }
    FinishBlock(a0, a1, a2, a3, d, l0, 4 * steps_a, width_a, products);
    FinishBlock(b0, b1, b2, b3, d, l0 + 8, 4 * steps_b, width_b, products);
  }
  for (; l0 < full; l0 += 8) {
    const std::size_t width = n - l0;
    const std::size_t steps = width / 4;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const float* at = pairs + 4 * l0;
    for (std::size_t v = 0; v < steps; ++v, at += 16) {
      const __m256 w = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      a2 = Step(at, 2, w, a2);
      a3 = Step(at, 3, w, a3);
    }
    FinishBlock(a0, a1, a2, a3, d, l0, 4 * steps, width, products);
  }
  // pairs is a copy of the window's samples: wipe the part that was written (8 floats per even
  // s, s < num_pairs rounded up to 8) before the stack frame is released, in a way the optimiser
  // keeps (the empty asm claims to read the memory), as kernels/secure_zero.h does.
  const std::size_t written = 4 * ((num_pairs + 7) / 8 * 8);
  for (std::size_t i = 0; i < written; i += 8) _mm256_store_ps(pairs + i, _mm256_setzero_ps());
  __asm__ __volatile__("" : : "r"(pairs) : "memory");
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
