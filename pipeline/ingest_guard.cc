#include "pipeline/ingest_guard.h"

#include "pipeline/secure_zero.h"

namespace minsense {

IngestGuard::~IngestGuard() { SecureZero(previous_, sizeof(previous_)); }

IngestVerdict IngestGuard::CheckUnusual(const AccelSample& s) {
  IngestVerdict v;
  if (const RejectReason bad = CheckValues(s); bad != RejectReason::kCount) {
    v.reason = bad;
    return v;
  }
  if (const RejectReason time = CheckTime(s.t_seconds); time != RejectReason::kCount) {
    v.reason = time;
    return v;
  }
  if (const RejectReason run = TrackRuns(s); run != RejectReason::kCount) {
    v.reason = run;
    return v;
  }
  v.accepted = true;
  if (!has_last_ || s.t_seconds - last_t_ > max_gap_seconds_) {
    v.gap = true;
    segment_samples_ = 1;
  } else {
    v.dt_seconds = s.t_seconds - last_t_;
    segment_samples_ += segment_samples_ < kResyncSamples ? 1 : 0;
  }
  has_last_ = true;
  last_t_ = s.t_seconds;
  resync_.Clear();
  return v;
}

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
