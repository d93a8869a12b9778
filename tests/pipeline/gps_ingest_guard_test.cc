#include "pipeline/gps_ingest_guard.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace minsense {
namespace {

GpsFix Fix(double t, double lat, double lon, double accuracy = std::nan("")) {
  GpsFix f;
  f.t_seconds = t;
  f.latitude_deg = lat;
  f.longitude_deg = lon;
  f.accuracy_m = accuracy;
  return f;
}

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// 1e-5 degrees of latitude is 1.11 m.
constexpr double kMetersPerDeg = 111195.08;

TEST(GpsIngestGuardTest, RejectsEachKindOfBadFix) {
  struct Case {
    GpsFix fix;
    GpsRejectReason reason;
  };
  const Case cases[] = {
      {Fix(kNan, 40, 116), GpsRejectReason::kNonFinite},
      {Fix(0, kNan, 116), GpsRejectReason::kNonFinite},
      {Fix(0, 40, kInf), GpsRejectReason::kNonFinite},
      {Fix(0, 90.5, 116), GpsRejectReason::kOutOfRange},
      {Fix(0, -91, 116), GpsRejectReason::kOutOfRange},
      {Fix(0, 40, 180.01), GpsRejectReason::kOutOfRange},
      {Fix(0, 40, -200), GpsRejectReason::kOutOfRange},
      {Fix(0, 0, 0), GpsRejectReason::kNullIsland},
      {Fix(0, 40, 116, 51), GpsRejectReason::kPoorAccuracy},
      {Fix(0, 40, 116, -1), GpsRejectReason::kPoorAccuracy},
      {Fix(0, 40, 116, kInf), GpsRejectReason::kPoorAccuracy},
  };
  for (const Case& c : cases) {
    GpsIngestGuard guard;
    const GpsVerdict v = guard.Check(c.fix);
    EXPECT_FALSE(v.accepted);
    EXPECT_EQ(v.reason, c.reason) << GpsRejectReasonName(c.reason);
  }
  // Edges that are fine: the poles, the antimeridian, the equator or the
  // prime meridian alone, an accuracy exactly at the limit.
  GpsIngestGuard guard;
  EXPECT_TRUE(guard.Check(Fix(0, 90, 0)).accepted);
  guard.Reset();
  EXPECT_TRUE(guard.Check(Fix(0, 0, 180)).accepted);
  guard.Reset();
  EXPECT_TRUE(guard.Check(Fix(0, 0, 5)).accepted);
  guard.Reset();
  EXPECT_TRUE(guard.Check(Fix(0, 5, 0, GpsIngestGuard::kMaxAccuracyMeters)).accepted);
}

TEST(GpsIngestGuardTest, OrderRepeatsAndSpeed) {
  GpsIngestGuard guard;
  const GpsVerdict first = guard.Check(Fix(100, 40, 116));
  EXPECT_TRUE(first.accepted);
  EXPECT_FALSE(first.has_step);
  // 14 m north in 10 s: 1.4 m/s, bearing 0.
  const GpsVerdict second = guard.Check(Fix(110, 40 + 14 / kMetersPerDeg, 116));
  ASSERT_TRUE(second.accepted);
  ASSERT_TRUE(second.has_step);
  EXPECT_NEAR(second.step.speed_mps, 1.4, 1e-3);
  EXPECT_NEAR(second.step.dt_seconds, 10, 1e-12);
  EXPECT_NEAR(second.step.bearing_deg, 0, 1e-3);
  EXPECT_EQ(guard.Check(Fix(110, 40, 116)).reason, GpsRejectReason::kRepeatedTimestamp);
  EXPECT_EQ(guard.Check(Fix(105, 40, 116)).reason, GpsRejectReason::kOutOfOrder);
  // A gap longer than kMaxGapSeconds: accepted, but no step across it.
  const GpsVerdict after_gap = guard.Check(Fix(110 + GpsIngestGuard::kMaxGapSeconds + 1, 40, 116));
  EXPECT_TRUE(after_gap.accepted);
  EXPECT_FALSE(after_gap.has_step);
}

TEST(GpsIngestGuardTest, JumpsFasterThanATrainAreDroppedAndAnOutlierAnchorIsReplaced) {
  GpsIngestGuard guard;
  ASSERT_TRUE(guard.Check(Fix(0, 40, 116)).accepted);
  // 1 km in 1 s.
  EXPECT_EQ(guard.Check(Fix(1, 40 + 1000 / kMetersPerDeg, 116)).reason,
            GpsRejectReason::kImplausibleJump);
  // 99 m/s is a fast train: fine.
  const GpsVerdict fast = guard.Check(Fix(2, 40 + 198 / kMetersPerDeg, 116));
  ASSERT_TRUE(fast.has_step);
  EXPECT_NEAR(fast.step.speed_mps, 99, 0.01);

  // An outlier first fix, then a steady track far away: after
  // kMaxConsecutiveJumps rejections the guard re-anchors on the track.
  GpsIngestGuard outlier;
  ASSERT_TRUE(outlier.Check(Fix(0, 45, 120)).accepted);
  int rejected = 0;
  int t = 1;
  for (; t <= 20; ++t) {
    const GpsVerdict v = outlier.Check(Fix(t, 40 + t * 1.4 / kMetersPerDeg, 116));
    if (!v.accepted) {
      EXPECT_EQ(v.reason, GpsRejectReason::kImplausibleJump);
      ++rejected;
    } else if (t > GpsIngestGuard::kMaxConsecutiveJumps + 1) {
      ASSERT_TRUE(v.has_step);
      EXPECT_NEAR(v.step.speed_mps, 1.4, 1e-3);
    }
  }
  EXPECT_EQ(rejected, GpsIngestGuard::kMaxConsecutiveJumps);
}

// A fix whose time is years ahead (a receiver glitch) is near the anchor in space, so no speed
// check catches it; it must not become the anchor, or every correct fix after it would be out
// of order.
TEST(GpsIngestGuardTest, WildFutureTimeIsRejectedAndDoesNotMoveTheAnchor) {
  GpsIngestGuard guard;
  ASSERT_TRUE(guard.Check(Fix(0, 40, 116)).accepted);
  EXPECT_EQ(guard.Check(Fix(1 + 3.0e8, 40, 116)).reason, GpsRejectReason::kImplausibleTime);
  for (int t = 1; t <= 60; ++t) {
    const GpsVerdict v = guard.Check(Fix(t, 40 + t * 1.4 / kMetersPerDeg, 116));
    ASSERT_TRUE(v.accepted) << "t " << t;
    ASSERT_TRUE(v.has_step) << "t " << t;
    EXPECT_NEAR(v.step.speed_mps, 1.4, 1e-3);
  }
}

// A wild first time is overruled by the consistent fixes after it; a real jump of days (the
// receiver kept its clock) is followed after a few fixes.
TEST(GpsIngestGuardTest, ClockIsRestartedByConsistentFixes) {
  GpsIngestGuard wild_first;
  ASSERT_TRUE(wild_first.Check(Fix(3.0e8, 40, 116)).accepted);
  for (int t = 1; t <= 60; ++t) {
    const GpsVerdict v = wild_first.Check(Fix(t, 40 + t * 1.4 / kMetersPerDeg, 116));
    if (t < GpsIngestGuard::kResyncFixes) {
      ASSERT_EQ(v.reason, GpsRejectReason::kOutOfOrder) << "t " << t;
    } else {
      ASSERT_TRUE(v.accepted) << "t " << t;
      ASSERT_EQ(v.has_step, t > GpsIngestGuard::kResyncFixes) << "t " << t;
    }
  }

  GpsIngestGuard jump;
  for (int t = 0; t < 60; ++t)
    ASSERT_TRUE(jump.Check(Fix(t, 40 + t * 1.4 / kMetersPerDeg, 116)).accepted);
  const double later = 3 * 86400.0;
  int first = -1;
  for (int t = 0; t < 60; ++t) {
    const GpsVerdict v = jump.Check(Fix(later + t, 41 + t * 1.4 / kMetersPerDeg, 116));
    if (!v.accepted) {
      EXPECT_EQ(v.reason, GpsRejectReason::kImplausibleTime);
    }
    if (v.accepted && first < 0) first = t;
    if (first >= 0 && t > first) {
      ASSERT_TRUE(v.has_step) << "t " << t;
    }
  }
  EXPECT_EQ(first, GpsIngestGuard::kResyncFixes - 1);
}

TEST(GpsIngestGuardTest, ResetZeroesTheStoredFix) {
  GpsIngestGuard guard;
  ASSERT_TRUE(guard.Check(Fix(0, 51.752, -1.2577)).accepted);
  EXPECT_EQ(guard.anchor_for_testing()[0], 51.752);
  guard.Reset();
  EXPECT_EQ(guard.anchor_for_testing()[0], 0);
  EXPECT_EQ(guard.anchor_for_testing()[1], 0);
  // After a reset the next fix starts a segment.
  EXPECT_FALSE(guard.Check(Fix(1, 51.752, -1.2577)).has_step);
}

}  // namespace
}  // namespace minsense
