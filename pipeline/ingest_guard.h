// ingest_guard.h: the door every raw accelerometer sample passes first.
//
// The guard drops samples that must not reach analysis (non-finite values,
// absurd magnitudes, timestamps that go backwards or repeat) and says when a
// gap is long enough that the window state must be reset. It keeps only the
// last accepted timestamp: no sample value is stored.
//
//   IngestGuard guard(/*max_abs_mps2=*/200, /*max_gap_seconds=*/1);
//   IngestVerdict v = guard.Check(sample);
//   if (v.accepted) { if (v.gap) ResetWindows(); Analyse(sample); }
//   else ledger.Reject(v.reason);
#ifndef MINSENSE_PIPELINE_INGEST_GUARD_H_
#define MINSENSE_PIPELINE_INGEST_GUARD_H_

#include "pipeline/accel_sample.h"
#include "pipeline/ledger.h"

namespace minsense {

// IngestVerdict is the guard's decision on one sample.
struct IngestVerdict {
  bool accepted = false;
  bool gap = false;  // Accepted, but after a gap longer than max_gap_seconds
                     // (or the first sample): analysis restarts here.
  RejectReason reason = RejectReason::kCount;  // Set when !accepted.
  double dt_seconds = 0;  // Time since the previous accepted sample (0 after a gap).
};

class IngestGuard {
 public:
  IngestGuard(float max_abs_mps2, float max_gap_seconds)
      : max_abs_mps2_(max_abs_mps2), max_gap_seconds_(max_gap_seconds) {}

  // Check classifies `sample` and, when it is accepted, remembers its time.
  IngestVerdict Check(const AccelSample& sample);

  // Reset forgets the last accepted time: the next finite sample opens a new
  // segment (verdict.gap is set).
  void Reset() { has_last_ = false; }

 private:
  float max_abs_mps2_;
  float max_gap_seconds_;
  bool has_last_ = false;
  double last_t_ = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_INGEST_GUARD_H_
