#include "pipeline/ingest_guard.h"

#include <gtest/gtest.h>

#include <limits>

namespace minsense {
namespace {

constexpr float kMaxAbs = 200;
constexpr float kMaxGap = 1;

AccelSample S(double t, float x = 0, float y = 0, float z = 9.8f) { return {t, x, y, z}; }

TEST(IngestGuardTest, FirstSampleOpensASegment) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  const IngestVerdict v = guard.Check(S(0));
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
  EXPECT_EQ(v.dt_seconds, 0);
}

TEST(IngestGuardTest, AcceptsIncreasingTimesAndReportsDt) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(10.0));
  const IngestVerdict v = guard.Check(S(10.02));
  EXPECT_TRUE(v.accepted);
  EXPECT_FALSE(v.gap);
  EXPECT_NEAR(v.dt_seconds, 0.02, 1e-12);
}

TEST(IngestGuardTest, RejectsNonFiniteValuesAndTimes) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(guard.Check(S(0, nan)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(0, 0, inf)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(0, 0, 0, -inf)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(std::numeric_limits<double>::quiet_NaN())).reason,
            RejectReason::kNonFinite);
  EXPECT_FALSE(guard.Check(S(std::numeric_limits<double>::infinity())).accepted);
}

TEST(IngestGuardTest, RejectsAbsurdMagnitudesOnAnyAxis) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  EXPECT_EQ(guard.Check(S(0, 200.5f)).reason, RejectReason::kOutOfRange);
  EXPECT_EQ(guard.Check(S(0, 0, -1e30f)).reason, RejectReason::kOutOfRange);
  EXPECT_EQ(guard.Check(S(0, 0, 0, 250)).reason, RejectReason::kOutOfRange);
  EXPECT_TRUE(guard.Check(S(0, 200, -200, 200)).accepted);  // The limit itself is fine.
}

TEST(IngestGuardTest, RejectsRepeatedAndBackwardTimes) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  ASSERT_TRUE(guard.Check(S(5)).accepted);
  EXPECT_EQ(guard.Check(S(5)).reason, RejectReason::kRepeatedTimestamp);
  EXPECT_EQ(guard.Check(S(4.9)).reason, RejectReason::kOutOfOrder);
  // A rejected sample does not move the clock.
  const IngestVerdict v = guard.Check(S(5.01));
  EXPECT_TRUE(v.accepted);
  EXPECT_NEAR(v.dt_seconds, 0.01, 1e-12);
}

TEST(IngestGuardTest, LongGapOpensANewSegment) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(0));
  EXPECT_FALSE(guard.Check(S(1.0)).gap);  // Exactly the limit is not a gap.
  const IngestVerdict v = guard.Check(S(2.5));
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
  EXPECT_EQ(v.dt_seconds, 0);
  // Days ahead is a gap too, not a rejection.
  EXPECT_TRUE(guard.Check(S(2.5 + 3 * 86400)).gap);
}

TEST(IngestGuardTest, ResetForgetsTheClock) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(100));
  guard.Reset();
  const IngestVerdict v = guard.Check(S(1));  // Earlier than before Reset.
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
}

}  // namespace
}  // namespace minsense
