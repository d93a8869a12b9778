#include "pipeline/step_counter.h"

#include <algorithm>
#include <cmath>

namespace minsense {

void StepCounter::AddSteppingWindow(const StepWindow& w, double stepping_seconds, double until_t) {
  const double steps = w.cadence_spm / 60.0 * stepping_seconds;
  if (!in_bout_) {
    in_bout_ = true;
    bout_windows_ = 0;
    bout_from_t_ = counted_until_t_;
    bout_cadence_spm_ = w.cadence_spm;
    pending_ = 1.0 + steps;  // The bout's first step starts its first interval.
  } else {
    pending_ += steps;
  }
  counted_until_t_ = until_t;
  missed_windows_ = 0;
  if (stepping_seconds > 0) bout_cadence_spm_ = w.cadence_spm;
  if (++bout_windows_ >= confirm_windows_) {
    committed_ += pending_;
    pending_ = 0;
  }
}

void StepCounter::EndBout() {
  // Unconfirmed steps are dropped, and the time they covered is free again
  // for the next bout to look back over.
  if (in_bout_ && bout_windows_ < confirm_windows_) counted_until_t_ = bout_from_t_;
  pending_ = 0;
  in_bout_ = false;
  missed_windows_ = 0;
}

void StepCounter::MissWindow() {
  if (in_bout_ && bout_windows_ >= confirm_windows_ && ++missed_windows_ <= kMaxMissedWindows) {
    return;
  }
  EndBout();
}

uint64_t StepCounter::steps() const {
  return static_cast<uint64_t>(std::llround(std::max(0.0, committed_)));
}

}  // namespace minsense
