#include "pipeline/egress_gate.h"

#include <algorithm>
#include <cmath>

namespace minsense {
namespace {

uint32_t AllowedMask(const v1::EgressPolicy& policy) {
  if (policy.allowed_activities_size() == 0) return ~0u;
  uint32_t mask = 1u << v1::ACTIVITY_UNKNOWN;
  for (int a : policy.allowed_activities()) {
    if (a >= 0 && a < 32) mask |= 1u << static_cast<unsigned>(a);
  }
  return mask;
}

}  // namespace

EgressGate::EgressGate(const v1::EgressPolicy& policy)
    : mode_(policy.emit_mode()),
      heartbeat_seconds_(60.0 * policy.heartbeat_minutes()),
      min_tempo_update_seconds_(60.0 * policy.min_tempo_update_minutes()),
      bucket_minutes_(policy.time_bucket_minutes()),
      cadence_step_(policy.cadence_step_spm()),
      min_cadence_(policy.min_cadence_spm()),
      max_cadence_(policy.max_cadence_spm()),
      allowed_mask_(AllowedMask(policy)),
      emit_confidence_(policy.emit_confidence() && !(policy.ldp_epsilon() > 0)) {}

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

float EgressGate::MedianCadence(const ReportedState& state) {
  if (state.activity != recent_activity_) {
    recent_count_ = 0;
    recent_head_ = 0;
    recent_activity_ = state.activity;
  }
  recent_cadence_[static_cast<size_t>(recent_head_)] = state.cadence_spm;
  recent_head_ = (recent_head_ + 1) % kCadenceMedianWindows;
  recent_count_ = std::min(recent_count_ + 1, kCadenceMedianWindows);
  // Insertion sort of at most kCadenceMedianWindows values: no allocation.
  std::array<float, kCadenceMedianWindows> sorted{};
  for (int i = 0; i < recent_count_; ++i) {
    const float v = recent_cadence_[static_cast<size_t>(i)];
    int j = i;
    for (; j > 0 && sorted[static_cast<size_t>(j - 1)] > v; --j) {
      sorted[static_cast<size_t>(j)] = sorted[static_cast<size_t>(j - 1)];
    }
    sorted[static_cast<size_t>(j)] = v;
  }
  const int mid = recent_count_ / 2;
  return recent_count_ % 2 == 1
             ? sorted[static_cast<size_t>(mid)]
             : 0.5f * (sorted[static_cast<size_t>(mid - 1)] + sorted[static_cast<size_t>(mid)]);
}

bool EgressGate::Offer(const ReportedState& offered, PendingUpdate* out) {
  ReportedState state = offered;
  const bool masked = !Allowed(state.activity);
  if (masked) {
    state.activity = v1::ACTIVITY_UNKNOWN;
    state.has_cadence = false;
    state.confidence = v1::CONFIDENCE_LOW;  // The true label's confidence would leak it.
  }
  if (state.has_cadence) {
    state.cadence_spm = MedianCadence(state);
  } else {
    recent_count_ = 0;
    recent_head_ = 0;
  }
  uint32_t cadence = 0;
  if (state.has_cadence) {
    cadence = QuantiseCadence(state.cadence_spm);
    // Hysteresis: keep the previous bucket while the cadence stays within
    // three quarters of a step of it.
    if (has_last_ && last_has_cadence_ && last_activity_ == state.activity &&
        std::fabs(static_cast<double>(state.cadence_spm) - last_cadence_) < 0.75 * cadence_step_) {
      cadence = last_cadence_;
    }
  }

  bool emit = true;
  if (mode_ == v1::EgressPolicy::EMIT_ON_CHANGE && has_last_) {
    const double since_last = state.t_end_seconds - last_emit_t_;
    const bool label_changed =
        state.activity != last_activity_ || state.has_cadence != last_has_cadence_;
    bool tempo_changed = state.has_cadence && cadence != last_cadence_;
    if (tempo_changed && !label_changed && since_last < min_tempo_update_seconds_) {
      // One bucket up or down waits; a jump of two buckets or more does not.
      const uint32_t jump =
          cadence > last_cadence_ ? cadence - last_cadence_ : last_cadence_ - cadence;
      if (jump < 2 * cadence_step_) tempo_changed = false;
    }
    const bool heartbeat_due = since_last >= heartbeat_seconds_;
    emit = label_changed || tempo_changed || heartbeat_due;
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
  out->has_confidence = emit_confidence_;
  out->masked = masked;
  return true;
}

}  // namespace minsense
