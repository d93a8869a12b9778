#include "pipeline/label_smoother.h"

#include <gtest/gtest.h>

namespace minsense {
namespace {

using v1::ACTIVITY_RUNNING;
using v1::ACTIVITY_STILL;
using v1::ACTIVITY_UNKNOWN;
using v1::ACTIVITY_WALKING;

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
