// window_stats_avx.h: the AVX lane kernels behind ComputeWindowStats and ComputeWindowShapeSums
// (x86-64, chosen at run time; see window_stats.h), and behind the mean and centring passes of
// NormalizedAutocorrelationFast (autocorrelation.h).
//
// The portable kernels keep four interleaved double partial sums per quantity (lane j takes the
// samples i = j mod 4) as two SSE2 registers each; these kernels keep the same four lanes in one
// 256-bit register and apply to each lane the same IEEE operations in the same order (separate
// multiply and add, no fused multiply-add), so every lane, and so every result, has the same
// bits. They cover the blocks of four samples only; the caller adds the tail and combines the
// lanes exactly as the portable kernels do. `blocks` = floor(N / 4); x holds 4 * blocks floats.
#ifndef MINSENSE_KERNELS_WINDOW_STATS_AVX_H_
#define MINSENSE_KERNELS_WINDOW_STATS_AVX_H_

#include <cstddef>

namespace minsense::kernels {

// WindowStatsAvxSupported is true when this CPU runs AVX and this file was built for it.
bool WindowStatsAvxSupported();

// WindowMomentLanesAvx adds, lane by lane, double(x[i]) to sum and double(x[i])^2 to squares,
// and takes the float min into lo and the max into hi (as Eigen's Array4f min/max do: on a tie
// or a NaN the sample wins), over the blocks. All arrays hold 4 lanes, updated in place.
void WindowMomentLanesAvx(const float* x, std::size_t blocks, double* sum, double* squares,
                          float* lo, float* hi);

// WindowDeviationLanesAvx adds (double(x[i]) - mean)^2 to deviations, lane by lane.
void WindowDeviationLanesAvx(const float* x, std::size_t blocks, double mean, double* deviations);

// WindowShapeLanesAvx adds double((x[i] - mean) * (x[i] - mean))^2 (float square) to fourth over
// every block, and double(x[i] - x[i-1])^2 (float difference) to differences over every block
// but the first, lane by lane.
void WindowShapeLanesAvx(const float* x, std::size_t blocks, float mean, double* differences,
                         double* fourth);

// WindowDeviationShapeLanesAvx is WindowDeviationLanesAvx(x, blocks, mean, deviations) and
// WindowShapeLanesAvx(x, blocks, mean_float, differences, fourth) in one pass.
void WindowDeviationShapeLanesAvx(const float* x, std::size_t blocks, double mean, float mean_float,
                                  double* deviations, double* differences, double* fourth);

// WindowSumLanesAvx adds, lane by lane, double(x[i]) to sum and double(x[i])^2 to squares.
void WindowSumLanesAvx(const float* x, std::size_t blocks, double* sum, double* squares);

// WindowCentreLanesAvx writes d[i] = float(double(x[i]) - mean) and adds (double(x[i]) - mean)^2
// to energy, lane by lane.
void WindowCentreLanesAvx(const float* x, std::size_t blocks, double mean, float* d,
                          double* energy);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_WINDOW_STATS_AVX_H_
