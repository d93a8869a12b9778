// activity_fusion.h: the accelerometer's decision, checked against GPS speed.
//
// The accelerometer sees stepping (walking, running) well and cannot tell a
// bus from a chair; GPS sees speed and cannot see steps. FuseActivity combines
// one window's ActivityDecision with the GPS evidence of the same time span,
// by rules rooted in physics:
//   - no GPS evidence (denied, stale, no fix): the accelerometer decides alone;
//   - stepping at a speed no runner sustains (> kMaxRunningSpeedMps): someone
//     walking inside a vehicle (a bus aisle): WALKING, never RUNNING;
//   - WALKING at a speed no walker reaches (> kMaxWalkingSpeedMps) where the
//     GPS model says cycling: pedalling read as steps: CYCLING;
//   - no stepping while moving (85th percentile speed > kMinMovingSpeedMps)
//     where the GPS model says cycling or in a vehicle: that mode;
//   - otherwise the accelerometer's decision.
//
//   ActivityDecision d = FuseActivity(accel_decision, evidence);
#ifndef MINSENSE_PIPELINE_ACTIVITY_FUSION_H_
#define MINSENSE_PIPELINE_ACTIVITY_FUSION_H_

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/activity_classifier.h"

namespace minsense {

// GpsEvidence is what fusion knows of GPS for one window. Local only.
struct GpsEvidence {
  bool valid = false;  // Fresh, covering enough of the span.
  float median_speed_mps = 0;
  float p85_speed_mps = 0;
  v1::Activity transport = v1::ACTIVITY_UNKNOWN;  // The GPS-only model's mode.
  v1::Confidence transport_confidence = v1::CONFIDENCE_LOW;
};

// Speeds in m/s. Sustained running above 7 m/s (25 km/h) is elite sprinting;
// walking above 2.5 m/s (9 km/h) is race walking at best.
inline constexpr float kMaxWalkingSpeedMps = 2.5f;
inline constexpr float kMaxRunningSpeedMps = 7.0f;
inline constexpr float kMinMovingSpeedMps = 1.5f;

// FuseActivity returns the fused decision; with !gps.valid it returns
// `accel` unchanged. A changed label has at most MEDIUM confidence.
ActivityDecision FuseActivity(const ActivityDecision& accel, const GpsEvidence& gps);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACTIVITY_FUSION_H_
