// window_stats.h: summary statistics of one window of a signal.
//
// The activity classifier describes each window (typically 6 s of magnitude or vertical
// acceleration at the internal rate) by its mean, spread and range. Accumulation is in double,
// so a 9.81 m/s^2 offset does not swamp a 0.01 m/s^2 spread.
//
// Example:
//   WindowStats s = ComputeWindowStats(window);
//   const bool still = s.stddev < 0.05f;  // m/s^2
#ifndef MINSENSE_KERNELS_WINDOW_STATS_H_
#define MINSENSE_KERNELS_WINDOW_STATS_H_

#include <cmath>
#include <cstddef>
#include <span>

namespace minsense::kernels {

// WindowStats holds statistics of a window, in the unit of the samples (variance: unit^2).
// All fields are 0 for an empty window.
struct WindowStats {
  float mean = 0;      // Arithmetic mean.
  float variance = 0;  // Population variance: sum (x - mean)^2 / N (not N - 1). >= 0.
  float stddev = 0;    // sqrt(variance).
  float rms = 0;       // sqrt(sum x^2 / N): includes the mean, rms^2 = mean^2 + variance.
  float min = 0;       // Smallest sample.
  float max = 0;       // Largest sample.
};

// ComputeWindowStats computes WindowStats of x with two passes of double accumulators (the
// variance is the mean of squared deviations, not E[x^2] - mean^2, so no cancellation). An empty
// span gives all zeros. Samples should be finite: a NaN makes mean, variance, stddev and rms NaN
// (min and max are then unspecified). O(N), no allocation.
WindowStats ComputeWindowStats(std::span<const float> x);

// ComputeWindowStatsReference is the plain kernel (the oracle): the same two passes with one
// double accumulator per sum, in sample order. ComputeWindowStats keeps four interleaved
// partial sums per quantity instead (about 3x faster, see bench/README.md); the double sums then
// differ only in rounding order (relative ~1e-16), far below the float results' precision, so
// both give the same floats except in rare ties (window_stats_test.cc compares them).
WindowStats ComputeWindowStatsReference(std::span<const float> x);

// ComputeWindowRms is ComputeWindowStats(x).rms alone, bit-identical to it (the same four
// interleaved double partial sums of squares, combined in the same order) without the passes
// for the mean, the deviations and the range. 0 for an empty span. O(N), no allocation.
float ComputeWindowRms(std::span<const float> x);

// WindowRmsFromSumOfSquares is ComputeWindowRms's last step: float(sqrt(sum_squares / size)),
// for a caller that already holds the window's sum of squares formed as ComputeWindowRms forms
// it (CadenceEstimate::window_sum_squares). size > 0.
inline float WindowRmsFromSumOfSquares(double sum_squares, std::size_t size) {
  return static_cast<float>(std::sqrt(sum_squares / static_cast<double>(size)));
}

// WindowShapeSums holds the double sums behind two shape features of a window: the RMS of the
// sample-to-sample change (jerk) and the kurtosis.
struct WindowShapeSums {
  double difference_squares = 0;  // sum over i >= 1 of double(x[i] - x[i-1])^2 (float difference).
  double fourth_powers = 0;       // sum of double((x[i] - mean) * (x[i] - mean))^2 (float square).
};

// ComputeWindowShapeSums computes WindowShapeSums of x about `mean` (typically
// ComputeWindowStats(x).mean). Each term is formed exactly as the reference forms it (float
// difference and float square, then double); the sums keep four interleaved partial sums in one
// pass, so they differ from the reference only in the rounding order of the double additions.
// An empty span gives zeros. O(N), no allocation.
WindowShapeSums ComputeWindowShapeSums(std::span<const float> x, float mean);

// ComputeWindowShapeSumsReference is the plain kernel (the oracle): two passes, one double
// accumulator per sum, in sample order.
WindowShapeSums ComputeWindowShapeSumsReference(std::span<const float> x, float mean);

// On x86-64 CPUs with AVX (a build without FMA), ComputeWindowStats and ComputeWindowShapeSums
// keep their four double lanes in one 256-bit register instead of two
// SSE2 ones (window_stats_avx.h), chosen at run time; each lane takes the same operations in the
// same order, so the results have the same bits. The *Portable kernels are the Eigen code alone
// on every target: the oracle the AVX path is tested and benchmarked against.
WindowStats ComputeWindowStatsPortable(std::span<const float> x);
WindowShapeSums ComputeWindowShapeSumsPortable(std::span<const float> x, float mean);

// ComputeWindowStatsAndShapeSums returns ComputeWindowStats(x) and sets *shape (not null) to
// ComputeWindowShapeSums(x, ComputeWindowStats(x).mean), the same bits as the two calls, with
// the shape sums taken in the statistics' pass for the deviations instead of a pass of their
// own. ComputeWindowStatsAndShapeSumsPortable is its Eigen code alone, as above.
WindowStats ComputeWindowStatsAndShapeSums(std::span<const float> x, WindowShapeSums* shape);
WindowStats ComputeWindowStatsAndShapeSumsPortable(std::span<const float> x,
                                                   WindowShapeSums* shape);

// WindowStatsAvxInUse is true when the kernels above take the AVX path on this CPU.
bool WindowStatsAvxInUse();

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_WINDOW_STATS_H_
