#include "pipeline/activity_features.h"

#include <algorithm>
#include <cmath>

namespace minsense {
namespace {

constexpr std::array<std::string_view, kActivityFeatureCount> kNames = {
    "log_magnitude_std",        // log(|a| std + 0.05 m/s^2)
    "log_gait_rms",             // log(gait-band RMS + 0.05 m/s^2)
    "periodicity",              // autocorrelation at the step lag
    "stride_periodicity",       // autocorrelation at the stride lag
    "step_lag_periodicity",     // autocorrelation at the step lag itself
    "cadence_valid",            // 1 when a gait period was found
    "cadence_per_120spm",       // cadence / 120 spm when valid, else 0
    "log_orientation_change",   // log(orientation change + 0.05 m/s^2)
    "log_jerk_rms",             // log(jerk RMS + 0.5 m/s^3)
    "log_magnitude_kurtosis",   // log(kurtosis of |a| + 0.1), 0.1 for a flat window
    "min_over_mean_magnitude",  // smallest |a| / mean |a| (flight phase: towards 0)
    "max_over_mean_magnitude",  // largest |a| / mean |a| (landing impact)
};

// Finite clamps features into a range no real window leaves, so a garbage
// value can never push the network into a region it was not trained on.
float Finite(float v, float lo, float hi) {
  if (!std::isfinite(v)) return lo;
  return std::clamp(v, lo, hi);
}

// RatioToMean is v / mean |a|, robust to an accelerometer's scale error; 1
// when the mean is not usable.
float RatioToMean(float v, float mean) {
  if (!std::isfinite(v) || !std::isfinite(mean) || mean < 1.0f) return 1.0f;
  return Finite(v / mean, 0.0f, 10.0f);
}

}  // namespace

std::span<const std::string_view> ActivityFeatureNames() { return kNames; }

std::array<float, kActivityFeatureCount> ActivityFeatureVector(const WindowFeatures& f) {
  auto log_of = [](float v, float offset) { return std::log(Finite(v, 0.0f, 1e4f) + offset); };
  return {
      log_of(f.magnitude_std_mps2, 0.05f),
      log_of(f.gait_rms_mps2, 0.05f),
      Finite(f.periodicity, -1.0f, 1.0f),
      Finite(f.stride_periodicity, -1.0f, 1.0f),
      Finite(f.step_lag_periodicity, -1.0f, 1.0f),
      f.cadence_valid ? 1.0f : 0.0f,
      f.cadence_valid ? Finite(f.cadence_spm, 0.0f, 600.0f) / 120.0f : 0.0f,
      log_of(f.orientation_change_mps2, 0.05f),
      log_of(f.jerk_rms_mps3, 0.5f),
      log_of(f.magnitude_kurtosis, 0.1f),
      RatioToMean(f.magnitude_min_mps2, f.magnitude_mean_mps2),
      RatioToMean(f.magnitude_max_mps2, f.magnitude_mean_mps2),
  };
}

}  // namespace minsense
