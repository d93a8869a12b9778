// The pipeline with GPS: GPS-only labels, consent, the ledger, wiping.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "pipeline/gps_ingest_guard.h"
#include "pipeline/pipeline.h"
#include "tests/support/gps_track.h"

namespace minsense {
namespace {

std::unique_ptr<Pipeline> MakePipeline() {
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  EXPECT_TRUE(created.ok());
  return std::move(created).value();
}

std::vector<v1::ActivityUpdate> Drain(Pipeline& p) {
  std::vector<v1::ActivityUpdate> out;
  v1::ActivityUpdate u;
  while (p.Poll(&u)) out.push_back(u);
  return out;
}

std::vector<GpsFix> Track(double mean_speed, int seconds, double wobble = 0.2) {
  testing::TrackSpec spec;
  spec.t0 = 1000;
  spec.speeds_mps = testing::Speeds(seconds, mean_speed, wobble);
  return testing::SyntheticTrack(spec);
}

TEST(GpsPipelineTest, GpsAloneGivesLabelsWithoutCadence) {
  for (const auto& [speed, expected] : std::vector<std::pair<double, v1::Activity>>{
           {1.3, v1::ACTIVITY_WALKING}, {25.0, v1::ACTIVITY_IN_VEHICLE}}) {
    auto p = MakePipeline();
    std::vector<v1::Activity> raw;
    p->SetWindowObserver([&raw](const WindowReport& r) {
      EXPECT_TRUE(r.from_gps);
      EXPECT_FALSE(r.stepping);
      raw.push_back(r.raw_activity);
    });
    p->PushGps(Track(speed, 600));
    const std::vector<v1::ActivityUpdate> messages = Drain(*p);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.back().activity(), expected) << speed;
    for (const auto& m : messages) EXPECT_FALSE(m.has_cadence_spm());
    EXPECT_EQ(p->ledger().gps_fixes_in, 601u);
    EXPECT_EQ(p->ledger().gps_fixes_accepted, 601u);
    EXPECT_GT(p->ledger().gps_windows, 10u);
    EXPECT_EQ(raw.size(), p->ledger().gps_windows);
  }
}

TEST(GpsPipelineTest, DeniedLocationDropsFixesAtTheDoor) {
  auto p = MakePipeline();
  p->SetConsent(Consent{.motion = true, .location = false});
  p->PushGps(Track(25, 600));
  EXPECT_TRUE(Drain(*p).empty());
  EXPECT_EQ(p->ledger().gps_fixes_in, 0u);
  EXPECT_EQ(p->ledger().denied_gps_fixes, 601u);
  EXPECT_EQ(p->ledger().denied_samples, 601u);
  EXPECT_EQ(p->ledger().gps_windows, 0u);
}

TEST(GpsPipelineTest, WithdrawingLocationWipesWhatGpsLeftAndStopsItsInfluence) {
  // A still accelerometer on a moving bus: IN_VEHICLE with GPS; once the
  // user withdraws location, the accelerometer alone decides again.
  auto p = MakePipeline();
  std::vector<v1::Activity> raw;
  p->SetWindowObserver([&raw](const WindowReport& r) {
    if (!r.from_gps) raw.push_back(r.raw_activity);
  });
  testing::TrackSpec spec;
  spec.speeds_mps = testing::Speeds(400, 12, 0.3);
  const std::vector<GpsFix> bus = testing::SyntheticTrack(spec);
  size_t next = 0;
  auto push_until = [&](double t_end) {
    for (int i = 0; i < 50 * 20; ++i) {
      const double t = t_end - 20 + i / 50.0;
      while (next < bus.size() && bus[next].t_seconds <= t) p->PushGps(bus[next++]);
      p->PushAccel(AccelSample{t, 0.01f * static_cast<float>(i % 3), 9.81f, 0.2f});
    }
  };
  for (double t = 20; t <= 200; t += 20) push_until(t);
  ASSERT_FALSE(raw.empty());
  EXPECT_EQ(raw.back(), v1::ACTIVITY_IN_VEHICLE);
  p->SetConsent(Consent{.motion = true, .location = false});
  raw.clear();
  for (double t = 220; t <= 300; t += 20) push_until(t);
  ASSERT_FALSE(raw.empty());
  for (v1::Activity a : raw) EXPECT_NE(a, v1::ACTIVITY_IN_VEHICLE);
  EXPECT_GT(p->ledger().denied_gps_fixes, 0u);
}

TEST(GpsPipelineTest, BadFixesAreCountedByReasonAndNeverLabelled) {
  auto p = MakePipeline();
  std::vector<GpsFix> fixes;
  GpsFix f;
  for (int i = 0; i < 400; ++i) {
    f.t_seconds = i;
    f.latitude_deg = 0;
    f.longitude_deg = 0;  // (0, 0): no fix.
    fixes.push_back(f);
  }
  f.latitude_deg = std::nan("");
  fixes.push_back(f);
  f.latitude_deg = 95;
  fixes.push_back(f);
  p->PushGps(fixes);
  EXPECT_TRUE(Drain(*p).empty());
  const Ledger& l = p->ledger();
  EXPECT_EQ(l.gps_rejected[static_cast<int>(GpsRejectReason::kNullIsland)], 400u);
  EXPECT_EQ(l.gps_rejected[static_cast<int>(GpsRejectReason::kNonFinite)], 1u);
  EXPECT_EQ(l.gps_rejected[static_cast<int>(GpsRejectReason::kOutOfRange)], 1u);
  EXPECT_EQ(l.gps_fixes_accepted, 0u);
  const std::string json = LedgerToJson(l);
  EXPECT_NE(json.find("\"null_island\":400"), std::string::npos);
}

TEST(GpsPipelineTest, AccelerometerOnlyLedgerHasNoGpsKeys) {
  auto p = MakePipeline();
  p->PushAccel(AccelSample{0, 0, 0, 9.8f});
  EXPECT_EQ(LedgerToJson(p->ledger()).find("gps"), std::string::npos);
}

TEST(GpsPipelineTest, FinishAndResetZeroTheGpsState) {
  auto p = MakePipeline();
  p->PushGps(Track(7.25, 300));
  const size_t bytes_before = p->state_bytes();
  p->Finish();
  EXPECT_EQ(p->state_bytes(), bytes_before);  // Fixed at creation.
  EXPECT_TRUE(p->ledger().raw_buffers_clear);
  // No stored coordinate survives: the pipeline's own state holds no
  // latitude of the track (the guard's anchor is zeroed).
  const double lat = Track(7.25, 300).back().latitude_deg;
  const auto state = p->state_for_testing();
  for (size_t i = 0; i + sizeof(double) <= state.size(); ++i) {
    double v = 0;
    std::memcpy(&v, state.data() + i, sizeof(v));
    ASSERT_NE(v, lat) << "at byte " << i;
  }
}

TEST(GpsPipelineTest, AJumpOfTheClockDoesNotStallTheGpsWindows) {
  // The GPS-only windows are scheduled every hop on the stream clock. A clock
  // that jumps far ahead (a corrupt timestamp, a switch of time base) starts
  // a new GPS segment; the schedule must follow at once rather than step
  // through every hop in between (3e13 of them here).
  auto p = MakePipeline();
  p->PushGps(Track(7.25, 300));
  const uint64_t windows_before = p->ledger().gps_windows;
  ASSERT_GT(windows_before, 0u);
  testing::TrackSpec later;
  later.t0 = 1e15;
  later.speeds_mps = testing::Speeds(300, 7.25, 0.2);
  p->PushGps(testing::SyntheticTrack(later));
  // More than a day ahead: the guard follows the new clock after kResyncFixes fixes.
  EXPECT_EQ(p->ledger().gps_fixes_accepted, 2u * 301u - (GpsIngestGuard::kResyncFixes - 1));
  EXPECT_EQ(p->ledger().gps_rejected[static_cast<int>(GpsRejectReason::kImplausibleTime)],
            static_cast<uint64_t>(GpsIngestGuard::kResyncFixes - 1));
  EXPECT_GE(p->ledger().gps_windows, windows_before + 5);
  EXPECT_FALSE(Drain(*p).empty());
}

}  // namespace
}  // namespace minsense
