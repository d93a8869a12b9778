// ingest_guard.h: the door every raw accelerometer sample passes first.
//
// The guard drops samples that must not reach analysis (non-finite values,
// absurd magnitudes, timestamps that go backwards or repeat, a stuck or
// saturated sensor) and says when a gap is long enough that the window state
// must be reset. It keeps the last accepted timestamp and, to see a sensor
// that stopped moving, the previous sample's three values, which Reset() and
// the destructor overwrite with zeros.
//
// Stuck and clipped sensors. A working accelerometer never repeats the exact
// same three values for long: over the recordings of ../shared/data the
// longest run is 0.02 s, and the longest run of one axis at one value is
// 0.22 s. The guard rejects every sample of a run in which all three axes
// stay bit-identical for more than kMaxFrozenSeconds (kStuckSensor), or one
// axis stays at one value of at least kClipLevelMps2 (1.5 g, beyond any
// sustained human motion: a saturated sensor) for more than kMaxPinnedSeconds
// (kClipped). Rejecting them opens a gap, so no window spans the run.
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
  // kMaxFrozenSeconds: longest run of three unchanged axes still accepted.
  static constexpr double kMaxFrozenSeconds = 2.0;
  // kClipLevelMps2 / kMaxPinnedSeconds: an axis held at one value of at least
  // this magnitude for longer than this is saturated.
  static constexpr float kClipLevelMps2 = 14.7f;
  static constexpr double kMaxPinnedSeconds = 1.0;

  IngestGuard(float max_abs_mps2, float max_gap_seconds)
      : max_abs_mps2_(max_abs_mps2), max_gap_seconds_(max_gap_seconds) {}
  ~IngestGuard();
  IngestGuard(const IngestGuard&) = delete;
  IngestGuard& operator=(const IngestGuard&) = delete;

  // Check classifies `sample` and, when it is accepted, remembers its time.
  IngestVerdict Check(const AccelSample& sample);

  // Reset forgets the last accepted time and zeroes the previous values: the
  // next finite sample opens a new segment (verdict.gap is set).
  void Reset();

 private:
  // TrackRuns updates the frozen and pinned runs with a sample whose time
  // passed the order checks and returns kStuckSensor, kClipped or kCount.
  RejectReason TrackRuns(const AccelSample& s);

  float max_abs_mps2_;
  float max_gap_seconds_;
  bool has_last_ = false;
  double last_t_ = 0;
  // Runs: the previous time-valid sample (accepted or not) and when the
  // current runs of unchanged values started.
  bool has_previous_ = false;
  double previous_t_ = 0;
  float previous_[3] = {0, 0, 0};
  double frozen_since_ = 0;
  double pinned_since_[3] = {0, 0, 0};
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_INGEST_GUARD_H_
