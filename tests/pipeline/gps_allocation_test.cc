// The GPS hot path allocates nothing after creation, the per-stream memory
// stays within the 32 KiB goal, and the speed ring is zero when freed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <span>
#include <vector>

#include "pipeline/gps_speed_tracker.h"
#include "pipeline/pipeline.h"
#include "tests/kernels/allocation_counter.h"
#include "tests/support/gps_track.h"

namespace minsense {
namespace {

std::vector<GpsFix> Journey() {
  std::vector<double> speeds = testing::Speeds(300, 1.4, 0.2);
  const std::vector<double> bus = testing::Speeds(900, 9, 0.5, 120, 25);
  speeds.insert(speeds.end(), bus.begin(), bus.end());
  testing::TrackSpec spec;
  spec.speeds_mps = speeds;
  spec.turn_deg_per_fix = 2;
  return testing::SyntheticTrack(spec);
}

TEST(GpsAllocationTest, PushingFixesAndAccelerometerSamplesNeverAllocates) {
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), policy)).value();
  const std::vector<GpsFix> track = Journey();
  v1::ActivityUpdate u;
  int messages = 0;
  {
    // GPS alone: guard, tracker, windows, classifier, gate.
    testing::ScopedAllocationCounter counter;
    for (const GpsFix& f : track) {
      p->PushGps(f);
      while (p->Poll(&u)) ++messages;
    }
    EXPECT_EQ(counter.count(), 0);
  }
  EXPECT_GT(messages, 10);
  p->Reset();
  {
    // Both sensors: fusion evidence at every accelerometer window.
    testing::ScopedAllocationCounter counter;
    size_t next = 0;
    for (int i = 0; i < 50 * 600; ++i) {
      const double t = i / 50.0;
      while (next < track.size() && track[next].t_seconds <= t) p->PushGps(track[next++]);
      p->PushAccel(AccelSample{
          t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 1.8 * t)), 0.3f});
      while (p->Poll(&u)) ++messages;
    }
    EXPECT_EQ(counter.count(), 0);
  }
  std::printf("state_bytes with GPS: %zu\n", p->state_bytes());
  EXPECT_LE(p->state_bytes(), 32u * 1024u);
}

TEST(GpsAllocationTest, TheSpeedRingIsZeroWhenFreed) {
  auto tracker = std::make_unique<GpsSpeedTracker>(64);
  GpsStep s;
  s.t_seconds = 12345;
  s.dt_seconds = 1;
  s.speed_mps = 13.5f;
  s.bearing_deg = 77;
  for (int i = 0; i < 100; ++i) {
    s.t_seconds += 1;
    tracker->Push(s);
  }
  const std::span<const GpsStep> ring = tracker->storage_for_testing();
  testing::ScopedFreeSnapshot snapshot(ring.data(), ring.size_bytes());
  tracker.reset();
  EXPECT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
}

}  // namespace
}  // namespace minsense
