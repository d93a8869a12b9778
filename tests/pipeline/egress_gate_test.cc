#include "pipeline/egress_gate.h"

#include <gtest/gtest.h>

namespace minsense {
namespace {

ReportedState Walking(double t, float cadence) {
  ReportedState s;
  s.t_end_seconds = t;
  s.activity = v1::ACTIVITY_WALKING;
  s.confidence = v1::CONFIDENCE_HIGH;
  s.has_cadence = true;
  s.cadence_spm = cadence;
  return s;
}

TEST(EgressGateTest, QuantisesCadenceToPolicyStepAndClamps) {
  v1::EgressPolicy policy;
  EgressGate gate(policy);
  EXPECT_EQ(gate.QuantiseCadence(112.4f), 110u);
  EXPECT_EQ(gate.QuantiseCadence(112.6f), 115u);
  EXPECT_EQ(gate.QuantiseCadence(10.0f), 40u);
  EXPECT_EQ(gate.QuantiseCadence(400.0f), 240u);
  policy.set_cadence_step_spm(2);
  EXPECT_EQ(EgressGate(policy).QuantiseCadence(171.2f), 172u);
}

TEST(EgressGateTest, BucketsTimeToWholeBuckets) {
  v1::EgressPolicy policy;
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(59.9), 0u);
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(61.0), 1u);
  policy.set_time_bucket_minutes(15);
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(29 * 60.0 + 59), 15u);
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(-5.0), 0u);
  // UNIX time: 2026-11-29T12:34:56Z floors to the minute.
  EXPECT_EQ(EgressGate(v1::EgressPolicy()).TimeBucketMinutes(1796474096.0), 29941234u);
}

TEST(EgressGateTest, EveryWindowModeEmitsEveryOffer) {
  v1::EgressPolicy policy;
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  EgressGate gate(policy);
  PendingUpdate u;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(gate.Offer(Walking(2.0 * i, 110), &u));
}

TEST(EgressGateTest, ChangeModeEmitsOnChangeAndHeartbeat) {
  v1::EgressPolicy policy;  // Change mode, heartbeat 5 min.
  EgressGate gate(policy);
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(Walking(6, 110.2f), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_TRUE(u.has_cadence);
  EXPECT_EQ(u.cadence_spm, 110u);
  // Same state: quiet until the heartbeat is due.
  EXPECT_FALSE(gate.Offer(Walking(8, 110.0f), &u));
  EXPECT_FALSE(gate.Offer(Walking(6 + 299, 111.0f), &u));
  EXPECT_TRUE(gate.Offer(Walking(6 + 300, 110.0f), &u));
  // Label change.
  ReportedState still;
  still.t_end_seconds = 320;
  still.activity = v1::ACTIVITY_STILL;
  ASSERT_TRUE(gate.Offer(still, &u));
  EXPECT_FALSE(u.has_cadence);
  EXPECT_EQ(u.time_bucket_minutes, 5u);
}

TEST(EgressGateTest, TempoBucketHasHysteresis) {
  // Without the rate limit of one-bucket changes, to see the hysteresis.
  v1::EgressPolicy policy;
  policy.set_min_tempo_update_minutes(0);
  EgressGate gate{policy};
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(Walking(0, 115.0f), &u));
  // A steady 117.6 rounds to 120 but stays within 3.75 spm of 115: no change.
  double t = 0;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 117.6f), &u));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 111.5f), &u));
  // A steady 119 is 4 spm away: the bucket moves (once the median is there).
  bool moved = false;
  for (int i = 0; i < 5 && !moved; ++i) moved = gate.Offer(Walking(t += 2, 119.0f), &u);
  ASSERT_TRUE(moved);
  EXPECT_EQ(u.cadence_spm, 120u);
}

TEST(EgressGateTest, OneWindowCadenceOutliersAreMedianFiltered) {
  v1::EgressPolicy policy;
  policy.set_min_tempo_update_minutes(0);
  EgressGate gate{policy};
  PendingUpdate u;
  double t = 0;
  ASSERT_TRUE(gate.Offer(Walking(t, 110.0f), &u));
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 110.0f), &u));
  // One window at 130 (a harmonic, say) does not move the tempo.
  EXPECT_FALSE(gate.Offer(Walking(t += 2, 130.0f), &u));
  EXPECT_FALSE(gate.Offer(Walking(t += 2, 110.0f), &u));
}

TEST(EgressGateTest, ResetEmitsNextOffer) {
  EgressGate gate{v1::EgressPolicy()};
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(Walking(0, 100), &u));
  ASSERT_FALSE(gate.Offer(Walking(2, 100), &u));
  gate.Reset();
  EXPECT_TRUE(gate.Offer(Walking(4, 100), &u));
}

}  // namespace
}  // namespace minsense
