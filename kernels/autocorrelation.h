// autocorrelation.h: normalised autocorrelation of one window (the periodicity measure).
//
// r[l] says how similar the window is to itself shifted by l samples: 1 for a perfect repeat,
// about 0 for unrelated samples, -1 for an inverted repeat. The cadence estimator reads the step
// and stride periods off its peaks.
//
// Definition (mean removed, unbiased per-lag normalisation, so r[0] = 1):
//   d[n] = x[n] - mean(x),   N = x.size()
//   r[l] = ( sum_{n=0}^{N-l-1} d[n] d[n+l] / (N - l) ) / ( sum_{n=0}^{N-1} d[n]^2 / N )
// Dividing by N - l instead of N keeps a periodic signal's peaks near 1 at long lags (the
// biased form tapers them by (N - l) / N), at the cost of more variance at lags close to N:
// keep max_lag well below N (the cadence estimator uses at most 3/4 N).
//
// NormalizedAutocorrelation is the plain reference kernel (the oracle), double accumulators,
// O(N * (max_lag + 1)): 300 samples and 150 lags is ~45k multiply-adds, a few tens of
// microseconds on a phone core. NormalizedAutocorrelationFast is the vectorised float version
// the cadence estimator uses (see bench/README.md for the figures).
//
// Example:
//   std::array<float, 151> r;
//   NormalizedAutocorrelation(window, 150, r);  // window.size() > 150.
#ifndef MINSENSE_KERNELS_AUTOCORRELATION_H_
#define MINSENSE_KERNELS_AUTOCORRELATION_H_

#include <span>

namespace minsense::kernels {

// NormalizedAutocorrelation writes r[l] for l = 0 .. max_lag as defined in the file comment.
// Requirements: r.size() >= max_lag + 1 and max_lag < x.size(). Out-of-contract calls are
// defined, not errors: only r[0, min(r.size(), max_lag + 1)) is written (nothing if
// max_lag < 0), and lags l >= x.size() get 0. A window with no variation (empty, all equal, or a
// spread below 1e-6 of its RMS, i.e. float rounding of a constant) gets r = 0 everywhere,
// including r[0]. No allocation.
void NormalizedAutocorrelation(std::span<const float> x, int max_lag, std::span<float> r);

// kAutocorrelationFastMaxSamples is the longest window NormalizedAutocorrelationFast handles
// itself (its scratch lives on the stack: 2 * kAutocorrelationFastMaxSamples floats, 16 KiB,
// and the part that held the window is zeroed before it returns); longer windows go to the
// reference kernel.
inline constexpr int kAutocorrelationFastMaxSamples = 2048;

// NormalizedAutocorrelationFast computes the same r as NormalizedAutocorrelation, with the same
// contract (out-of-contract calls, the no-variation rule and r[0] = 1 included), but
// vectorised: the mean, the energy and the no-variation test stay in double, the lag products
// are float sums over the mean-removed window (autocorrelation_lag_products.h: Eigen
// matrix-vector products, or on an x86-64 CPU with AVX a kernel with the same rounding; the
// result does not depend on which runs).
// Tolerance against the reference: |r_fast[l] - r[l]| <= 1e-4 for l <= 3/4 N (float
// accumulation; typically ~1e-6), checked in autocorrelation_test.cc. Windows longer than
// kAutocorrelationFastMaxSamples use the reference. No allocation.
// If sum_squares is not null, it receives the window's sum of x[i]^2 in double as its pass for
// the mean forms it, four interleaved partial sums (lane j takes i = j mod 4, the tail goes to
// lane 0, combined as (s0 + s1) + (s2 + s3)): the same bits as the sum behind ComputeWindowRms
// (window_stats.h), so a caller needing both reads it here instead of another pass. NaN when
// that pass did not run (max_lag < 0, an empty window, or a window longer than
// kAutocorrelationFastMaxSamples).
void NormalizedAutocorrelationFast(std::span<const float> x, int max_lag, std::span<float> r,
                                   double* sum_squares = nullptr);

// NormalizedAutocorrelationFastPortableSums is NormalizedAutocorrelationFast with its mean and
// centring passes in Eigen's SSE2 lanes on every CPU; NormalizedAutocorrelationFast runs them in
// AVX lanes when the window statistics do (WindowStatsAvxInUse, window_stats.h), with the same
// bits. The oracle for that choice (the lag products are chosen as in the fast kernel).
void NormalizedAutocorrelationFastPortableSums(std::span<const float> x, int max_lag,
                                               std::span<float> r, double* sum_squares = nullptr);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_AUTOCORRELATION_H_
