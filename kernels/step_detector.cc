// step_detector.cc: local maxima, adaptive threshold, refractory merge.
#include "kernels/step_detector.h"

#include <algorithm>
#include <cmath>

namespace minsense::kernels {
namespace {

// kEstimateWeight: weight of a new step peak in the amplitude estimate.
constexpr float kEstimateWeight = 0.5f;
// kRefractoryFraction: peaks closer than this fraction of the expected period are merged.
constexpr double kRefractoryFraction = 0.6;

}  // namespace

bool StepDetector::Init(const StepDetectorConfig& config) {
  initialised_ = false;
  Reset();
  const StepDetectorConfig& c = config;
  if (!std::isfinite(c.sample_rate_hz) || c.sample_rate_hz <= 0.0f) return false;
  if (!std::isfinite(c.min_step_interval_s) || !std::isfinite(c.max_step_interval_s)) return false;
  if (c.min_step_interval_s <= 0.0f || c.max_step_interval_s <= c.min_step_interval_s) {
    return false;
  }
  if (!std::isfinite(c.min_peak_mps2) || c.min_peak_mps2 < 0.0f) return false;
  if (!std::isfinite(c.threshold_fraction) || c.threshold_fraction < 0.0f ||
      c.threshold_fraction > 1.0f) {
    return false;
  }
  const double fs = static_cast<double>(c.sample_rate_hz);
  const double min_interval = std::round(static_cast<double>(c.min_step_interval_s) * fs);
  if (min_interval < 1.0) return false;
  config_ = config;
  min_interval_samples_ = static_cast<int64_t>(min_interval);
  refractory_samples_ = min_interval_samples_;
  const double tau_samples = 2.0 * static_cast<double>(c.max_step_interval_s) * fs;
  decay_per_sample_ = static_cast<float>(std::exp(-1.0 / tau_samples));
  initialised_ = true;
  return true;
}

bool StepDetector::OnPeak(int64_t index, float value) {
  const float threshold =
      std::max(config_.min_peak_mps2, config_.threshold_fraction * amplitude_estimate_);
  if (value < threshold) return false;
  const bool learn_first = amplitude_estimate_ <= 0.0f;
  if (has_step_ && index - last_step_index_ < refractory_samples_) {
    // Same step: keep the larger peak as the step's time and amplitude.
    if (value > last_step_value_) {
      last_step_index_ = index;
      last_step_value_ = value;
      amplitude_estimate_ += kEstimateWeight * (value - amplitude_estimate_);
    }
    return false;
  }
  has_step_ = true;
  last_step_index_ = index;
  last_step_value_ = value;
  amplitude_estimate_ =
      learn_first ? value : amplitude_estimate_ + kEstimateWeight * (value - amplitude_estimate_);
  return true;
}

void StepDetector::SetExpectedStepPeriod(float seconds) {
  if (!initialised_) return;
  if (!std::isfinite(seconds) || seconds <= 0.0f) {
    refractory_samples_ = min_interval_samples_;
    return;
  }
  const double period =
      std::min(static_cast<double>(seconds), static_cast<double>(config_.max_step_interval_s));
  const double samples =
      std::round(kRefractoryFraction * period * static_cast<double>(config_.sample_rate_hz));
  refractory_samples_ = std::max(min_interval_samples_, static_cast<int64_t>(samples));
}

void StepDetector::Reset() {
  refractory_samples_ = min_interval_samples_;
  index_ = -1;
  previous_ = 0.0f;
  before_previous_ = 0.0f;
  amplitude_estimate_ = 0.0f;
  has_step_ = false;
  last_step_index_ = 0;
  last_step_value_ = 0.0f;
}

}  // namespace minsense::kernels
