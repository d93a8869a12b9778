// step_detector.h: streaming step (peak) detector for counting individual steps.
//
// Input: the band-passed vertical dynamic acceleration (m/s^2), one sample at a time at the
// internal rate. A heel strike shows as a sharp positive peak (the vertical axis points up,
// against gravity). Output: true on the sample that confirms a step.
//
// Method:
//  * Candidates are local maxima: x[n-1] > x[n-2] and x[n-1] >= x[n] (a plateau counts once),
//    so a step is confirmed one sample after its peak.
//  * A candidate counts only if it reaches the adaptive threshold
//      max(min_peak_mps2, threshold_fraction * amplitude_estimate),
//    where amplitude_estimate is an exponential average (weight 1/2) of recent step peak values
//    that also decays continuously with time constant 2 * max_step_interval_s. In steady walking
//    the estimate is 65-90 % of the step peak just before the next step, so the threshold sits
//    at ~0.25-0.35 of the peak for the default 0.4; after a pause it falls back to
//    min_peak_mps2, so softer steps are found again.
//  * Refractory interval: a candidate within max(min_step_interval_s, 0.6 * expected period) of
//    the previous step is merged with it, not counted; if it is higher, the step "moves" to it
//    (keep the larger: later candidates are timed from the bigger peak, and the amplitude
//    estimate learns the bigger value). The expected period comes from SetExpectedStepPeriod,
//    typically 60 / spm of a valid CadenceEstimate; it removes double counts of double-bump
//    steps (heel strike then toe-off) that min_step_interval_s alone cannot.
//
// O(1) per sample, no allocation, a few dozen bytes of state. Not thread-safe.
//
// Example:
//   StepDetector detector;
//   if (!detector.Init(StepDetectorConfig{})) return false;  // 50 Hz.
//   for (float v : vertical_block) steps += detector.Push(v) ? 1 : 0;
//   if (cadence.valid) detector.SetExpectedStepPeriod(60.0f / cadence.spm);
#ifndef MINSENSE_KERNELS_STEP_DETECTOR_H_
#define MINSENSE_KERNELS_STEP_DETECTOR_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace minsense::kernels {

// StepDetectorConfig parameterises StepDetector.
struct StepDetectorConfig {
  float sample_rate_hz = 50;          // Rate of the pushed samples, Hz. > 0.
  float min_step_interval_s = 0.25f;  // Shortest time between two steps (240 spm), s. > 0 and
                                      // at least one sample.
  float max_step_interval_s = 2.0f;   // Longest step period expected, s (> min_step_interval_s);
                                      // caps SetExpectedStepPeriod and sets the amplitude decay.
  float min_peak_mps2 = 0.6f;         // Absolute floor of the threshold, m/s^2. >= 0.
  float threshold_fraction = 0.4f;    // Relative threshold on the amplitude estimate, [0, 1].
};

// StepDetector finds step peaks in a stream (see the file comment).
class StepDetector {
 public:
  // Init validates config and resets the state. Returns false (the detector then never reports
  // a step) if a value is outside its documented range or not finite.
  bool Init(const StepDetectorConfig& config);

  // Push takes the next sample (m/s^2) and returns true if it confirms a step, i.e. the previous
  // sample was a peak that passed the threshold and the refractory interval. Confirmation lags
  // the peak by one sample. No allocation. Inline: it runs once per internal-rate sample, and
  // only a candidate peak leaves it (OnPeak).
  bool Push(float x);

  // PushBlock is Push of x[0], x[1], ... in order, with the detector's per-sample state held in
  // locals across the block: on_step(std::size_t i) is called, in order, for each i whose Push
  // would return true, and the state afterwards is Push's. on_step must not call this detector.
  template <typename OnStep>
  void PushBlock(std::span<const float> x, OnStep&& on_step);

  // SetExpectedStepPeriod sets the expected step period in seconds (e.g. 60 / spm from the
  // cadence estimator), clamped to max_step_interval_s; peaks closer than 0.6 of it to the last
  // step are merged (the larger kept). 0, negative or non-finite = unknown: only
  // min_step_interval_s applies.
  void SetExpectedStepPeriod(float seconds);

  // Reset forgets the samples, the last step, the amplitude estimate and the expected period;
  // keeps the config.
  void Reset();

 private:
  // OnPeak handles a local maximum of `value` at sample `index`; true if it is a new step.
  bool OnPeak(int64_t index, float value);

  StepDetectorConfig config_{};
  bool initialised_ = false;
  int64_t min_interval_samples_ = 1;
  int64_t refractory_samples_ = 1;
  float decay_per_sample_ = 1.0f;

  int64_t index_ = -1;               // Index of the newest sample.
  float previous_ = 0.0f;            // x[index_].
  float before_previous_ = 0.0f;     // x[index_ - 1].
  float amplitude_estimate_ = 0.0f;  // m/s^2.
  bool has_step_ = false;
  int64_t last_step_index_ = 0;
  float last_step_value_ = 0.0f;
};

inline bool StepDetector::Push(float x) {
  if (!initialised_) return false;
  ++index_;
  bool step = false;
  // The previous sample is a peak if it rose from the one before and does not rise further.
  if (index_ >= 2 && previous_ > before_previous_ && previous_ >= x) {
    step = OnPeak(index_ - 1, previous_);
  }
  before_previous_ = previous_;
  previous_ = x;
  amplitude_estimate_ *= decay_per_sample_;
  return step;
}

template <typename OnStep>
inline void StepDetector::PushBlock(std::span<const float> x, OnStep&& on_step) {
  if (!initialised_) return;
  int64_t index = index_;
  float previous = previous_;
  float before_previous = before_previous_;
  float amplitude = amplitude_estimate_;
  const float decay = decay_per_sample_;
  for (std::size_t i = 0; i < x.size(); ++i) {
    ++index;
    if (index >= 2 && previous > before_previous && previous >= x[i]) {
      amplitude_estimate_ = amplitude;  // OnPeak reads and updates the estimate.
      const bool step = OnPeak(index - 1, previous);
      amplitude = amplitude_estimate_;
      if (step) on_step(i);
    }
    before_previous = previous;
    previous = x[i];
    amplitude *= decay;
  }
  index_ = index;
  previous_ = previous;
  before_previous_ = before_previous;
  amplitude_estimate_ = amplitude;
}

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_STEP_DETECTOR_H_
