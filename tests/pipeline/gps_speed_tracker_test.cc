#include "pipeline/gps_speed_tracker.h"

#include <gtest/gtest.h>

#include <cmath>

namespace minsense {
namespace {

GpsStep Step(double t, float speed, float bearing = 0, double dt = 1) {
  GpsStep s;
  s.t_seconds = t;
  s.dt_seconds = dt;
  s.speed_mps = speed;
  s.bearing_deg = bearing;
  return s;
}

TEST(GpsSpeedTrackerTest, ConstantSpeedGoldenFeatures) {
  GpsSpeedTracker tracker(256);
  for (int i = 1; i <= 120; ++i) tracker.Push(Step(i, 5.0f, 90));
  const GpsWindowFeatures f = tracker.Features(120, 60);
  EXPECT_TRUE(f.valid);
  EXPECT_EQ(f.steps, 60);
  EXPECT_FLOAT_EQ(f.coverage, 1.0f);
  EXPECT_FLOAT_EQ(f.median_speed_mps, 5);
  EXPECT_FLOAT_EQ(f.p85_speed_mps, 5);
  EXPECT_FLOAT_EQ(f.p95_speed_mps, 5);
  EXPECT_NEAR(f.mean_speed_mps, 5, 1e-6);
  EXPECT_NEAR(f.speed_std_mps, 0, 1e-3);
  EXPECT_FLOAT_EQ(f.mean_abs_accel_mps2, 0);
  EXPECT_FLOAT_EQ(f.stop_fraction, 0);
  EXPECT_FLOAT_EQ(f.heading_change_deg_per_s, 0);
  EXPECT_EQ(f.t_last_seconds, 120);
}

TEST(GpsSpeedTrackerTest, StopsAccelerationAndTurns) {
  GpsSpeedTracker tracker(256);
  // 10 s stopped, then 0 -> 10 m/s at 1 m/s^2, turning 5 degrees a second.
  for (int i = 1; i <= 10; ++i) tracker.Push(Step(i, 0.0f));
  for (int i = 11; i <= 20; ++i) {
    tracker.Push(Step(i, static_cast<float>(i - 10), static_cast<float>(5 * (i - 10))));
  }
  const GpsWindowFeatures f = tracker.Features(20, 20);
  EXPECT_EQ(f.steps, 20);
  EXPECT_NEAR(f.stop_fraction, 0.5, 1e-6);
  EXPECT_NEAR(f.mean_abs_accel_mps2, 10.0 / 19.0, 1e-5);  // 10 changes of 1 over 19 pairs.
  EXPECT_NEAR(f.heading_change_deg_per_s, 5, 1e-4);       // Moving pairs only.
  EXPECT_FLOAT_EQ(f.p95_speed_mps, 9);
}

TEST(GpsSpeedTrackerTest, WindowBoundsCoverageAndValidity) {
  GpsSpeedTracker tracker(64);
  EXPECT_FALSE(tracker.Features(100, 60).valid);  // Nothing yet.
  for (int i = 1; i <= 20; ++i) tracker.Push(Step(i, 2.0f));
  // 20 s of steps in a 60 s window: a third covered, not valid.
  GpsWindowFeatures f = tracker.Features(20, 60);
  EXPECT_EQ(f.steps, 20);
  EXPECT_NEAR(f.coverage, 20.0 / 60, 1e-5);
  EXPECT_FALSE(f.valid);
  // Steps after t_end are left out; steps at or before t_end - window too.
  f = tracker.Features(15, 10);
  EXPECT_EQ(f.steps, 10);
  EXPECT_EQ(f.t_last_seconds, 15);
  // A full ring keeps only the newest `capacity` steps.
  for (int i = 21; i <= 200; ++i) tracker.Push(Step(i, 3.0f));
  f = tracker.Features(200, 1000);
  EXPECT_EQ(f.steps, 64);
  EXPECT_FLOAT_EQ(f.median_speed_mps, 3);
}

TEST(GpsSpeedTrackerTest, ResetZeroesEveryStep) {
  GpsSpeedTracker tracker(16);
  for (int i = 1; i <= 10; ++i) tracker.Push(Step(i, 12.5f, 45));
  tracker.Reset();
  EXPECT_EQ(tracker.size(), 0u);
  for (const GpsStep& s : tracker.storage_for_testing()) {
    EXPECT_EQ(s.speed_mps, 0);
    EXPECT_EQ(s.t_seconds, 0);
    EXPECT_EQ(s.bearing_deg, 0);
  }
  EXPECT_FALSE(tracker.Features(10, 60).valid);
}

}  // namespace
}  // namespace minsense
