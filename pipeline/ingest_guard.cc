#include "pipeline/ingest_guard.h"

#include "pipeline/secure_zero.h"

namespace minsense {

IngestGuard::~IngestGuard() { SecureZero(previous_, sizeof(previous_)); }

void IngestGuard::Reset() {
  has_last_ = false;
  segment_samples_ = 0;
  resync_count_ = 0;
  resync_t_ = 0;
  has_previous_ = false;
  SecureZero(previous_, sizeof(previous_));
}

RejectReason IngestGuard::CheckDisagreeingTime(double t) {
  if (t == last_t_) return RejectReason::kRepeatedTimestamp;
  const RejectReason reason =
      t < last_t_ ? RejectReason::kOutOfOrder : RejectReason::kImplausibleTime;
  // Earlier than a confirmed clock: a late or replayed sample, never a reason to go back.
  if (reason == RejectReason::kOutOfOrder && segment_samples_ >= kResyncSamples) return reason;
  if (resync_count_ > 0 && t > resync_t_ && t - resync_t_ <= max_gap_seconds_) {
    ++resync_count_;
  } else {
    resync_count_ = 1;
  }
  resync_t_ = t;
  if (resync_count_ < kResyncSamples) return reason;
  has_last_ = false;  // The clock restarts at this sample.
  return RejectReason::kCount;
}

}  // namespace minsense
