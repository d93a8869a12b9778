#include "pipeline/ingest_guard.h"

#include <cmath>

namespace minsense {

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
