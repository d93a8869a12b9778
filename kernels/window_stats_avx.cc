// window_stats_avx.cc: the AVX lane kernels of the window statistics (x86-64 only; CMake
// compiles this file with -mavx -ffp-contract=off, see kernels/CMakeLists.txt).
//
// Nothing here may come from a header's inline functions (std::min, Eigen, ...): compiled with
// -mavx, the linker could keep this file's AVX copy of such a function for the whole program
// and run it on a CPU without AVX. Only the intrinsics (static, always inlined) and plain code.
#include "kernels/window_stats_avx.h"

#include <cstddef>

#include "kernels/cpu_features.h"

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__AVX__) && defined(__GNUC__)
#include <immintrin.h>

namespace minsense::kernels {

bool WindowStatsAvxSupported() { return CpuHasAvx(); }

void WindowMomentLanesAvx(const float* x, std::size_t blocks, double* sum, double* squares,
                          float* lo, float* hi) {
  __m256d s = _mm256_loadu_pd(sum);
  __m256d q = _mm256_loadu_pd(squares);
  __m128 l = _mm_loadu_ps(lo);
  __m128 h = _mm_loadu_ps(hi);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m128 v = _mm_loadu_ps(x + 4 * b);
    const __m256d d = _mm256_cvtps_pd(v);
    s = _mm256_add_pd(s, d);
    q = _mm256_add_pd(q, _mm256_mul_pd(d, d));
    // Eigen's pmin(a, b) / pmax(a, b) are _mm_min_ps(b, a) / _mm_max_ps(b, a).
    l = _mm_min_ps(v, l);
    h = _mm_max_ps(v, h);
  }
  _mm256_storeu_pd(sum, s);
  _mm256_storeu_pd(squares, q);
  _mm_storeu_ps(lo, l);
  _mm_storeu_ps(hi, h);
}

void WindowDeviationLanesAvx(const float* x, std::size_t blocks, double mean, double* deviations) {
  __m256d s = _mm256_loadu_pd(deviations);
  const __m256d m = _mm256_set1_pd(mean);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m256d d = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(x + 4 * b)), m);
    s = _mm256_add_pd(s, _mm256_mul_pd(d, d));
  }
  _mm256_storeu_pd(deviations, s);
}

void WindowShapeLanesAvx(const float* x, std::size_t blocks, float mean, double* differences,
                         double* fourth) {
  __m256d diff = _mm256_loadu_pd(differences);
  __m256d four = _mm256_loadu_pd(fourth);
  const __m128 m = _mm_set1_ps(mean);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m128 v = _mm_loadu_ps(x + 4 * b);
    const __m128 c = _mm_sub_ps(v, m);
    const __m256d d2 = _mm256_cvtps_pd(_mm_mul_ps(c, c));
    four = _mm256_add_pd(four, _mm256_mul_pd(d2, d2));
    if (b > 0) {
      const __m256d d = _mm256_cvtps_pd(_mm_sub_ps(v, _mm_loadu_ps(x + 4 * b - 1)));
      diff = _mm256_add_pd(diff, _mm256_mul_pd(d, d));
    }
  }
  _mm256_storeu_pd(differences, diff);
  _mm256_storeu_pd(fourth, four);
}

void WindowDeviationShapeLanesAvx(const float* x, std::size_t blocks, double mean, float mean_float,
                                  double* deviations, double* differences, double* fourth) {
  __m256d dev = _mm256_loadu_pd(deviations);
  __m256d diff = _mm256_loadu_pd(differences);
  __m256d four = _mm256_loadu_pd(fourth);
  const __m256d md = _mm256_set1_pd(mean);
  const __m128 mf = _mm_set1_ps(mean_float);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m128 v = _mm_loadu_ps(x + 4 * b);
    const __m256d d = _mm256_sub_pd(_mm256_cvtps_pd(v), md);
    dev = _mm256_add_pd(dev, _mm256_mul_pd(d, d));
    const __m128 c = _mm_sub_ps(v, mf);
    const __m256d d2 = _mm256_cvtps_pd(_mm_mul_ps(c, c));
    four = _mm256_add_pd(four, _mm256_mul_pd(d2, d2));
    if (b > 0) {
      const __m256d e = _mm256_cvtps_pd(_mm_sub_ps(v, _mm_loadu_ps(x + 4 * b - 1)));
      diff = _mm256_add_pd(diff, _mm256_mul_pd(e, e));
    }
  }
  _mm256_storeu_pd(deviations, dev);
  _mm256_storeu_pd(differences, diff);
  _mm256_storeu_pd(fourth, four);
}

void WindowSumLanesAvx(const float* x, std::size_t blocks, double* sum, double* squares) {
  __m256d s = _mm256_loadu_pd(sum);
  __m256d q = _mm256_loadu_pd(squares);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m256d d = _mm256_cvtps_pd(_mm_loadu_ps(x + 4 * b));
    s = _mm256_add_pd(s, d);
    q = _mm256_add_pd(q, _mm256_mul_pd(d, d));
  }
  _mm256_storeu_pd(sum, s);
  _mm256_storeu_pd(squares, q);
}

void WindowCentreLanesAvx(const float* x, std::size_t blocks, double mean, float* d,
                          double* energy) {
  __m256d e = _mm256_loadu_pd(energy);
  const __m256d m = _mm256_set1_pd(mean);
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m256d c = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(x + 4 * b)), m);
    _mm_storeu_ps(d + 4 * b, _mm256_cvtpd_ps(c));
    e = _mm256_add_pd(e, _mm256_mul_pd(c, c));
  }
  _mm256_storeu_pd(energy, e);
}

}  // namespace minsense::kernels

#else  // Not x86-64 with AVX: never chosen (WindowStatsAvxSupported is false).

namespace minsense::kernels {

bool WindowStatsAvxSupported() { return false; }
void WindowMomentLanesAvx(const float*, std::size_t, double*, double*, float*, float*) {}
void WindowDeviationLanesAvx(const float*, std::size_t, double, double*) {}
void WindowShapeLanesAvx(const float*, std::size_t, float, double*, double*) {}
void WindowDeviationShapeLanesAvx(const float*, std::size_t, double, float, double*, double*,
                                  double*) {}
void WindowSumLanesAvx(const float*, std::size_t, double*, double*) {}
void WindowCentreLanesAvx(const float*, std::size_t, double, float*, double*) {}

}  // namespace minsense::kernels

#endif
