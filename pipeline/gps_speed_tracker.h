// gps_speed_tracker.h: speed evidence over a window of GPS steps.
//
// The tracker keeps the most recent GpsSteps (speed and heading between
// consecutive accepted fixes; no coordinate ever reaches it) in a fixed ring
// sized at construction, and summarises those inside a time window ending at
// a given time into GpsWindowFeatures: robust (median, percentile) speeds,
// speed variability, acceleration, stop fraction and heading change. Those
// features are what the transport-mode classifier and the fusion stage see.
// Speeds are sensitive (with a start point they give a track), so the ring
// and the scratch buffer are zeroed on Reset() and destruction.
//
//   GpsSpeedTracker tracker(/*capacity_steps=*/1024);
//   tracker.Push(step);                              // O(1), no allocation
//   GpsWindowFeatures f = tracker.Features(t_end, 120.0);  // O(capacity)
//   if (f.valid) Use(f);
#ifndef MINSENSE_PIPELINE_GPS_SPEED_TRACKER_H_
#define MINSENSE_PIPELINE_GPS_SPEED_TRACKER_H_

#include <cstddef>
#include <memory>
#include <span>

#include "pipeline/gps_ingest_guard.h"

namespace minsense {

// GpsWindowFeatures summarise the GPS steps of one window. Local only: they
// never leave the device.
struct GpsWindowFeatures {
  bool valid = false;  // Enough steps and coverage to judge (see Features).
  int steps = 0;       // Steps inside the window.
  float coverage = 0;  // Seconds covered by steps / window seconds, [0, 1].
  float median_speed_mps = 0;
  float p85_speed_mps = 0;
  float p95_speed_mps = 0;
  float mean_speed_mps = 0;
  float speed_std_mps = 0;
  float mean_abs_accel_mps2 = 0;  // Mean |change of speed| / dt between steps.
  float p90_abs_accel_mps2 = 0;
  float stop_fraction = 0;             // Share of steps slower than kStopSpeedMps.
  float heading_change_deg_per_s = 0;  // Mean turn rate while moving.
  double t_last_seconds = 0;           // Time of the newest step in the window.
};

class GpsSpeedTracker {
 public:
  // kStopSpeedMps: slower than this, a step counts as stopped (GPS jitter
  // of a still receiver is around 0.3 m/s at 1 Hz).
  static constexpr float kStopSpeedMps = 0.6f;
  // kMovingSpeedMps: heading changes count only above this speed.
  static constexpr float kMovingSpeedMps = 1.0f;
  // kMinCoverage / kMinSteps: less than this in a window is no evidence.
  static constexpr float kMinCoverage = 0.5f;
  static constexpr int kMinSteps = 8;
  // kDefaultCapacity: the pipeline's ring (and the trainer's, so that both
  // cut the same windows).
  static constexpr size_t kDefaultCapacity = 256;

  explicit GpsSpeedTracker(size_t capacity_steps);
  ~GpsSpeedTracker();
  GpsSpeedTracker(const GpsSpeedTracker&) = delete;
  GpsSpeedTracker& operator=(const GpsSpeedTracker&) = delete;

  // Push appends a step; steps must come in time order (the guard sees to
  // it). When the ring is full the oldest step is overwritten.
  void Push(const GpsStep& step);

  // Features summarises the steps with t in (t_end - window_seconds, t_end].
  // Never allocates.
  GpsWindowFeatures Features(double t_end, double window_seconds);

  // Reset zeroes every stored step.
  void Reset();

  size_t capacity() const { return capacity_; }
  size_t size() const { return size_; }
  size_t state_bytes() const {
    return sizeof(*this) + capacity_ * (sizeof(GpsStep) + 2 * sizeof(float));
  }
  std::span<const GpsStep> storage_for_testing() const { return {ring_.get(), capacity_}; }

 private:
  size_t capacity_;
  std::unique_ptr<GpsStep[]> ring_;
  std::unique_ptr<float[]> scratch_;  // Speeds, then accelerations, for percentiles.
  std::unique_ptr<float[]> scratch2_;
  size_t head_ = 0;  // Next slot to write.
  size_t size_ = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_GPS_SPEED_TRACKER_H_
