// activity_labels.h: what the activity labels mean to the stages.
#ifndef MINSENSE_PIPELINE_ACTIVITY_LABELS_H_
#define MINSENSE_PIPELINE_ACTIVITY_LABELS_H_

#include "minsense/v1/activity_update.pb.h"

namespace minsense {

// IsStepping: WALKING or RUNNING, the labels under which steps are counted and a tempo may
// leave (stairs count as walking).
inline bool IsStepping(v1::Activity a) {
  return a == v1::ACTIVITY_WALKING || a == v1::ACTIVITY_RUNNING;
}

// IsRide: CYCLING or IN_VEHICLE, the labels of moving without stepping (GPS speed tells them
// from STILL; a pedal stroke or a vehicle's sway is what passes for gait most often).
inline bool IsRide(v1::Activity a) {
  return a == v1::ACTIVITY_CYCLING || a == v1::ACTIVITY_IN_VEHICLE;
}

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACTIVITY_LABELS_H_
