// harmonic_period.h: the period of a window as the one whose first harmonics hold the most energy.
//
// HarmonicSum(x, P, K) = sum over k = 1..K of |sum_n (x[n] - mean(x)) e^(-2 pi i k n / P)|^2:
// the energy of the window's Fourier components at the first K harmonics of period P (samples,
// fractional). HarmonicSumPeriod searches P in [min_period, max_period] for its maximum.
//
// Why it is needed besides the autocorrelation (cadence_estimator.h): a sensor sampled at a low
// rate without an anti-aliasing filter folds its content above half that rate into the gait
// band. Walking at ~113 spm read at 12.5 Hz: the heel-strike harmonics at 6.25-12 Hz reappear at
// 12.5 Hz - k f (f the stride frequency). In the autocorrelation every such alias adds
// cos(2 pi 12.5 Hz tau) at lag tau = the stride: the same sign for all of them, so together they
// pull the peak towards a whole number of input sample intervals (80 ms) and lower it (measured
// on oxford-steps pocket windows: periodicity 0.93 -> 0.77, the stride lag's fraction of an
// input interval crowding near 0, cadence off by 4-8 spm in runs of windows). The harmonic sum
// only measures energy at k / P; an alias at 12.5 Hz - k f lands near a harmonic of P only by
// chance and then adds to that one harmonic alone, so the maximum stays near the true period.
// Searched within one input interval of the autocorrelation's stride, with the first 4
// harmonics of the stride, it brought the 95th percentile of the cadence error on oxford-steps
// read at 12.5 Hz from 6.19 to 4.40 spm (pipeline/motion_analyzer.cc).
//
// Search: grid_steps + 1 evenly spaced periods from min_period to max_period, then a parabola
// through the best grid point and its two neighbours, vertex clamped to +-half a grid step. A
// best point at either end of the range is no peak (the energy rises on outside the range, the
// period is elsewhere): the result is then NaN, and the caller keeps its own estimate.
//
// Cost: (grid_steps + 1) * K * x.size() Goertzel steps (a multiply and two adds in double, 16
// filters side by side per pass over x); no allocation. On x86-64 CPUs with AVX the filters run
// four to a register instead of two (chosen at run time), with the same bits as the portable
// code (HarmonicSumPeriodPortable, the reference it is tested against).
//
// Example (a stride of about 53 samples at 50 Hz, input at 12.5 Hz: one input interval is 4
// samples):
//   const double p = HarmonicSumPeriod(window, 53.0 - 4.0, 53.0 + 4.0, 4, 48);
//   if (std::isfinite(p)) spm = 120.0 * 50.0 / p;
#ifndef MINSENSE_KERNELS_HARMONIC_PERIOD_H_
#define MINSENSE_KERNELS_HARMONIC_PERIOD_H_

#include <span>

namespace minsense::kernels {

// kMaxHarmonics: the most harmonics HarmonicSum and HarmonicSumPeriod take.
inline constexpr int kMaxHarmonics = 16;

// HarmonicSum returns the sum described above, >= 0; NaN if x is empty, period is not finite or
// <= 0, or harmonics is outside [1, kMaxHarmonics].
double HarmonicSum(std::span<const float> x, double period, int harmonics);

// HarmonicSumPeriod returns the period (samples, fractional) in (min_period, max_period) that
// maximises HarmonicSum(x, period, harmonics), searched as described above. NaN if the largest
// grid value is at an end of the range, or if x holds fewer than 2 samples, a bound is not
// finite, min_period <= 0, max_period <= min_period, harmonics is outside [1, kMaxHarmonics]
// or grid_steps < 2.
double HarmonicSumPeriod(std::span<const float> x, double min_period, double max_period,
                         int harmonics, int grid_steps);

// HarmonicSumPeriodPortable is HarmonicSumPeriod with the target's baseline instructions on
// every CPU: the reference for the AVX path, bit for bit.
double HarmonicSumPeriodPortable(std::span<const float> x, double min_period, double max_period,
                                 int harmonics, int grid_steps);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_HARMONIC_PERIOD_H_
