#include "pipeline/clock_resync.h"

namespace minsense {

ClockJudgement ClockResync::Judge(double t, double clock_t, bool confirmed, double max_step,
                                  int needed) {
  if (t == clock_t) return ClockJudgement::kRepeated;
  const ClockJudgement judgement = t < clock_t ? ClockJudgement::kEarlier : ClockJudgement::kAhead;
  // Earlier than a confirmed clock: late or replayed data, never a reason to go back.
  if (judgement == ClockJudgement::kEarlier && confirmed) return judgement;
  if (count_ > 0 && t > last_t_ && t - last_t_ <= max_step) {
    ++count_;
  } else {
    count_ = 1;
  }
  last_t_ = t;
  return count_ < needed ? judgement : ClockJudgement::kRestart;
}

}  // namespace minsense
