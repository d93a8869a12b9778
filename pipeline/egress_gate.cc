#include "pipeline/egress_gate.h"

#include <algorithm>
#include <cmath>

#include "pipeline/activity_labels.h"

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

CadenceLimits QuantisedCadenceLimits(const v1::EgressPolicy& policy) {
  const uint32_t step = std::max(1u, policy.cadence_step_spm());
  CadenceLimits limits;
  limits.lo = (policy.min_cadence_spm() / step + (policy.min_cadence_spm() % step != 0)) * step;
  limits.hi = policy.max_cadence_spm() / step * step;
  return limits;
}

EgressGate::EgressGate(const v1::EgressPolicy& policy)
    : mode_(policy.emit_mode()),
      heartbeat_seconds_(60.0 * policy.heartbeat_minutes()),
      min_tempo_update_seconds_(60.0 * policy.min_tempo_update_minutes()),
      bucket_minutes_(policy.time_bucket_minutes()),
      cadence_step_(policy.cadence_step_spm()),
      min_cadence_(QuantisedCadenceLimits(policy).lo),
      max_cadence_(QuantisedCadenceLimits(policy).hi),
      allowed_mask_(AllowedMask(policy)),
      emit_confidence_(policy.emit_confidence() && !(policy.ldp_epsilon() > 0)),
      tempo_margin_spm_(policy.tempo_change_margin_spm()),
      tempo_evidence_spm_s_(policy.tempo_change_spm_seconds()),
      min_unknown_seconds_(policy.min_unknown_seconds()),
      tempo_wait_seconds_(policy.tempo_wait_seconds()) {}

uint32_t EgressGate::QuantiseCadence(float cadence_spm) const {
  // NaN is no rate: it clamps to the minimum (casting it would be undefined).
  if (std::isnan(cadence_spm)) return min_cadence_;
  const double step = cadence_step_;
  double q = std::round(static_cast<double>(cadence_spm) / step) * step;
  q = std::clamp(q, static_cast<double>(min_cadence_), static_cast<double>(max_cadence_));
  return static_cast<uint32_t>(q);
}

uint32_t EgressGate::TimeBucketMinutes(double t_seconds) const {
  // Stream time is clamped to what uint32 minutes can hold (year 10000);
  // NaN (no time) falls in bucket 0 (casting it would be undefined).
  if (std::isnan(t_seconds)) return 0;
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

uint32_t EgressGate::TempoChange(const ReportedState& state, double since_last) {
  const double dt = std::clamp(state.t_end_seconds - last_offer_t_, 0.0, kMaxEvidenceStepSeconds);
  const double c = state.cadence_spm;
  const double sent = last_cadence_;
  const double above = c - sent - tempo_margin_spm_;
  const double below = sent - c - tempo_margin_spm_;
  evidence_up_ = above > 0 ? evidence_up_ + above * dt : 0.0;
  evidence_down_ = below > 0 ? evidence_down_ + below * dt : 0.0;
  const bool confirmed = (above > 0 && evidence_up_ >= tempo_evidence_spm_s_) ||
                         (below > 0 && evidence_down_ >= tempo_evidence_spm_s_);
  const bool within_margin = above <= 0 && below <= 0;
  // Hysteresis: within three quarters of a step of the tempo sent, keep it.
  if (std::fabs(c - sent) < 0.75 * cadence_step_) return last_cadence_;
  const uint32_t q = QuantiseCadence(state.cadence_spm);
  if (q == last_cadence_) return last_cadence_;
  const uint32_t jump = q > last_cadence_ ? q - last_cadence_ : last_cadence_ - q;
  const bool rate_ok = since_last >= min_tempo_update_seconds_;
  // A confirmed change of two buckets or more leaves at once; one bucket (or
  // a drift within the margin) waits for min_tempo_update_minutes.
  if (confirmed && (jump >= 2 * cadence_step_ || rate_ok)) return q;
  if (within_margin && rate_ok) return q;
  return last_cadence_;
}

bool EgressGate::RepeatLastIfDue(double t_seconds, PendingUpdate* out) {
  if (!has_last_ || t_seconds - last_emit_t_ < heartbeat_seconds_) return false;
  last_emit_t_ = t_seconds;
  out->activity = last_activity_;
  out->confidence = last_confidence_;
  out->has_cadence = last_has_cadence_;
  out->cadence_spm = last_has_cadence_ ? last_cadence_ : 0;
  out->time_bucket_minutes = TimeBucketMinutes(t_seconds);
  out->has_confidence = emit_confidence_;
  // A repeat of a masked label's UNKNOWN is a masked label again: the ledger's
  // masked_labels counts every message that stands in for a masked label.
  out->masked = last_masked_;
  return true;
}

bool EgressGate::Offer(const ReportedState& offered, PendingUpdate* out) {
  ReportedState state = offered;
  // Time runs on within a stream; it goes back only across Pipeline::Finish,
  // when the next segment's clock restarted. The timers restart with it (the
  // heartbeat and the waits are measured on the new clock); what was sent
  // last is kept, so an unchanged state stays quiet until its heartbeat.
  if (state.t_end_seconds < last_offer_t_) {
    last_emit_t_ = state.t_end_seconds;
    cadence_lost_since_ = kNoTime;
    unknown_since_ = kNoTime;
    tempo_wait_since_ = kNoTime;
  }
  // A cadence that is not a finite number is no cadence (a lost one).
  if (state.has_cadence && !std::isfinite(state.cadence_spm)) state.has_cadence = false;
  const bool masked = !Allowed(state.activity);
  if (masked) {
    state.activity = v1::ACTIVITY_UNKNOWN;
    state.has_cadence = false;
    state.confidence = v1::CONFIDENCE_LOW;  // The true label's confidence would leak it.
  }
  const bool change_mode = mode_ == v1::EgressPolicy::EMIT_ON_CHANGE;
  // A short spell of UNKNOWN after a known label is not sent: the last
  // message stands, and only its heartbeat can leave. Nor is one at the start
  // of a stream (the first windows of a recording, a phone being put away):
  // the first message waits for a label, or for UNKNOWN to last as long.
  if (change_mode && state.activity == v1::ACTIVITY_UNKNOWN &&
      (!has_last_ || last_activity_ != v1::ACTIVITY_UNKNOWN)) {
    if (std::isnan(unknown_since_)) unknown_since_ = state.t_end_seconds;
    if (state.t_end_seconds - unknown_since_ < min_unknown_seconds_) {
      last_offer_t_ = state.t_end_seconds;
      return RepeatLastIfDue(state.t_end_seconds, out);
    }
  } else {
    unknown_since_ = kNoTime;
  }
  // A new walking or running label whose tempo is not known yet waits for it
  // (up to tempo_wait_seconds), so that label and tempo leave in one message
  // and the first strides of a bout do not leave as a message of their own.
  const bool stepping = IsStepping(state.activity);
  if (change_mode && stepping && !state.has_cadence &&
      (!has_last_ || state.activity != last_activity_)) {
    if (std::isnan(tempo_wait_since_) || tempo_wait_activity_ != state.activity) {
      tempo_wait_since_ = state.t_end_seconds;
      tempo_wait_activity_ = state.activity;
    }
    if (state.t_end_seconds - tempo_wait_since_ < tempo_wait_seconds_) {
      last_offer_t_ = state.t_end_seconds;
      return RepeatLastIfDue(state.t_end_seconds, out);
    }
  } else {
    tempo_wait_since_ = kNoTime;
  }
  // The tempo context: same label as the last message, which carried a tempo.
  const bool same_tempo_context =
      change_mode && has_last_ && last_has_cadence_ && state.activity == last_activity_;

  // A stepping window without a cadence keeps the tempo last sent, for a while.
  bool hold_tempo = false;
  if (same_tempo_context && !state.has_cadence) {
    if (std::isnan(cadence_lost_since_)) cadence_lost_since_ = state.t_end_seconds;
    hold_tempo = state.t_end_seconds - cadence_lost_since_ < kCadenceHoldSeconds;
  } else {
    cadence_lost_since_ = kNoTime;
  }

  if (state.has_cadence) {
    state.cadence_spm = MedianCadence(state);
  } else if (!hold_tempo) {
    recent_count_ = 0;
    recent_head_ = 0;
  }
  const double since_last = has_last_ ? state.t_end_seconds - last_emit_t_ : 0.0;
  uint32_t cadence = 0;
  if (hold_tempo) {
    state.has_cadence = true;
    cadence = last_cadence_;
  } else if (state.has_cadence && same_tempo_context) {
    cadence = TempoChange(state, since_last);
  } else if (state.has_cadence) {
    cadence = QuantiseCadence(state.cadence_spm);
    // Hysteresis: keep the previous bucket while the cadence stays within
    // three quarters of a step of it.
    if (has_last_ && last_has_cadence_ && last_activity_ == state.activity &&
        std::fabs(static_cast<double>(state.cadence_spm) - last_cadence_) < 0.75 * cadence_step_) {
      cadence = last_cadence_;
    }
  }
  last_offer_t_ = state.t_end_seconds;

  bool emit = true;
  if (change_mode && has_last_) {
    const bool label_changed =
        state.activity != last_activity_ || state.has_cadence != last_has_cadence_;
    const bool tempo_changed = state.has_cadence && cadence != last_cadence_;
    const bool heartbeat_due = since_last >= heartbeat_seconds_;
    emit = label_changed || tempo_changed || heartbeat_due;
  }
  if (!emit) return false;

  if (!has_last_ || state.activity != last_activity_ || state.has_cadence != last_has_cadence_ ||
      cadence != last_cadence_) {
    // A new reference tempo: the evidence against the old one is void.
    evidence_up_ = 0;
    evidence_down_ = 0;
  }
  has_last_ = true;
  last_emit_t_ = state.t_end_seconds;
  last_activity_ = state.activity;
  last_confidence_ = state.confidence;
  last_has_cadence_ = state.has_cadence;
  last_cadence_ = cadence;
  last_masked_ = masked;

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
