// egress_gate.h: the policy that decides what leaves the device, and when.
//
// The gate sees the reported state of each window and turns it into at most
// one PendingUpdate: label, coarse confidence, a quantised cadence and a
// bucketed time. With EMIT_ON_CHANGE it lets a message through only when the
// label or the tempo bucket changes, or when a heartbeat is due. The tempo
// bucket has hysteresis: a cadence must leave the current bucket by a quarter
// of a step before the bucket moves, so jitter at a bucket edge stays quiet.
//
//   EgressGate gate(policy);
//   PendingUpdate u;
//   if (gate.Offer(state, &u)) queue.Push(u);
#ifndef MINSENSE_PIPELINE_EGRESS_GATE_H_
#define MINSENSE_PIPELINE_EGRESS_GATE_H_

#include <cstdint>

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

// PendingUpdate is an egress message waiting to be polled: plain data, so
// that queueing it never allocates.
struct PendingUpdate {
  v1::Activity activity = v1::ACTIVITY_UNKNOWN;
  v1::Confidence confidence = v1::CONFIDENCE_LOW;
  bool has_cadence = false;
  uint32_t cadence_spm = 0;
  uint32_t time_bucket_minutes = 0;
};

class EgressGate {
 public:
  explicit EgressGate(const v1::EgressPolicy& policy);

  // Offer returns true and fills *out when `state` must be emitted.
  bool Offer(const ReportedState& state, PendingUpdate* out);

  // Reset forgets what was emitted last (the next offer is emitted).
  void Reset() { has_last_ = false; }

  // QuantiseCadence rounds to the policy's step and clamps to its range.
  uint32_t QuantiseCadence(float cadence_spm) const;

  // TimeBucketMinutes floors a stream time to the policy's time bucket.
  uint32_t TimeBucketMinutes(double t_seconds) const;

 private:
  v1::EgressPolicy::EmitMode mode_;
  double heartbeat_seconds_;
  uint32_t bucket_minutes_;
  uint32_t cadence_step_;
  uint32_t min_cadence_;
  uint32_t max_cadence_;

  bool has_last_ = false;
  double last_emit_t_ = 0;
  v1::Activity last_activity_ = v1::ACTIVITY_UNKNOWN;
  bool last_has_cadence_ = false;
  uint32_t last_cadence_ = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_EGRESS_GATE_H_
