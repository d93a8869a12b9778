#include "pipeline/label_smoother.h"

#include "pipeline/activity_labels.h"

namespace minsense {

v1::Activity LabelSmoother::Update(v1::Activity raw, v1::Confidence confidence) {
  if (raw == current_) {
    candidate_count_ = 0;
    return current_;
  }
  const bool after_ride = IsRide(last_known_) && IsStepping(raw);
  if (current_ == v1::ACTIVITY_UNKNOWN && confidence == v1::CONFIDENCE_HIGH && !after_ride) {
    Report(raw, after_ride);
    return current_;
  }
  // From a label that is not stepping, WALKING and RUNNING count as one candidate: the
  // newest of them is reported.
  const bool continues =
      raw == candidate_ || (IsStepping(raw) && IsStepping(candidate_) && !IsStepping(current_));
  if (candidate_count_ > 0 && continues) {
    ++candidate_count_;
  } else {
    candidate_count_ = 1;
  }
  candidate_ = raw;
  if (candidate_count_ >= stable_windows_ + (after_ride ? 1 : 0)) Report(candidate_, after_ride);
  return current_;
}

void LabelSmoother::Report(v1::Activity label, bool after_ride) {
  // WALKING <-> RUNNING keeps whether the gait began right after a ride.
  from_ride_ = after_ride || (from_ride_ && IsStepping(label));
  current_ = label;
  if (label != v1::ACTIVITY_UNKNOWN) last_known_ = label;
  candidate_count_ = 0;
}

void LabelSmoother::Reset() {
  current_ = v1::ACTIVITY_UNKNOWN;
  candidate_ = v1::ACTIVITY_UNKNOWN;
  candidate_count_ = 0;
  last_known_ = v1::ACTIVITY_UNKNOWN;
  from_ride_ = false;
}

}  // namespace minsense
