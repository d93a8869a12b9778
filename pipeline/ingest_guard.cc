#include "pipeline/ingest_guard.h"

#include <cmath>

#include "pipeline/secure_zero.h"

namespace minsense {

IngestGuard::~IngestGuard() { SecureZero(previous_, sizeof(previous_)); }

void IngestGuard::Reset() {
  has_last_ = false;
  has_previous_ = false;
  SecureZero(previous_, sizeof(previous_));
}

RejectReason IngestGuard::TrackRuns(const AccelSample& s) {
  const float values[3] = {s.x_mps2, s.y_mps2, s.z_mps2};
  // A gap (or time going back past rejected samples) ends every run.
  const bool continuous =
      has_previous_ && s.t_seconds >= previous_t_ && s.t_seconds - previous_t_ <= max_gap_seconds_;
  bool frozen = continuous;
  for (int i = 0; i < 3; ++i) {
    const bool same = continuous && values[i] == previous_[i];
    frozen = frozen && same;
    if (!same || std::fabs(values[i]) < kClipLevelMps2) pinned_since_[i] = s.t_seconds;
    previous_[i] = values[i];
  }
  if (!frozen) frozen_since_ = s.t_seconds;
  has_previous_ = true;
  previous_t_ = s.t_seconds;

  if (s.t_seconds - frozen_since_ > kMaxFrozenSeconds) return RejectReason::kStuckSensor;
  for (double since : pinned_since_) {
    if (s.t_seconds - since > kMaxPinnedSeconds) return RejectReason::kClipped;
  }
  return RejectReason::kCount;
}

IngestVerdict IngestGuard::Check(const AccelSample& s) {
  IngestVerdict v;
  if (!std::isfinite(s.t_seconds) || !std::isfinite(s.x_mps2) || !std::isfinite(s.y_mps2) ||
      !std::isfinite(s.z_mps2)) {
    v.reason = RejectReason::kNonFinite;
    return v;
  }
  if (std::fabs(s.x_mps2) > max_abs_mps2_ || std::fabs(s.y_mps2) > max_abs_mps2_ ||
      std::fabs(s.z_mps2) > max_abs_mps2_) {
    v.reason = RejectReason::kOutOfRange;
    return v;
  }
  if (has_last_) {
    if (s.t_seconds < last_t_) {
      v.reason = RejectReason::kOutOfOrder;
      return v;
    }
    if (s.t_seconds == last_t_) {
      v.reason = RejectReason::kRepeatedTimestamp;
      return v;
    }
  }
  if (const RejectReason run = TrackRuns(s); run != RejectReason::kCount) {
    v.reason = run;
    return v;
  }
  v.accepted = true;
  if (!has_last_ || s.t_seconds - last_t_ > max_gap_seconds_) {
    v.gap = true;
  } else {
    v.dt_seconds = s.t_seconds - last_t_;
  }
  has_last_ = true;
  last_t_ = s.t_seconds;
  return v;
}

}  // namespace minsense
