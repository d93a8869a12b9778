#include "pipeline/gps_speed_tracker.h"

#include <algorithm>
#include <cmath>

#include "kernels/great_circle.h"
#include "pipeline/secure_zero.h"

namespace minsense {
namespace {

// Percentile of values[0..n) by nth_element (reorders values), q in [0, 1].
float Percentile(float* values, size_t n, double q) {
  if (n == 0) return 0;
  const size_t k =
      std::min(n - 1, static_cast<size_t>(std::floor(q * static_cast<double>(n - 1) + 0.5)));
  std::nth_element(values, values + k, values + n);
  return values[k];
}

}  // namespace

GpsSpeedTracker::GpsSpeedTracker(size_t capacity_steps)
    : capacity_(std::max<size_t>(capacity_steps, 2)),
      ring_(new GpsStep[capacity_]()),
      scratch_(new float[capacity_]()),
      scratch2_(new float[capacity_]()) {}

GpsSpeedTracker::~GpsSpeedTracker() { Reset(); }

void GpsSpeedTracker::Reset() {
  SecureZero(ring_.get(), capacity_ * sizeof(GpsStep));
  SecureZero(scratch_.get(), capacity_ * sizeof(float));
  SecureZero(scratch2_.get(), capacity_ * sizeof(float));
  head_ = 0;
  size_ = 0;
}

void GpsSpeedTracker::Push(const GpsStep& step) {
  ring_[head_] = step;
  head_ = (head_ + 1) % capacity_;
  if (size_ < capacity_) ++size_;
}

GpsWindowFeatures GpsSpeedTracker::Features(double t_end, double window_seconds) {
  GpsWindowFeatures f;
  const double t_begin = t_end - window_seconds;
  // Walk from the newest step back to the first inside the window.
  size_t n = 0;
  size_t first = 0;  // Ring offset (0 = oldest) of the first step in the window.
  size_t last_plus_one = 0;
  {
    size_t count_after = 0;
    for (size_t i = size_; i-- > 0;) {
      const GpsStep& s = ring_[(head_ + capacity_ - size_ + i) % capacity_];
      if (s.t_seconds > t_end) {
        ++count_after;
        continue;
      }
      if (s.t_seconds <= t_begin) break;
      ++n;
      first = i;
    }
    last_plus_one = size_ - count_after;
  }
  if (n == 0) return f;
  first = last_plus_one - n;

  double covered = 0, sum = 0, sum_sq = 0, turn = 0, moving_seconds = 0;
  int stops = 0;
  size_t n_accel = 0;
  const GpsStep* prev = nullptr;
  for (size_t i = first; i < last_plus_one; ++i) {
    const GpsStep& s = ring_[(head_ + capacity_ - size_ + i) % capacity_];
    // A step may start before the window: count only its part inside.
    covered += std::min(s.dt_seconds, s.t_seconds - t_begin);
    scratch_[i - first] = s.speed_mps;
    sum += s.speed_mps;
    sum_sq += static_cast<double>(s.speed_mps) * s.speed_mps;
    if (s.speed_mps < kStopSpeedMps) ++stops;
    if (prev != nullptr && s.t_seconds - prev->t_seconds <= s.dt_seconds + 1e-9) {
      // Consecutive steps of one segment.
      scratch2_[n_accel++] =
          static_cast<float>(std::fabs(s.speed_mps - prev->speed_mps) / s.dt_seconds);
      if (s.speed_mps >= kMovingSpeedMps && prev->speed_mps >= kMovingSpeedMps) {
        turn += BearingChangeDegrees(prev->bearing_deg, s.bearing_deg);
        moving_seconds += s.dt_seconds;
      }
    }
    prev = &s;
    f.t_last_seconds = s.t_seconds;
  }
  const double count = static_cast<double>(n);
  f.steps = static_cast<int>(n);
  f.coverage = static_cast<float>(std::min(1.0, covered / window_seconds));
  f.mean_speed_mps = static_cast<float>(sum / count);
  f.speed_std_mps =
      static_cast<float>(std::sqrt(std::max(0.0, sum_sq / count - (sum / count) * (sum / count))));
  f.stop_fraction = static_cast<float>(stops / count);
  f.heading_change_deg_per_s = moving_seconds > 0 ? static_cast<float>(turn / moving_seconds) : 0;
  double accel_sum = 0;
  for (size_t i = 0; i < n_accel; ++i) accel_sum += scratch2_[i];
  f.mean_abs_accel_mps2 =
      n_accel > 0 ? static_cast<float>(accel_sum / static_cast<double>(n_accel)) : 0;
  f.p90_abs_accel_mps2 = Percentile(scratch2_.get(), n_accel, 0.9);
  f.median_speed_mps = Percentile(scratch_.get(), n, 0.5);
  f.p85_speed_mps = Percentile(scratch_.get(), n, 0.85);
  f.p95_speed_mps = Percentile(scratch_.get(), n, 0.95);
  f.valid = f.steps >= kMinSteps && f.coverage >= kMinCoverage;
  // Scratch held speeds: clear what was used.
  SecureZero(scratch_.get(), n * sizeof(float));
  SecureZero(scratch2_.get(), n_accel * sizeof(float));
  return f;
}

}  // namespace minsense
