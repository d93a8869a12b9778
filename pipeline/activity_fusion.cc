#include "pipeline/activity_fusion.h"

#include <algorithm>

#include "pipeline/activity_labels.h"

namespace minsense {
namespace {

ActivityDecision Changed(const ActivityDecision& accel, v1::Activity to,
                         v1::Confidence gps_confidence) {
  if (to == accel.activity) return accel;
  ActivityDecision d;
  d.activity = to;
  d.confidence = std::min(gps_confidence, v1::CONFIDENCE_MEDIUM);
  return d;
}

}  // namespace

ActivityDecision FuseActivity(const ActivityDecision& accel, const GpsEvidence& gps) {
  if (!gps.valid) return accel;
  if (IsStepping(accel.activity)) {
    if (gps.median_speed_mps > kMaxRunningSpeedMps) {
      // Steps inside something that moves faster than any runner.
      return Changed(accel, v1::ACTIVITY_WALKING, v1::CONFIDENCE_MEDIUM);
    }
    if (accel.activity == v1::ACTIVITY_WALKING && gps.median_speed_mps > kMaxWalkingSpeedMps &&
        gps.transport == v1::ACTIVITY_CYCLING) {
      return Changed(accel, v1::ACTIVITY_CYCLING, gps.transport_confidence);
    }
    return accel;
  }
  if (gps.p85_speed_mps > kMinMovingSpeedMps && IsRide(gps.transport)) {
    return Changed(accel, gps.transport, gps.transport_confidence);
  }
  return accel;
}

}  // namespace minsense
