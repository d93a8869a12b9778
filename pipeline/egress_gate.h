// egress_gate.h: the policy that decides what leaves the device, and when.
//
// The gate sees the reported state of each window and turns it into at most
// one PendingUpdate: label, coarse confidence, a quantised cadence and a
// bucketed time. With EMIT_ON_CHANGE it lets a message through only when the
// label or the tempo changes, or when a heartbeat is due.
// A label outside the policy's allowed_activities is masked to UNKNOWN (and
// loses its cadence) before anything else, so that changes between two
// masked labels stay silent too. The cadence is first smoothed by the median
// of the last kCadenceMedianWindows stepping windows of the same label (the
// per-window estimate jitters by a bucket or two).
//
// With EMIT_ON_CHANGE the tempo sent is held until there is evidence of a
// change of pace: a CUSUM of how far the smoothed cadence stays beyond
// tempo_change_margin_spm of the tempo last sent, which must reach
// tempo_change_spm_seconds (see egress_policy.proto). Large changes thus
// leave within seconds; the wobble of a steady walk, which keeps coming back
// within the margin, resets the evidence and stays quiet. A change within the
// margin (a quarter step of hysteresis around the bucket) waits until
// min_tempo_update_minutes have passed since the last message, as does a
// confirmed change of one bucket. A stepping window without a cadence keeps
// the tempo last sent for up to kCadenceHoldSeconds, and a change to UNKNOWN
// (or a stream that starts UNKNOWN) waits for min_unknown_seconds of it. A
// change to WALKING or RUNNING whose tempo is not known yet waits up to
// tempo_wait_seconds for it, so that label and tempo leave together.
// With EMIT_EVERY_WINDOW each message carries the smoothed, quantised
// cadence of its window.
//
//   EgressGate gate(policy);
//   PendingUpdate u;
//   if (gate.Offer(state, &u)) queue.Push(u);
#ifndef MINSENSE_PIPELINE_EGRESS_GATE_H_
#define MINSENSE_PIPELINE_EGRESS_GATE_H_

#include <array>
#include <cstdint>
#include <limits>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"

namespace minsense {

// ReportedState is the smoothed state of one window, before quantisation.
struct ReportedState {
  double t_end_seconds = 0;
  v1::Activity activity = v1::ACTIVITY_UNKNOWN;
  v1::Confidence confidence = v1::CONFIDENCE_LOW;
  bool has_cadence = false;  // Only while stepping.
  float cadence_spm = 0;
};

// QuantisedCadenceLimits: the smallest (lo) and the largest (hi) multiple of
// the policy's cadence_step_spm inside [min_cadence_spm, max_cadence_spm].
// Every cadence that leaves is a multiple of the step in [lo, hi]: a cadence
// beyond the range is clamped to the nearest multiple inside it, so bounds
// that are not multiples of the step are never sent themselves. lo > hi when
// the range holds no multiple (ValidateEgressPolicy rejects such a policy).
struct CadenceLimits {
  uint32_t lo = 0;
  uint32_t hi = 0;
};
CadenceLimits QuantisedCadenceLimits(const v1::EgressPolicy& policy);

// PendingUpdate is an egress message waiting to be polled: plain data, so
// that queueing it never allocates.
struct PendingUpdate {
  v1::Activity activity = v1::ACTIVITY_UNKNOWN;
  v1::Confidence confidence = v1::CONFIDENCE_LOW;
  bool has_cadence = false;
  uint32_t cadence_spm = 0;
  uint32_t time_bucket_minutes = 0;
  bool has_confidence = true;  // EgressPolicy.emit_confidence.
  bool masked = false;         // The label was masked to UNKNOWN.
  bool randomised = false;     // Randomised response was applied (at most once).
};

class EgressGate {
 public:
  explicit EgressGate(const v1::EgressPolicy& policy);

  // Offer returns true and fills *out when `state` must be emitted.
  bool Offer(const ReportedState& state, PendingUpdate* out);

  // Reset forgets what was emitted last (the next offer is emitted).
  void Reset() {
    has_last_ = false;
    recent_count_ = 0;
    recent_head_ = 0;
    recent_activity_ = v1::ACTIVITY_UNSPECIFIED;
    evidence_up_ = 0;
    evidence_down_ = 0;
    cadence_lost_since_ = kNoTime;
    unknown_since_ = kNoTime;
    tempo_wait_since_ = kNoTime;
  }

  // QuantiseCadence rounds to the policy's step and clamps to the multiples of
  // the step inside its range (QuantisedCadenceLimits; NaN to the lowest).
  // Offer treats a non-finite cadence as no cadence.
  uint32_t QuantiseCadence(float cadence_spm) const;

  // TimeBucketMinutes floors a stream time to the policy's time bucket
  // (negative and NaN times to bucket 0).
  uint32_t TimeBucketMinutes(double t_seconds) const;

  // Allowed: whether `activity` may leave under the policy.
  bool Allowed(v1::Activity activity) const {
    return (allowed_mask_ >> static_cast<unsigned>(activity)) & 1u;
  }

 private:
  v1::EgressPolicy::EmitMode mode_;
  double heartbeat_seconds_;
  double min_tempo_update_seconds_;
  uint32_t bucket_minutes_;
  uint32_t cadence_step_;
  uint32_t min_cadence_;  // QuantisedCadenceLimits of the policy.
  uint32_t max_cadence_;
  uint32_t allowed_mask_;  // Bit a set: Activity a may leave.
  bool emit_confidence_;
  double tempo_margin_spm_;
  double tempo_evidence_spm_s_;
  double min_unknown_seconds_;
  double tempo_wait_seconds_;

  // kCadenceHoldSeconds: how long a stepping label without a cadence keeps
  // the tempo last sent (a window or two of lost cadence is not news).
  static constexpr double kCadenceHoldSeconds = 30.0;
  // kMaxEvidenceStepSeconds: the longest time one window adds to the tempo
  // evidence (a gap in the stream is not evidence of a sustained pace).
  static constexpr double kMaxEvidenceStepSeconds = 4.0;

  // kCadenceMedianWindows: windows in the cadence median (10 s at 2 s hops).
  static constexpr int kCadenceMedianWindows = 5;
  // MedianCadence pushes `state`'s cadence and returns the median of the
  // recent cadences of the same stepping label.
  float MedianCadence(const ReportedState& state);
  std::array<float, kCadenceMedianWindows> recent_cadence_{};
  int recent_count_ = 0;
  int recent_head_ = 0;
  v1::Activity recent_activity_ = v1::ACTIVITY_UNSPECIFIED;

  // TempoChange returns the tempo bucket to send for the smoothed cadence of
  // `state` (same stepping label as the last message) and updates the
  // evidence; it returns last_cadence_ while there is not enough evidence.
  uint32_t TempoChange(const ReportedState& state, double since_last);
  double evidence_up_ = 0;    // spm x s above the tempo last sent + margin.
  double evidence_down_ = 0;  // spm x s below the tempo last sent - margin.
  double last_offer_t_ = 0;
  // kNoTime marks a timer that is not running: NaN, since stream time may
  // have any origin (a negative time is a time).
  static constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();
  double cadence_lost_since_ = kNoTime;  // Stream time the cadence went missing.
  double unknown_since_ = kNoTime;       // Stream time UNKNOWN began (not yet sent).
  // Stream time a new stepping label without a tempo began (not yet sent).
  double tempo_wait_since_ = kNoTime;
  v1::Activity tempo_wait_activity_ = v1::ACTIVITY_UNSPECIFIED;

  // RepeatLastIfDue fills *out with the last message, re-timed to
  // `t_seconds`, when its heartbeat is due (the last message stands while a
  // change waits); the repeat is masked when the last message was.
  bool RepeatLastIfDue(double t_seconds, PendingUpdate* out);

  bool has_last_ = false;
  double last_emit_t_ = 0;
  v1::Activity last_activity_ = v1::ACTIVITY_UNKNOWN;
  v1::Confidence last_confidence_ = v1::CONFIDENCE_LOW;
  bool last_has_cadence_ = false;
  uint32_t last_cadence_ = 0;
  bool last_masked_ = false;  // The last message's label was masked to UNKNOWN.
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_EGRESS_GATE_H_
