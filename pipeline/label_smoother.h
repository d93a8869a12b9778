// label_smoother.h: hysteresis on the activity label.
//
// A new label is reported only after it has won `stable_windows` consecutive
// windows, so a pickup of the phone or a pause at a traffic light does not
// flap the label. Leaving UNKNOWN (the start of a stream, after a gap) needs
// no wait when the window's confidence is HIGH: there is no label to flap
// from, and the first tempo arrives one hop sooner.
//
// From a label that is not stepping, WALKING and RUNNING count as one
// candidate (the newest of them is reported): a gait whose first windows
// sit between walking and running is stepping either way, and its tempo
// need not wait for the label to settle. Between WALKING and RUNNING the
// usual rule holds.
//
// Stepping after a ride needs one window more: when the last label other than
// UNKNOWN was CYCLING or IN_VEHICLE, WALKING or RUNNING is reported only after
// stable_windows + 1 consecutive windows, whatever their confidence. A pedal
// stroke or a vehicle's sway is what a step detector mistakes for gait most
// often, mostly for a window or two (in the cycling recordings of
// hugadb-thigh, 8 of the 13 windows that carried a tempo came from runs of
// two); getting off a bike or out of a car takes longer than a hop anyway.
// from_ride() then stays true for as long as that stepping label lasts, so
// that the caller can ask more of a tempo there (pipeline.cc: the steps must
// have been counted first).
//
//   LabelSmoother smoother(/*stable_windows=*/2);
//   v1::Activity reported = smoother.Update(raw_label);
#ifndef MINSENSE_PIPELINE_LABEL_SMOOTHER_H_
#define MINSENSE_PIPELINE_LABEL_SMOOTHER_H_

#include "minsense/v1/activity_update.pb.h"

namespace minsense {

class LabelSmoother {
 public:
  explicit LabelSmoother(int stable_windows) : stable_windows_(stable_windows) {}

  // Update takes the label of the newest window and its confidence, and
  // returns the reported label.
  v1::Activity Update(v1::Activity raw, v1::Confidence confidence = v1::CONFIDENCE_MEDIUM);

  // Reset returns to the initial state (UNKNOWN, no candidate).
  void Reset();

  v1::Activity current() const { return current_; }

  // from_ride: the reported label is WALKING or RUNNING and was reached from
  // a ride (the last label but UNKNOWN before it was CYCLING or IN_VEHICLE).
  bool from_ride() const { return from_ride_; }

 private:
  // Report makes `label` the reported one; after_ride: it is stepping, reached from a ride.
  void Report(v1::Activity label, bool after_ride);

  int stable_windows_;
  v1::Activity current_ = v1::ACTIVITY_UNKNOWN;
  v1::Activity candidate_ = v1::ACTIVITY_UNKNOWN;
  int candidate_count_ = 0;
  v1::Activity last_known_ = v1::ACTIVITY_UNKNOWN;  // Last reported label but UNKNOWN.
  bool from_ride_ = false;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_LABEL_SMOOTHER_H_
