#include "pipeline/gps_ingest_guard.h"

#include <algorithm>
#include <cmath>

#include "kernels/great_circle.h"
#include "pipeline/secure_zero.h"

namespace minsense {

GpsIngestGuard::~GpsIngestGuard() { Reset(); }

void GpsIngestGuard::Reset() {
  has_anchor_ = false;
  anchor_t_ = 0;
  consecutive_jumps_ = 0;
  segment_fixes_ = 0;
  resync_.Reset();
  SecureZero(anchor_, sizeof(anchor_));
}

GpsRejectReason GpsIngestGuard::CheckTime(double t) {
  if (!has_anchor_ || (t > anchor_t_ && t - anchor_t_ <= kMaxTimeJumpSeconds)) {
    return GpsRejectReason::kCount;
  }
  switch (
      resync_.Judge(t, anchor_t_, segment_fixes_ >= kResyncFixes, kMaxGapSeconds, kResyncFixes)) {
    case ClockJudgement::kRepeated:
      return GpsRejectReason::kRepeatedTimestamp;
    case ClockJudgement::kEarlier:
      return GpsRejectReason::kOutOfOrder;
    case ClockJudgement::kAhead:
      return GpsRejectReason::kImplausibleTime;
    case ClockJudgement::kRestart:
      break;
  }
  // The anchor's time restarts at this fix: a new segment, no step across.
  has_anchor_ = false;
  SecureZero(anchor_, sizeof(anchor_));
  return GpsRejectReason::kCount;
}

GpsVerdict GpsIngestGuard::Check(const GpsFix& fix) {
  GpsVerdict v;
  if (!std::isfinite(fix.t_seconds) || !std::isfinite(fix.latitude_deg) ||
      !std::isfinite(fix.longitude_deg)) {
    v.reason = GpsRejectReason::kNonFinite;
    return v;
  }
  if (std::fabs(fix.latitude_deg) > 90 || std::fabs(fix.longitude_deg) > 180) {
    v.reason = GpsRejectReason::kOutOfRange;
    return v;
  }
  if (fix.latitude_deg == 0 && fix.longitude_deg == 0) {
    v.reason = GpsRejectReason::kNullIsland;
    return v;
  }
  // NaN accuracy means "unknown": the fix is taken as it is. A negative or
  // infinite radius is not an accuracy.
  if (!std::isnan(fix.accuracy_m) &&
      !(fix.accuracy_m >= 0 && fix.accuracy_m <= kMaxAccuracyMeters)) {
    v.reason = GpsRejectReason::kPoorAccuracy;
    return v;
  }
  if (const GpsRejectReason time = CheckTime(fix.t_seconds); time != GpsRejectReason::kCount) {
    v.reason = time;
    return v;
  }
  if (has_anchor_) {
    const double dt = fix.t_seconds - anchor_t_;
    const double meters =
        HaversineMeters(anchor_[0], anchor_[1], fix.latitude_deg, fix.longitude_deg);
    if (meters / dt > kMaxSpeedMps && consecutive_jumps_ < kMaxConsecutiveJumps) {
      ++consecutive_jumps_;
      v.reason = GpsRejectReason::kImplausibleJump;
      return v;
    }
    if (dt <= kMaxGapSeconds && meters / dt <= kMaxSpeedMps) {
      v.has_step = true;
      v.step.t_seconds = fix.t_seconds;
      v.step.dt_seconds = dt;
      v.step.speed_mps = static_cast<float>(meters / dt);
      v.step.bearing_deg = static_cast<float>(
          InitialBearingDegrees(anchor_[0], anchor_[1], fix.latitude_deg, fix.longitude_deg));
    }
  }
  v.accepted = true;
  // A fix with a step continues the segment; any other starts one.
  segment_fixes_ = v.has_step ? std::min(segment_fixes_ + 1, kResyncFixes) : 1;
  resync_.Clear();
  consecutive_jumps_ = 0;
  has_anchor_ = true;
  anchor_t_ = fix.t_seconds;
  anchor_[0] = fix.latitude_deg;
  anchor_[1] = fix.longitude_deg;
  return v;
}

}  // namespace minsense
