#include "pipeline/ingest_guard.h"

#include "pipeline/secure_zero.h"

namespace minsense {

IngestGuard::~IngestGuard() { SecureZero(previous_, sizeof(previous_)); }

void IngestGuard::Reset() {
  has_last_ = false;
  segment_samples_ = 0;
  resync_.Reset();
  has_previous_ = false;
  SecureZero(previous_, sizeof(previous_));
}

RejectReason IngestGuard::CheckDisagreeingTime(double t) {
  switch (resync_.Judge(t, last_t_, segment_samples_ >= kResyncSamples, max_gap_seconds_,
                        kResyncSamples)) {
    case ClockJudgement::kRepeated:
      return RejectReason::kRepeatedTimestamp;
    case ClockJudgement::kEarlier:
      return RejectReason::kOutOfOrder;
    case ClockJudgement::kAhead:
      return RejectReason::kImplausibleTime;
    case ClockJudgement::kRestart:
      break;
  }
  has_last_ = false;  // The clock restarts at this sample.
  return RejectReason::kCount;
}

}  // namespace minsense
