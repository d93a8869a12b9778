// cadence_estimator.h: step cadence (steps per minute) from one window of a gait signal.
//
// Input: one window of the gravity-projected ("vertical") dynamic acceleration, band-passed to
// roughly 0.5-5 Hz, at the internal rate (typically 50 Hz, 6 s = 300 samples). Output: the
// cadence in steps/min and how periodic the window is at the step and stride lags.
//
// Why it is not "the highest autocorrelation peak": human gait repeats at two lags. One step
// (left -> right) is the period of the dominant component, but one stride (two steps, left ->
// left) is the true period of the signal, because the two legs differ; with a phone in a trouser
// pocket the stride peak is often clearly the stronger one. Picking it gives half the cadence.
// Harmonics of the heel strike can add a peak at half the step lag, which would double it.
//
// Method (the code in cadence_estimator.cc follows these numbers):
//  1. r = NormalizedAutocorrelation of the window over lags up to two of the longest step
//     periods (2 * 60 / min_spm s, the longest stride), capped at 3/4 of the window.
//  2. Candidates are positive local maxima of r after its main lobe (the first lag where
//     r <= 0; before it, noise makes spurious maxima on the slope down from r[0] = 1).
//  3. The fundamental period T0 is the SHORTEST candidate whose r is >= 0.8 of the highest
//     candidate's (after McLeod's "key maxima" pitch method): multiples of the period (2T0,
//     3T0, ...) have equal peaks, and the smallest lag is the period; a clearly weaker shorter
//     peak (asymmetric steps) does not qualify. If T0 is shorter than the shortest step period
//     (60 / max_spm s) the window is invalid: it repeats faster than anyone steps (a vibration),
//     and its multiples must not pass for steps.
//     3b. If peaks stand at T0 / 3 and 2 T0 / 3 (+-15 %), each with r >= 0.4 r(T0) and
//     r >= min_periodicity, and T0 / 3 is not shorter than the shortest step, the period is
//     T0 / 3: three repeats cannot be resolved by halving. (At a coarse rate a peak whose lag
//     falls between samples is lowered, so a later one at an integer lag can be the highest.)
//  4. Half-rate guard: if a peak exists at T0 / 2 (+-15 %), inside the step range, with
//     r >= 0.4 r(T0) and r >= min_periodicity, then T0 is the stride and T0 / 2 the step.
//     Otherwise T0 is the step, unless T0 is longer than the longest step period (then the
//     window is invalid: periodic, but not at a step-like lag).
//  5. Double-rate guard: a peak at half the true step lag has r < 0 (not a candidate) unless
//     the 2nd harmonic outweighs the fundamental, and even then it is chosen in step 3 only if
//     its peak is within 0.8 of the step peak; below 60 / max_spm s it is never a step.
//  6. Lags are refined by parabolic interpolation around the integer peak. When the stride peak
//     (near twice the step lag) is present, the step lag is taken as stride_lag / 2, which
//     halves the relative error.
//  7. Gait prior: a step slower than likely_min_spm is halved (the period spans one more
//     stride) until it is plausible, as long as the cadence stays within max_spm.
//     7b. When the prior would halve T0 (no step peak found) but r half T0 on is below -0.2
//     (an opposite phase, which no stride of two steps shows: a coarse input rate aliasing heel
//     strikes, so that the signal repeats well only where whole steps meet whole input samples),
//     the step is T0 / m (m = 3 .. 12) for the largest m whose lags between the multiples of T0
//     have a mean r >= min_periodicity and within 0.8 of the best such mean; if none, the
//     halving stands. One smooth cycle per period (a pedal stroke) is negative on average
//     between its multiples at every m.
//  8. valid requires periodicity >= min_periodicity, stride_periodicity >= min_periodicity
//     whenever the stride lag fits in the analysed lags (real gait always repeats at the stride;
//     band-limited noise rarely correlates at both lags), and spm in [min_spm, max_spm].
//
// Memory: Init allocates the autocorrelation scratch once; Estimate never allocates.
// Cost: O(N * max_lag), ~45k multiply-adds for 300 samples at the defaults.
//
// The estimator does not judge amplitude: a tiny periodic vibration is as periodic as walking.
// Gate on the window's standard deviation (window_stats.h) before trusting the cadence.
//
// Known limits (measured, left as they are):
//  - A stride made of three unequal pulses a third of a stride apart is read by step 3b as three
//    steps (1.5 x the cadence). From r alone it cannot be told from three equal repeats whose
//    peaks a coarse input rate has lowered: with 12.5 Hz input those peaks reach 0.4-0.95 of
//    r(T0), the range of such a stride's (0.5-0.65). Requiring equal thirds (refined peaks within
//    0.8 of r(T0)) fixed the synthetic case but cost 12.5 Hz input (sisfall running window
//    accuracy 95.2 -> 93.0 %, running recordings in 140-210 spm 96 -> 95 of 97, oxford-steps
//    MAE 1.81 -> 1.84) and changed three full-rate recordings, none for the better (a stairs
//    recording lost its steps). No recording here shows such a stride: a thigh IMU (hugadb)
//    walking has two pulses per stride (r peaks at the half stride at ~0.8 of the stride's),
//    and its cadence is read right.
//  - A signal with one pulse per stride and no step peak (a thigh IMU running) is read at the
//    stride rate when that is >= likely_min_spm: without amplitude it is the same signal as a
//    slow walk with equal steps. The caller's amplitude gate decides (motion_analyzer.cc).
//
// Example:
//   CadenceEstimator estimator;
//   if (!estimator.Init(CadenceEstimatorConfig{}, 300)) return false;  // 50 Hz, 40-240 spm.
//   CadenceEstimate c = estimator.Estimate(window);                   // window.size() <= 300.
//   if (c.valid) step_detector.SetExpectedStepPeriod(60.0f / c.spm);
#ifndef MINSENSE_KERNELS_CADENCE_ESTIMATOR_H_
#define MINSENSE_KERNELS_CADENCE_ESTIMATOR_H_

#include <limits>
#include <span>
#include <vector>

namespace minsense::kernels {

// CadenceEstimatorConfig parameterises CadenceEstimator.
struct CadenceEstimatorConfig {
  float sample_rate_hz = 50;  // Rate of the window samples, Hz. > 0.
  float min_spm = 40;         // Slowest cadence reported, steps/min. > 0.
  float max_spm = 240;        // Fastest cadence reported, steps/min. > min_spm; the shortest
                              // step period 60 / max_spm s must span >= 2 samples.
  // likely_min_spm: the gait prior. A fundamental period slower than this as a step is read as
  // a stride (two steps), even with no peak at half its lag, and halved again while still slower
  // (the period spans several strides), as long as the cadence stays within max_spm. Walking
  // below 70 spm is rare; a strong stride with a faint second step (phone in a trouser pocket)
  // is common.
  float likely_min_spm = 70;
  float min_periodicity = 0.3f;  // Least autocorrelation at the step (and stride) lag for a
                                 // valid estimate, in [0, 1).
};

// CadenceEstimate is the result for one window.
struct CadenceEstimate {
  bool valid = false;  // Walking/running-like periodicity found and spm within the config range.
  float spm = 0;       // Cadence, steps/min; 0 when !valid.
  // periodicity: the larger of r at the (refined) step lag and r at the stride lag, in
  // [-1, 1]; diagnostic when !valid (0 if no candidate was found).
  float periodicity = 0;
  // stride_periodicity: r at the stride (2-step) lag, in [-1, 1]; 0 if the stride lag does not
  // fit in the window's analysed lags (then it is not required for validity).
  float stride_periodicity = 0;
  // step_lag_periodicity: r at the (refined) step lag itself, in [-1, 1] (periodicity is the
  // stronger of it and the stride's); 0 when no step lag was chosen. When the gait prior halves a
  // slow period into two steps, it is r half that period on: strongly negative for one smooth
  // cycle per period (a thigh pedalling), positive for a stride of two steps.
  float step_lag_periodicity = 0;
  // window_sum_squares: sum of x[i]^2 over the window in double, bit-identical to the sum behind
  // ComputeWindowRms(x) (NormalizedAutocorrelationFast's sum_squares), so that a caller needing
  // both skips a pass; NaN when the autocorrelation was not computed (see Estimate).
  double window_sum_squares = std::numeric_limits<double>::quiet_NaN();
};

// CadenceEstimator estimates the step cadence of one window at a time (see the file comment).
// Stateless between calls apart from its scratch. Not thread-safe.
class CadenceEstimator {
 public:
  // Init validates config and allocates scratch for windows of up to max_window_samples.
  // Returns false if a config value is out of its documented range (or not finite), or if
  // max_window_samples cannot hold two of the shortest step periods plus 3 samples.
  bool Init(const CadenceEstimatorConfig& config, int max_window_samples);

  // Estimate returns the cadence of window x (oldest sample first). Invalid (valid = false)
  // before a successful Init, if x.size() > max_window_samples, if x is too short to hold two of
  // the shortest step periods, or if no step-like periodicity is found. No allocation.
  CadenceEstimate Estimate(std::span<const float> x);

  // Clear overwrites the scratch (the last window's autocorrelation) with zeros; the
  // configuration stays. For a caller that wipes what its windows left behind.
  void Clear();

  // Test hook: the autocorrelation scratch, to prove Clear zeroes it.
  std::span<const float> autocorrelation_for_testing() const { return r_; }

 private:
  CadenceEstimatorConfig config_{};
  int max_window_samples_ = 0;
  double min_step_lag_ = 0.0;  // Samples, 60 / max_spm * fs.
  double max_step_lag_ = 0.0;  // Samples, 60 / min_spm * fs.
  std::vector<float> r_;       // Autocorrelation scratch, sized once in Init.
};

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_CADENCE_ESTIMATOR_H_
