#include "pipeline/egress_gate.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

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

// Every cadence that leaves is a multiple of the step, inside [min, max], also when the
// bounds are not multiples of the step: the clamp goes to the nearest multiple inside.
TEST(EgressGateTest, ClampedCadenceIsAMultipleOfTheStepInsideTheRange) {
  struct Range {
    uint32_t step, min, max, lo, hi;  // lo / hi: the multiples a cadence is clamped to.
  };
  for (const Range& r : {Range{5, 42, 238, 45, 235}, Range{7, 40, 240, 42, 238},
                         Range{5, 40, 240, 40, 240}, Range{50, 1, 300, 50, 300},
                         Range{3, 100, 101, 102, 99} /* no multiple: see ValidateEgressPolicy */}) {
    if (r.lo > r.hi) continue;
    v1::EgressPolicy policy;
    policy.set_cadence_step_spm(r.step);
    policy.set_min_cadence_spm(r.min);
    policy.set_max_cadence_spm(r.max);
    const EgressGate gate(policy);
    SCOPED_TRACE("step " + std::to_string(r.step) + " range " + std::to_string(r.min) + "-" +
                 std::to_string(r.max));
    EXPECT_EQ(gate.QuantiseCadence(0.0f), r.lo);
    EXPECT_EQ(gate.QuantiseCadence(std::numeric_limits<float>::quiet_NaN()), r.lo);
    EXPECT_EQ(gate.QuantiseCadence(1000.0f), r.hi);
    for (float c = 0; c < 400; c += 0.25f) {
      const uint32_t q = gate.QuantiseCadence(c);
      ASSERT_EQ(q % r.step, 0u) << c;
      ASSERT_GE(q, r.min) << c;
      ASSERT_LE(q, r.max) << c;
    }
  }
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

TEST(EgressGateTest, ANonFiniteCadenceOrTimeIsNoCadenceAndNoGarbage) {
  // Converting NaN to an integer is undefined: a cadence that is not a
  // number is no cadence, never a bucket outside [min, max]; a time that is
  // not a number falls in bucket 0.
  v1::EgressPolicy policy;
  EXPECT_EQ(EgressGate(policy).QuantiseCadence(std::numeric_limits<float>::quiet_NaN()), 40u);
  EXPECT_EQ(EgressGate(policy).QuantiseCadence(std::numeric_limits<float>::infinity()), 240u);
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(std::numeric_limits<double>::quiet_NaN()), 0u);
  EXPECT_EQ(EgressGate(policy).TimeBucketMinutes(std::numeric_limits<double>::infinity()),
            4'000'000'000u);
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  EgressGate every(policy);
  PendingUpdate u;
  ASSERT_TRUE(every.Offer(Walking(2, std::numeric_limits<float>::quiet_NaN()), &u));
  EXPECT_FALSE(u.has_cadence);
  // In change mode a NaN cadence mid-walk is a lost cadence: the tempo last
  // sent stands, and the median of the next windows is not poisoned.
  EgressGate change{v1::EgressPolicy()};
  for (int i = 0; i < 5; ++i) change.Offer(Walking(2.0 * i, 110), &u);
  for (int i = 5; i < 10; ++i) {
    if (change.Offer(Walking(2.0 * i, std::numeric_limits<float>::quiet_NaN()), &u)) {
      EXPECT_TRUE(u.has_cadence);
      EXPECT_EQ(u.cadence_spm, 110u);
    }
  }
  for (int i = 10; i < 20; ++i) {
    if (change.Offer(Walking(2.0 * i, 111), &u)) {
      EXPECT_EQ(u.cadence_spm, 110u);
    }
  }
}

TEST(EgressGateTest, WaitsAndHoldsWorkOnNegativeStreamTimes) {
  // Stream time may have any origin (the C API says so): the waits for
  // UNKNOWN and for a tempo, and the hold of a lost cadence, must end after
  // their stated time whatever the sign of the clock.
  for (const double t0 : {0.0, -10000.0}) {
    EgressGate gate{v1::EgressPolicy()};
    PendingUpdate u;
    double t = t0;
    ASSERT_TRUE(gate.Offer(Walking(t, 110.0f), &u));
    // A lost cadence is held for 30 s, then the label leaves without it.
    ReportedState lost = Walking(0, 0);
    lost.has_cadence = false;
    bool sent = false;
    const double lost_at = t + 2;
    while (!sent && t < lost_at + 60) {
      lost.t_end_seconds = t += 2;
      sent = gate.Offer(lost, &u);
    }
    ASSERT_TRUE(sent) << t0;
    EXPECT_DOUBLE_EQ(t - lost_at, 30.0) << t0;
    // UNKNOWN leaves after min_unknown_seconds (20 s).
    ReportedState unknown;
    unknown.activity = v1::ACTIVITY_UNKNOWN;
    sent = false;
    const double unknown_at = t + 2;
    while (!sent && t < unknown_at + 60) {
      unknown.t_end_seconds = t += 2;
      sent = gate.Offer(unknown, &u);
    }
    ASSERT_TRUE(sent) << t0;
    EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
    EXPECT_DOUBLE_EQ(t - unknown_at, 20.0) << t0;
    // A walk without its tempo leaves alone after tempo_wait_seconds (6 s).
    sent = false;
    const double walk_at = t + 2;
    while (!sent && t < walk_at + 60) {
      lost.t_end_seconds = t += 2;
      sent = gate.Offer(lost, &u);
    }
    ASSERT_TRUE(sent) << t0;
    EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
    EXPECT_DOUBLE_EQ(t - walk_at, 6.0) << t0;
  }
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

ReportedState Unknown(double t) {
  ReportedState s;
  s.t_end_seconds = t;
  s.activity = v1::ACTIVITY_UNKNOWN;
  return s;
}

TEST(EgressGateTest, WobbleThatComesBackWithinTheMarginIsNotSent) {
  EgressGate gate{v1::EgressPolicy()};  // Margin 8 spm, evidence 200 spm s.
  PendingUpdate u;
  double t = 0;
  ASSERT_TRUE(gate.Offer(Walking(t, 110.0f), &u));
  // Ten minutes of 40 s at 120 spm (2 spm beyond the margin: 80 spm s of
  // evidence each time) and 40 s at 110: only heartbeats, all at 110.
  int sent = 0;
  for (int cycle = 0; cycle < 15; ++cycle) {
    for (int i = 0; i < 20; ++i) {
      if (gate.Offer(Walking(t += 2, 120.0f), &u)) {
        ++sent;
        EXPECT_EQ(u.cadence_spm, 110u) << "at " << t;
      }
    }
    for (int i = 0; i < 20; ++i) {
      if (gate.Offer(Walking(t += 2, 110.0f), &u)) {
        ++sent;
        EXPECT_EQ(u.cadence_spm, 110u) << "at " << t;
      }
    }
  }
  EXPECT_EQ(sent, 4);  // One heartbeat per 5 minutes.
}

// SecondsToSend offers a steady `to` spm after a steady `from` and returns
// how long the new bucket took to leave (-1: never within a minute).
double SecondsToSend(float from, float to) {
  EgressGate gate{v1::EgressPolicy()};
  PendingUpdate u;
  double t = 0;
  EXPECT_TRUE(gate.Offer(Walking(t, from), &u));
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, from), &u));
  const double change_t = t;
  while (t < change_t + 60) {
    if (gate.Offer(Walking(t += 2, to), &u)) {
      EXPECT_EQ(u.cadence_spm, gate.QuantiseCadence(to));
      return t - change_t;
    }
  }
  return -1;
}

TEST(EgressGateTest, LargerChangesOfPaceLeaveSooner) {
  // The median takes 3 windows (6 s) to move, then the evidence builds at
  // (change - 8) spm per second up to 200 spm s.
  const double up20 = SecondsToSend(100, 120);  // 12 beyond: 17 s of evidence.
  const double up40 = SecondsToSend(100, 140);  // 32 beyond: 7 s.
  const double down20 = SecondsToSend(120, 100);
  EXPECT_GE(up20, 20.0);
  EXPECT_LE(up20, 26.0);
  EXPECT_GE(up40, 10.0);
  EXPECT_LT(up40, up20);
  EXPECT_EQ(down20, up20);  // Symmetric.
  // 10 spm (2 beyond the margin) would need 100 s: not within a minute.
  EXPECT_LT(SecondsToSend(100, 110), 0.0);
}

TEST(EgressGateTest, ZeroEvidenceSendsAsSoonAsTheMedianIsBeyondTheMargin) {
  v1::EgressPolicy policy;
  policy.set_tempo_change_spm_seconds(0);
  policy.set_tempo_change_margin_spm(0);
  policy.set_min_tempo_update_minutes(0);
  EgressGate gate{policy};
  PendingUpdate u;
  double t = 0;
  ASSERT_TRUE(gate.Offer(Walking(t, 100.0f), &u));
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 100.0f), &u));
  EXPECT_FALSE(gate.Offer(Walking(t += 2, 120.0f), &u));
  EXPECT_FALSE(gate.Offer(Walking(t += 2, 120.0f), &u));
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 120.0f), &u));  // Median now 120.
  EXPECT_EQ(u.cadence_spm, 120u);
}

TEST(EgressGateTest, AShortLossOfCadenceKeepsTheTempo) {
  EgressGate gate{v1::EgressPolicy()};
  PendingUpdate u;
  double t = 0;
  ASSERT_TRUE(gate.Offer(Walking(t, 110.0f), &u));
  ReportedState lost = Walking(0, 0);
  lost.has_cadence = false;
  // 20 s without a cadence, then back: nothing to send.
  for (int i = 0; i < 10; ++i) {
    lost.t_end_seconds = t += 2;
    EXPECT_FALSE(gate.Offer(lost, &u));
  }
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 110.0f), &u));
  // A loss that lasts 30 s is sent, without cadence.
  const double lost_at = t + 2;
  bool sent = false;
  while (!sent && t < lost_at + 60) {
    lost.t_end_seconds = t += 2;
    sent = gate.Offer(lost, &u);
  }
  ASSERT_TRUE(sent);
  EXPECT_FALSE(u.has_cadence);
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_DOUBLE_EQ(t - lost_at, 30.0);
}

TEST(EgressGateTest, AShortSpellOfUnknownIsNotSent) {
  EgressGate gate{v1::EgressPolicy()};  // min_unknown_seconds 20.
  PendingUpdate u;
  double t = 0;
  ASSERT_TRUE(gate.Offer(Walking(t, 110.0f), &u));
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(gate.Offer(Unknown(t += 2), &u));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(gate.Offer(Walking(t += 2, 110.0f), &u));
  // UNKNOWN for 20 s is sent.
  const double unknown_at = t + 2;
  bool sent = false;
  while (!sent && t < unknown_at + 60) sent = gate.Offer(Unknown(t += 2), &u);
  ASSERT_TRUE(sent);
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_FALSE(u.has_cadence);
  EXPECT_DOUBLE_EQ(t - unknown_at, 20.0);
  // Any other label change leaves at once.
  EXPECT_TRUE(gate.Offer(Walking(t += 2, 110.0f), &u));
}

TEST(EgressGateTest, AStreamThatStartsUnknownWaitsForALabel) {
  // The first windows of a stream (the label is still being confirmed, the
  // phone is being put away) are not news: a label that follows within
  // min_unknown_seconds is the first message.
  EgressGate gate{v1::EgressPolicy()};  // min_unknown_seconds 20.
  PendingUpdate u;
  double t = 0;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(gate.Offer(Unknown(t += 2), &u));
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 110.0f), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_EQ(u.cadence_spm, 110u);
  // A stream that stays UNKNOWN says so once it has lasted 20 s.
  EgressGate unknown_gate{v1::EgressPolicy()};
  const double unknown_at = t += 2;
  bool sent = false;
  while (!sent && t < unknown_at + 60) sent = unknown_gate.Offer(Unknown(t += 2), &u);
  ASSERT_TRUE(sent);
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_DOUBLE_EQ(t - (unknown_at + 2), 20.0);
  // With min_unknown_seconds 0 it leaves at once.
  v1::EgressPolicy at_once;
  at_once.set_min_unknown_seconds(0);
  EgressGate at_once_gate{at_once};
  EXPECT_TRUE(at_once_gate.Offer(Unknown(0), &u));
  // So does the first window in EMIT_EVERY_WINDOW mode.
  v1::EgressPolicy every;
  every.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  EgressGate every_gate{every};
  EXPECT_TRUE(every_gate.Offer(Unknown(0), &u));
}

ReportedState Stepping(double t, v1::Activity activity) {
  ReportedState s;
  s.t_end_seconds = t;
  s.activity = activity;
  s.confidence = v1::CONFIDENCE_HIGH;
  return s;
}

TEST(EgressGateTest, ANewWalkWaitsForItsTempoToLeaveInOneMessage) {
  EgressGate gate{v1::EgressPolicy()};  // tempo_wait_seconds 6.
  PendingUpdate u;
  ReportedState still;
  still.t_end_seconds = 0;
  still.activity = v1::ACTIVITY_STILL;
  ASSERT_TRUE(gate.Offer(still, &u));
  // WALKING without a cadence for 4 s, then with one: one message.
  EXPECT_FALSE(gate.Offer(Stepping(2, v1::ACTIVITY_WALKING), &u));
  EXPECT_FALSE(gate.Offer(Stepping(4, v1::ACTIVITY_WALKING), &u));
  ASSERT_TRUE(gate.Offer(Walking(6, 112.0f), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  ASSERT_TRUE(u.has_cadence);
  EXPECT_EQ(u.cadence_spm, 110u);
}

TEST(EgressGateTest, ALabelWhoseTempoIsLateLeavesAloneAfterTheWait) {
  EgressGate gate{v1::EgressPolicy()};
  PendingUpdate u;
  // The first message of a stream waits too, 6 s at most.
  double t = 0;
  EXPECT_FALSE(gate.Offer(Stepping(t, v1::ACTIVITY_RUNNING), &u));
  EXPECT_FALSE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_RUNNING), &u));
  EXPECT_FALSE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_RUNNING), &u));
  ASSERT_TRUE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_RUNNING), &u));
  EXPECT_DOUBLE_EQ(t, 6.0);
  EXPECT_EQ(u.activity, v1::ACTIVITY_RUNNING);
  EXPECT_FALSE(u.has_cadence);
  // The tempo follows as soon as it is known.
  ReportedState running = Walking(t += 2, 170.0f);
  running.activity = v1::ACTIVITY_RUNNING;
  ASSERT_TRUE(gate.Offer(running, &u));
  EXPECT_EQ(u.cadence_spm, 170u);
  // A change of stepping label waits for its own tempo; the running message
  // stands meanwhile, and a new label restarts the wait.
  EXPECT_FALSE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_WALKING), &u));
  EXPECT_FALSE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_WALKING), &u));
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 110.0f), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_EQ(u.cadence_spm, 110u);
  // With tempo_wait_seconds 0 the label leaves at once.
  v1::EgressPolicy at_once;
  at_once.set_tempo_wait_seconds(0);
  EgressGate at_once_gate{at_once};
  ASSERT_TRUE(at_once_gate.Offer(Stepping(0, v1::ACTIVITY_WALKING), &u));
  EXPECT_FALSE(u.has_cadence);
}

TEST(EgressGateTest, AHeartbeatDuringATempoWaitRepeatsTheLastMessage) {
  v1::EgressPolicy policy;
  policy.set_heartbeat_minutes(1);
  policy.set_tempo_wait_seconds(60);
  EgressGate gate{policy};
  PendingUpdate u;
  ReportedState still;
  still.activity = v1::ACTIVITY_STILL;
  ASSERT_TRUE(gate.Offer(still, &u));
  double t = 0;
  while (t < 58) EXPECT_FALSE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_WALKING), &u));
  ASSERT_TRUE(gate.Offer(Stepping(t += 2, v1::ACTIVITY_WALKING), &u));
  EXPECT_DOUBLE_EQ(t, 60.0);
  EXPECT_EQ(u.activity, v1::ACTIVITY_STILL);
}

TEST(EgressGateTest, AHeartbeatDuringAShortUnknownRepeatsTheLastMessage) {
  EgressGate gate{v1::EgressPolicy()};
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(Walking(0, 110.0f), &u));
  double t = 0;
  while (t < 290) EXPECT_FALSE(gate.Offer(Walking(t += 2, 110.0f), &u));
  bool sent = false;
  while (!sent && t < 310) sent = gate.Offer(Unknown(t += 2), &u);
  ASSERT_TRUE(sent);
  EXPECT_DOUBLE_EQ(t, 300.0);
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_EQ(u.cadence_spm, 110u);
}

// A heartbeat that repeats a masked label's UNKNOWN is a masked label again (the ledger counts
// it in masked_labels), and it carries nothing of the true label: no cadence, LOW confidence.
TEST(EgressGateTest, AHeartbeatRepeatingAMaskedLabelIsMasked) {
  v1::EgressPolicy policy;
  policy.add_allowed_activities(v1::ACTIVITY_STILL);
  policy.add_allowed_activities(v1::ACTIVITY_WALKING);
  policy.set_heartbeat_minutes(1);
  policy.set_tempo_wait_seconds(60);
  policy.set_min_unknown_seconds(0);
  EgressGate gate{policy};
  PendingUpdate u;
  ReportedState running = Walking(0, 170.0f);
  running.activity = v1::ACTIVITY_RUNNING;
  ASSERT_TRUE(gate.Offer(running, &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_TRUE(u.masked);
  // A walk whose tempo is not known yet waits; the heartbeat repeats the masked message.
  double t = 0;
  bool sent = false;
  while (!sent && t < 62) sent = gate.Offer(Stepping(t += 2, v1::ACTIVITY_WALKING), &u);
  ASSERT_TRUE(sent);
  EXPECT_DOUBLE_EQ(t, 60.0);
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_FALSE(u.has_cadence);
  EXPECT_EQ(u.confidence, v1::CONFIDENCE_LOW);
  EXPECT_TRUE(u.masked);

  // A heartbeat that repeats an allowed label is not masked, even while the current label is
  // (a masked label is a short spell of UNKNOWN here, which the last message outlasts).
  policy.set_min_unknown_seconds(600);
  EgressGate allowed{policy};
  ASSERT_TRUE(allowed.Offer(Walking(0, 110.0f), &u));
  EXPECT_FALSE(u.masked);
  t = 0;
  sent = false;
  while (!sent && t < 62) {
    running.t_end_seconds = t += 2;
    sent = allowed.Offer(running, &u);
  }
  ASSERT_TRUE(sent);
  EXPECT_DOUBLE_EQ(t, 60.0);
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_FALSE(u.masked);
}

TEST(EgressGateTest, EveryWindowModeReportsTheSmoothedTempoWithoutWaiting) {
  v1::EgressPolicy policy;
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  EgressGate gate{policy};
  PendingUpdate u;
  double t = 0;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(gate.Offer(Walking(t += 2, 100.0f), &u));
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 120.0f), &u));
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 120.0f), &u));
  EXPECT_EQ(u.cadence_spm, 100u);
  ASSERT_TRUE(gate.Offer(Walking(t += 2, 120.0f), &u));
  EXPECT_EQ(u.cadence_spm, 120u);
  ASSERT_TRUE(gate.Offer(Unknown(t += 2), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
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
