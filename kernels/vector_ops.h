// vector_ops.h: 3-axis helpers: magnitudes, projection, and a gravity (low-pass) estimate.
//
// The pipeline splits each accelerometer sample a (device frame, m/s^2, gravity included) into a
// slowly varying gravity estimate g (GravityFilter) and the dynamic part a - g; projecting the
// dynamic part onto g / |g| gives the "vertical" acceleration that carries the steps.
//
// Example:
//   GravityFilter gravity;
//   if (!gravity.Init(0.3f, 50.0f)) return false;
//   gravity.Prime(x, y, z);  // First sample: start at rest, no 2-3 s transient.
//   float gx, gy, gz;
//   gravity.Process(x, y, z, &gx, &gy, &gz);
//   const float g = Magnitude(gx, gy, gz);
//   const float vertical = g > 1.0f ? ProjectOnto(x - gx, y - gy, z - gz, gx / g, gy / g, gz / g)
//                                   : 0.0f;
#ifndef MINSENSE_KERNELS_VECTOR_OPS_H_
#define MINSENSE_KERNELS_VECTOR_OPS_H_

#include <array>
#include <cmath>
#include <cstddef>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kernels/biquad.h"

namespace minsense::kernels {

// SquaredMagnitude is x^2 + y^2 + z^2, the square of Magnitude before its root.
inline float SquaredMagnitude(float x, float y, float z) { return x * x + y * y + z * z; }

// Magnitude is the Euclidean norm sqrt(x^2 + y^2 + z^2), in the unit of the inputs.
inline float Magnitude(float x, float y, float z) { return std::sqrt(SquaredMagnitude(x, y, z)); }

// Magnitudes writes out[i] = Magnitude(x[i], y[i], z[i]) through Eigen array maps (vectorised,
// no allocation). The spans should have equal sizes; only the first min of the four sizes
// elements are computed.
void Magnitudes(std::span<const float> x, std::span<const float> y, std::span<const float> z,
                std::span<float> out);

// MagnitudesExactPortable writes out[i] = Magnitude(x[i], y[i], z[i]) for i < n, one at a time:
// the reference of MagnitudesExact.
inline void MagnitudesExactPortable(const float* x, const float* y, const float* z, float* out,
                                    std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = Magnitude(x[i], y[i], z[i]);
}

// MagnitudesExact is MagnitudesExactPortable with the same bits (Magnitudes does not promise
// them: Eigen's fast packet square root is an approximation). On x86-64, four samples at a time
// in SSE2 lanes: the same float multiplies and adds in the same order, and sqrtps, correctly
// rounded like the scalar square root (a sum of squares is never negative, so the scalar code's
// errno path is never taken). No allocation.
inline void MagnitudesExact(const float* x, const float* y, const float* z, float* out,
                            std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 4 <= n; i += 4) {
    const __m128 vx = _mm_loadu_ps(x + i);
    const __m128 vy = _mm_loadu_ps(y + i);
    const __m128 vz = _mm_loadu_ps(z + i);
    const __m128 sum =
        _mm_add_ps(_mm_add_ps(_mm_mul_ps(vx, vx), _mm_mul_ps(vy, vy)), _mm_mul_ps(vz, vz));
    _mm_storeu_ps(out + i, _mm_sqrt_ps(sum));
  }
#endif
  MagnitudesExactPortable(x + i, y + i, z + i, out + i, n - i);
}

// SquareRootsExact replaces each of the n values at v (none negative) by its square root, with
// the bits of std::sqrt one at a time: on x86-64 four at a time with sqrtps, which is correctly
// rounded like the scalar square root. No allocation.
inline void SquareRootsExact(float* v, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 4 <= n; i += 4) _mm_storeu_ps(v + i, _mm_sqrt_ps(_mm_loadu_ps(v + i)));
#endif
  for (; i < n; ++i) v[i] = std::sqrt(v[i]);
}

// ProjectOnto is the dot product of (x, y, z) with (ux, uy, uz). It is the component of the
// vector along the direction only if (ux, uy, uz) has unit length, which the caller ensures.
inline float ProjectOnto(float x, float y, float z, float ux, float uy, float uz) {
  return x * ux + y * uy + z * uz;
}

// GravityFilter estimates gravity in the device frame by low-passing each axis with its own
// 2nd-order Butterworth (one biquad per axis, see biquad.h). The estimate is what the
// accelerometer reads at rest; the caller forms the dynamic part a - g. Group delay at DC is
// sqrt(2) / (2 pi cutoff_hz) (0.75 s at 0.3 Hz); after a quick rotation the estimate overshoots
// by 4.3 % and is within 2 % of the new direction after ~0.9 / cutoff_hz seconds (3 s at
// 0.3 Hz). Leakage of a dynamic component at f >> cutoff_hz into the estimate is about
// (cutoff_hz / f)^2 (2.2 % at 2 Hz for 0.3 Hz). No allocation. Not thread-safe.
class GravityFilter {
 public:
  // Init designs the per-axis low-pass with cutoff_hz (typical 0.2-0.5 Hz) at sample_rate_hz
  // and zeroes the state. Returns false if cutoff_hz <= 0, cutoff_hz >= sample_rate_hz / 2,
  // sample_rate_hz <= 0 or either is not finite; the filter then passes its input through.
  bool Init(float cutoff_hz, float sample_rate_hz);

  // Process filters one sample (x, y, z) and writes the gravity estimate to *gx, *gy, *gz (any
  // of them may be null to skip it). Same unit as the input.
  void Process(float x, float y, float z, float* gx, float* gy, float* gz);

  // Prime sets the state as if (x, y, z) had been held forever: the next estimates start at it.
  // Call it with the first sample after Init or Reset (a device at rest reads ~gravity).
  void Prime(float x, float y, float z);

  // Reset zeroes the state (the estimate restarts from 0 unless primed) and keeps the design.
  void Reset();

 private:
  std::array<BiquadCascade, 3> axes_{};
};

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_VECTOR_OPS_H_
