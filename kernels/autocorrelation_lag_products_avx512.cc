// autocorrelation_lag_products_avx512.cc: the AVX-512 lag-product kernel (x86-64 only; CMake
// compiles this file with -mavx512f -ffp-contract=off, see kernels/CMakeLists.txt).
//
// Nothing here may come from a header's inline functions (std::min, Eigen, ...): compiled with
// -mavx512f, the linker could keep this file's AVX-512 copy of such a function for the whole
// program and run it on a CPU without AVX-512. Only the intrinsics (static, always inlined) and
// plain code.
#include <cstddef>

#include "kernels/autocorrelation_lag_products.h"
#include "kernels/cpu_features.h"

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__AVX512F__) && defined(__GNUC__)
#include <immintrin.h>

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_ps(), a self-initialised variable
// that -Wmaybe-uninitialized reports wherever they are inlined (a false positive: the
// instructions write every element).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace minsense::kernels {
namespace {

// Rounding order (see the header): lag l keeps four float partial sums, one per column
// residue mod 4, fed four columns at a time. A 512-bit register holds the four sums of four
// consecutive lags, one lag per 128-bit lane. The quad of s is d[s .. s + 4) | d[s + 1 .. s + 5) |
// d[s + 2 .. s + 6) | d[s + 3 .. s + 7), the rows of lags l .. l + 3 at one column step when
// s = l + j, so that each step is one load per four lags. Blocks start at multiples of 8 and
// steps are 4 columns long, so s is always a multiple of 4: the table keeps only those quads,
// the quad of s at quads + 4 s.

// Step adds one column step of the lag quad q (lags l + 4q .. l + 4q + 3 of the pass starting
// at lag l) to its sums: at points at the quad of l + j, the step's window columns are w.
inline __m512 Step(const float* at, int q, __m512 w, __m512 sums) {
  return _mm512_add_ps(_mm512_mul_ps(_mm512_load_ps(at + 16 * q), w), sums);
}

// FinishBlock finishes the 8 lags l0 .. l0 + 7 from their two registers (low: lags l0 .. l0 + 3,
// high: l0 + 4 .. l0 + 7) as Eigen's SSE2 kernel does: each lag's four sums combined as
// (s0 + s2) + (s1 + s3), then the leftover columns [from, width) added one by one, then stored
// as 0 + sum (Eigen adds the product to a zeroed destination, which turns -0 into +0).
inline void FinishBlock(__m512 low, __m512 high, const float* d, std::size_t l0, std::size_t from,
                        std::size_t width, float* products) {
  // In each 128-bit lane: element 0 = s0 + s2, element 1 = s1 + s3; then element 0 =
  // (s0 + s2) + (s1 + s3).
  constexpr int kSwapPairs = _MM_SHUFFLE(1, 0, 3, 2);
  constexpr int kSwapNeighbours = _MM_SHUFFLE(2, 3, 0, 1);
  const __m512 t_low = _mm512_add_ps(low, _mm512_permute_ps(low, kSwapPairs));
  const __m512 t_high = _mm512_add_ps(high, _mm512_permute_ps(high, kSwapPairs));
  const __m512 u_low = _mm512_add_ps(t_low, _mm512_permute_ps(t_low, kSwapNeighbours));
  const __m512 u_high = _mm512_add_ps(t_high, _mm512_permute_ps(t_high, kSwapNeighbours));
  // Element 0 of every lane, in lag order: u_low's four, then u_high's (indices 16 and up).
  const __m512i first_of_lanes =
      _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
  __m256 total = _mm512_castps512_ps256(_mm512_permutex2var_ps(u_low, first_of_lanes, u_high));
  // Leftover columns: column j of lag l0 + k is d[l0 + k + j] * d[j].
  for (std::size_t j = from; j < width; ++j) {
    const __m256 rows = _mm256_loadu_ps(d + l0 + j);
    total = _mm256_add_ps(total, _mm256_mul_ps(rows, _mm256_broadcast_ss(d + j)));
  }
  _mm256_storeu_ps(products + l0, _mm256_add_ps(_mm256_setzero_ps(), total));
}

}  // namespace

bool AutocorrelationLagProductsAvx512Supported() { return CpuHasAvx512f(); }

std::size_t AutocorrelationLagProductsAvx512(const float* d, std::size_t n, std::size_t num_lags,
                                             float* products) {
  if (n > kLagProductsAvxMaxSamples) return 0;
  const std::size_t full = num_lags / 8 * 8;
  if (full == 0) return 0;
  // Column steps read the quad of l0 + 8k + 4q + 4v (block k of a pass, q <= 1) with
  // 4v + 4 <= n - l0 - 8k, the width of that block: s <= n. A quad is d[s .. s + 16) permuted
  // (reads reach d[n + 15], within the zeros that follow the window).
  alignas(64) float quads[(kLagProductsAvxMaxSamples / 4 + 1) * 16];
  const __m512i rows_of_quad = _mm512_setr_epi32(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6);
  for (std::size_t s = 0; s <= n; s += 4) {
    _mm512_store_ps(quads + 4 * s, _mm512_permutexvar_ps(rows_of_quad, _mm512_loadu_ps(d + s)));
  }

  std::size_t l0 = 0;
  // Four blocks of 8 lags (l0 .. l0 + 31) per pass, eight registers of four lags: eight
  // independent sums hide the add latency. Each block (width n - l0 - 8k for block k) has
  // exactly two column steps more than the next. The sums are named variables, not an array,
  // so that they stay in registers.
  for (; l0 + 32 <= full; l0 += 32) {
    const std::size_t width_a = n - l0;
    const std::size_t steps_d = (width_a - 24) / 4;
    const std::size_t steps_c = steps_d + 2;
    const std::size_t steps_b = steps_d + 4;
    const std::size_t steps_a = steps_d + 6;
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    const float* at = quads + 4 * l0;
    std::size_t v = 0;
    for (; v < steps_d; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      b0 = Step(at, 2, w, b0);
      b1 = Step(at, 3, w, b1);
      c0 = Step(at, 4, w, c0);
      c1 = Step(at, 5, w, c1);
      d0 = Step(at, 6, w, d0);
      d1 = Step(at, 7, w, d1);
    }
    for (; v < steps_c; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      b0 = Step(at, 2, w, b0);
      b1 = Step(at, 3, w, b1);
      c0 = Step(at, 4, w, c0);
      c1 = Step(at, 5, w, c1);
    }
    for (; v < steps_b; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      b0 = Step(at, 2, w, b0);
      b1 = Step(at, 3, w, b1);
    }
    for (; v < steps_a; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
    }
    FinishBlock(a0, a1, d, l0, 4 * steps_a, width_a, products);
    FinishBlock(b0, b1, d, l0 + 8, 4 * steps_b, width_a - 8, products);
    FinishBlock(c0, c1, d, l0 + 16, 4 * steps_c, width_a - 16, products);
    FinishBlock(d0, d1, d, l0 + 24, 4 * steps_d, width_a - 24, products);
  }
  // Then at most one pass of two blocks (l0 .. l0 + 15), four registers. Block A (width n - l0)
  // has exactly two column steps more than block B (width n - l0 - 8).
  for (; l0 + 16 <= full; l0 += 16) {
    const std::size_t width_a = n - l0;
    const std::size_t width_b = width_a - 8;
    const std::size_t steps_b = width_b / 4;
    const std::size_t steps_a = steps_b + 2;
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, b0 = a0, b1 = a0;
    const float* at = quads + 4 * l0;
    for (std::size_t v = 0; v < steps_b; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
      b0 = Step(at, 2, w, b0);
      b1 = Step(at, 3, w, b1);
    }
    for (std::size_t v = steps_b; v < steps_a; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
    }
    FinishBlock(a0, a1, d, l0, 4 * steps_a, width_a, products);
    FinishBlock(b0, b1, d, l0 + 8, 4 * steps_b, width_b, products);
  }
  for (; l0 < full; l0 += 8) {
    const std::size_t width = n - l0;
    const std::size_t steps = width / 4;
    __m512 a0 = _mm512_setzero_ps(), a1 = a0;
    const float* at = quads + 4 * l0;
    for (std::size_t v = 0; v < steps; ++v, at += 16) {
      const __m512 w = _mm512_broadcast_f32x4(_mm_loadu_ps(d + 4 * v));
      a0 = Step(at, 0, w, a0);
      a1 = Step(at, 1, w, a1);
    }
    FinishBlock(a0, a1, d, l0, 4 * steps, width, products);
  }
  // quads is a copy of the window's samples: wipe the part that was written before the stack
  // frame is released, in a way the optimiser keeps (the empty asm claims to read the memory),
  // as kernels/secure_zero.h does.
  for (std::size_t s = 0; s <= n; s += 4) _mm512_store_ps(quads + 4 * s, _mm512_setzero_ps());
  __asm__ __volatile__("" : : "r"(quads) : "memory");
  return full;
}

}  // namespace minsense::kernels

#pragma GCC diagnostic pop

#else  // No AVX-512 kernel in this build (not x86-64, or compiled without -mavx512f).

namespace minsense::kernels {

bool AutocorrelationLagProductsAvx512Supported() { return false; }

std::size_t AutocorrelationLagProductsAvx512(const float*, std::size_t, std::size_t, float*) {
  return 0;
}

}  // namespace minsense::kernels

#endif
