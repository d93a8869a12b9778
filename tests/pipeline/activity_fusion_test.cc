#include "pipeline/activity_fusion.h"

#include <gtest/gtest.h>

namespace minsense {
namespace {

ActivityDecision Accel(v1::Activity a, v1::Confidence c = v1::CONFIDENCE_HIGH) {
  ActivityDecision d;
  d.activity = a;
  d.confidence = c;
  return d;
}

GpsEvidence Gps(float median, float p85, v1::Activity mode) {
  GpsEvidence e;
  e.valid = true;
  e.median_speed_mps = median;
  e.p85_speed_mps = p85;
  e.transport = mode;
  e.transport_confidence = v1::CONFIDENCE_HIGH;
  return e;
}

TEST(ActivityFusionTest, WithoutEvidenceTheAccelerometerDecides) {
  for (v1::Activity a :
       {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_RUNNING, v1::ACTIVITY_UNKNOWN}) {
    GpsEvidence none = Gps(20, 25, v1::ACTIVITY_IN_VEHICLE);
    none.valid = false;
    const ActivityDecision d = FuseActivity(Accel(a), none);
    EXPECT_EQ(d.activity, a);
    EXPECT_EQ(d.confidence, v1::CONFIDENCE_HIGH);
  }
}

TEST(ActivityFusionTest, SteppingAtVehicleSpeedIsWalkingNeverRunning) {
  const GpsEvidence bus = Gps(12, 15, v1::ACTIVITY_IN_VEHICLE);
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_RUNNING), bus).activity, v1::ACTIVITY_WALKING);
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_RUNNING), bus).confidence, v1::CONFIDENCE_MEDIUM);
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_WALKING), bus).activity, v1::ACTIVITY_WALKING);
  // A runner at running speed stays a runner, whatever the GPS model says.
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_RUNNING), Gps(3.5f, 4, v1::ACTIVITY_CYCLING)).activity,
            v1::ACTIVITY_RUNNING);
}

TEST(ActivityFusionTest, PedallingReadAsStepsBecomesCyclingAtCyclingSpeed) {
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_WALKING), Gps(5, 6, v1::ACTIVITY_CYCLING)).activity,
            v1::ACTIVITY_CYCLING);
  // At walking speed, a walker stays a walker.
  EXPECT_EQ(
      FuseActivity(Accel(v1::ACTIVITY_WALKING), Gps(1.4f, 1.7f, v1::ACTIVITY_CYCLING)).activity,
      v1::ACTIVITY_WALKING);
}

TEST(ActivityFusionTest, NoSteppingWhileMovingTakesTheGpsMode) {
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_STILL), Gps(12, 15, v1::ACTIVITY_IN_VEHICLE)).activity,
            v1::ACTIVITY_IN_VEHICLE);
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_UNKNOWN), Gps(5, 6, v1::ACTIVITY_CYCLING)).activity,
            v1::ACTIVITY_CYCLING);
  // Not moving: the accelerometer's still stays.
  EXPECT_EQ(
      FuseActivity(Accel(v1::ACTIVITY_STILL), Gps(0.2f, 0.4f, v1::ACTIVITY_IN_VEHICLE)).activity,
      v1::ACTIVITY_STILL);
  // Walking speed without steps (phone on a desk on a slow train?): no guess.
  EXPECT_EQ(FuseActivity(Accel(v1::ACTIVITY_STILL), Gps(1.4f, 1.8f, v1::ACTIVITY_WALKING)).activity,
            v1::ACTIVITY_STILL);
}

}  // namespace
}  // namespace minsense
