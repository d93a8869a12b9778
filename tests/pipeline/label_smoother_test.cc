#include "pipeline/label_smoother.h"

#include <gtest/gtest.h>

namespace minsense {
namespace {

using v1::ACTIVITY_RUNNING;
using v1::ACTIVITY_STILL;
using v1::ACTIVITY_UNKNOWN;
using v1::ACTIVITY_WALKING;

// Settle feeds `label` for two windows (what a 2-window smoother needs to report it) and
// returns the reported label.
v1::Activity Settle(LabelSmoother& s, v1::Activity label) {
  s.Update(label);
  return s.Update(label);
}

TEST(LabelSmootherTest, StartsUnknownAndNeedsStableWindows) {
  LabelSmoother s(2);
  EXPECT_EQ(s.current(), ACTIVITY_UNKNOWN);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_UNKNOWN);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_WALKING);
}

TEST(LabelSmootherTest, SingleOutlierDoesNotFlap) {
  LabelSmoother s(2);
  s.Update(ACTIVITY_WALKING);
  s.Update(ACTIVITY_WALKING);
  EXPECT_EQ(s.Update(ACTIVITY_STILL), ACTIVITY_WALKING);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_WALKING);
  EXPECT_EQ(s.Update(ACTIVITY_STILL), ACTIVITY_WALKING);
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING), ACTIVITY_WALKING);  // Candidate changed: count restarts.
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING), ACTIVITY_RUNNING);
}

TEST(LabelSmootherTest, OneWindowMeansNoHysteresis) {
  LabelSmoother s(1);
  EXPECT_EQ(s.Update(ACTIVITY_STILL), ACTIVITY_STILL);
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING), ACTIVITY_RUNNING);
}

TEST(LabelSmootherTest, ConfidentFirstLabelNeedsNoWait) {
  LabelSmoother s(2);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING, v1::CONFIDENCE_HIGH), ACTIVITY_WALKING);
  // Once established, even a confident new label waits.
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING, v1::CONFIDENCE_HIGH), ACTIVITY_WALKING);
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING, v1::CONFIDENCE_HIGH), ACTIVITY_RUNNING);
}

TEST(LabelSmootherTest, WalkingAndRunningAreOneCandidateFromRest) {
  LabelSmoother s(2);
  ASSERT_EQ(Settle(s, ACTIVITY_STILL), ACTIVITY_STILL);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_STILL);
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING), ACTIVITY_RUNNING);  // Stepping twice: the newest label.
  // Once stepping, WALKING and RUNNING are different labels again.
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_RUNNING);
  EXPECT_EQ(s.Update(ACTIVITY_RUNNING), ACTIVITY_RUNNING);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_RUNNING);
  EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_WALKING);
  // Stepping then something else does not add up.
  LabelSmoother t(2);
  Settle(t, ACTIVITY_STILL);
  t.Update(ACTIVITY_WALKING);
  EXPECT_EQ(t.Update(ACTIVITY_UNKNOWN), ACTIVITY_STILL);
  EXPECT_EQ(t.Update(ACTIVITY_RUNNING), ACTIVITY_STILL);
}

TEST(LabelSmootherTest, SteppingAfterARideNeedsOneWindowMore) {
  for (const v1::Activity ride : {v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE}) {
    LabelSmoother s(2);
    ASSERT_EQ(Settle(s, ride), ride);
    EXPECT_EQ(s.Update(ACTIVITY_WALKING), ride);
    EXPECT_EQ(s.Update(ACTIVITY_WALKING), ride);  // Two windows would do after any other label.
    EXPECT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_WALKING);
    // Through UNKNOWN too: the ride is still the last label known.
    LabelSmoother t(2);
    Settle(t, ride);
    ASSERT_EQ(Settle(t, ACTIVITY_UNKNOWN), ACTIVITY_UNKNOWN);
    EXPECT_EQ(t.Update(ACTIVITY_RUNNING, v1::CONFIDENCE_HIGH), ACTIVITY_UNKNOWN);
    EXPECT_EQ(t.Update(ACTIVITY_RUNNING, v1::CONFIDENCE_HIGH), ACTIVITY_UNKNOWN);
    EXPECT_EQ(t.Update(ACTIVITY_RUNNING, v1::CONFIDENCE_HIGH), ACTIVITY_RUNNING);
    // Other labels after a ride take the usual two windows.
    LabelSmoother u(2);
    Settle(u, ride);
    EXPECT_EQ(Settle(u, ACTIVITY_STILL), ACTIVITY_STILL);
    // And the rule ends with the ride: stepping after STILL takes two windows again.
    EXPECT_EQ(Settle(u, ACTIVITY_WALKING), ACTIVITY_WALKING);
  }
  // Reset forgets the ride.
  LabelSmoother s(2);
  Settle(s, v1::ACTIVITY_CYCLING);
  s.Reset();
  EXPECT_EQ(Settle(s, ACTIVITY_WALKING), ACTIVITY_WALKING);
}

TEST(LabelSmootherTest, FromRideLastsAsLongAsTheGaitReachedFromARide) {
  LabelSmoother s(2);
  EXPECT_FALSE(s.from_ride());
  Settle(s, v1::ACTIVITY_CYCLING);
  EXPECT_FALSE(s.from_ride());  // Riding is not stepping.
  s.Update(ACTIVITY_WALKING);
  s.Update(ACTIVITY_WALKING);
  EXPECT_FALSE(s.from_ride());  // Still reporting the ride.
  ASSERT_EQ(s.Update(ACTIVITY_WALKING), ACTIVITY_WALKING);
  EXPECT_TRUE(s.from_ride());
  EXPECT_TRUE(s.from_ride());
  ASSERT_EQ(Settle(s, ACTIVITY_RUNNING), ACTIVITY_RUNNING);
  EXPECT_TRUE(s.from_ride());  // Walking into running is the same gait.
  ASSERT_EQ(Settle(s, ACTIVITY_STILL), ACTIVITY_STILL);
  EXPECT_FALSE(s.from_ride());
  ASSERT_EQ(Settle(s, ACTIVITY_WALKING), ACTIVITY_WALKING);
  EXPECT_FALSE(s.from_ride());  // From rest, not from a ride.
  // Through UNKNOWN, with the ride the last label known.
  LabelSmoother t(2);
  Settle(t, v1::ACTIVITY_IN_VEHICLE);
  Settle(t, ACTIVITY_UNKNOWN);
  for (int i = 0; i < 3; ++i) t.Update(ACTIVITY_WALKING, v1::CONFIDENCE_HIGH);
  ASSERT_EQ(t.current(), ACTIVITY_WALKING);
  EXPECT_TRUE(t.from_ride());
  t.Reset();
  EXPECT_FALSE(t.from_ride());
}

TEST(LabelSmootherTest, ResetReturnsToUnknown) {
  LabelSmoother s(3);
  for (int i = 0; i < 3; ++i) s.Update(ACTIVITY_STILL);
  ASSERT_EQ(s.current(), ACTIVITY_STILL);
  s.Reset();
  EXPECT_EQ(s.current(), ACTIVITY_UNKNOWN);
  EXPECT_EQ(s.Update(ACTIVITY_STILL), ACTIVITY_UNKNOWN);
}

}  // namespace
}  // namespace minsense
