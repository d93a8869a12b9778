// label_smoother.h: hysteresis on the activity label.
//
// A new label is reported only after it has won `stable_windows` consecutive
// windows, so a pickup of the phone or a pause at a traffic light does not
// flap the label.
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

  // Update takes the label of the newest window and returns the reported one.
  v1::Activity Update(v1::Activity raw);

  // Reset returns to the initial state (UNKNOWN, no candidate).
  void Reset();

  v1::Activity current() const { return current_; }

 private:
  int stable_windows_;
  v1::Activity current_ = v1::ACTIVITY_UNKNOWN;
  v1::Activity candidate_ = v1::ACTIVITY_UNKNOWN;
  int candidate_count_ = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_LABEL_SMOOTHER_H_
