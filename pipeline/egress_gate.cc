#include "pipeline/egress_gate.h"

#include <algorithm>
#include <cmath>

namespace minsense {

EgressGate::EgressGate(const v1::EgressPolicy& policy)
    : mode_(policy.emit_mode()),
      heartbeat_seconds_(60.0 * policy.heartbeat_minutes()),
      bucket_minutes_(policy.time_bucket_minutes()),
      cadence_step_(policy.cadence_step_spm()),
      min_cadence_(policy.min_cadence_spm()),
      max_cadence_(policy.max_cadence_spm()) {}

uint32_t EgressGate::QuantiseCadence(float cadence_spm) const {
  const double step = cadence_step_;
  double q = std::round(static_cast<double>(cadence_spm) / step) * step;
  q = std::clamp(q, static_cast<double>(min_cadence_), static_cast<double>(max_cadence_));
  return static_cast<uint32_t>(q);
}

uint32_t EgressGate::TimeBucketMinutes(double t_seconds) const {
  // Stream time is clamped to what uint32 minutes can hold (year 10000).
  const double minutes = std::clamp(std::floor(t_seconds / 60.0), 0.0, 4.0e9);
  const auto m = static_cast<uint32_t>(minutes);
  return m - m % bucket_minutes_;
}

bool EgressGate::Offer(const ReportedState& state, PendingUpdate* out) {
  uint32_t cadence = 0;
  if (state.has_cadence) {
    cadence = QuantiseCadence(state.cadence_spm);
    // Hysteresis: keep the previous bucket while the cadence stays within
    // three quarters of a step of it.
    if (has_last_ && last_has_cadence_ && last_activity_ == state.activity &&
        std::fabs(static_cast<double>(state.cadence_spm) - last_cadence_) <
            0.75 * cadence_step_) {
      cadence = last_cadence_;
    }
  }

  bool emit = true;
  if (mode_ == v1::EgressPolicy::EMIT_ON_CHANGE && has_last_) {
    const bool changed = state.activity != last_activity_ ||
                         state.has_cadence != last_has_cadence_ ||
                         (state.has_cadence && cadence != last_cadence_);
    const bool heartbeat_due = state.t_end_seconds - last_emit_t_ >= heartbeat_seconds_;
    emit = changed || heartbeat_due;
  }
  if (!emit) return false;

  has_last_ = true;
  last_emit_t_ = state.t_end_seconds;
  last_activity_ = state.activity;
  last_has_cadence_ = state.has_cadence;
  last_cadence_ = cadence;

  out->activity = state.activity;
  out->confidence = state.confidence;
  out->has_cadence = state.has_cadence;
  out->cadence_spm = cadence;
  out->time_bucket_minutes = TimeBucketMinutes(state.t_end_seconds);
  return true;
}

}  // namespace minsense
