// gps_ingest_guard.h: the door every location fix passes first.
//
// The guard drops fixes that must not reach analysis and counts them by
// reason (GpsRejectReason): non-finite values, latitude or longitude out of
// range, the (0, 0) "no fix" placeholder, a horizontal accuracy worse than
// kMaxAccuracyMeters, timestamps that go backwards or repeat, and jumps that
// imply more than kMaxSpeedMps (faster than any train on the ground: a
// multipath or cold-start outlier). For an accepted fix it measures the step
// from the previous accepted fix (great-circle distance over time, and
// bearing) and then keeps only that fix's coordinates, which Reset() and the
// destructor overwrite with zeros. What leaves the guard is a GpsStep: a
// speed and a heading, never a coordinate.
//
// A run of kMaxConsecutiveJumps rejected jumps means the anchor itself was
// the outlier: the next fix is accepted as the start of a new segment.
//
// Wild times. A fix later than the anchor by more than kMaxTimeJumpSeconds (a
// day: a receiver's clock glitch, not a pause) is rejected (kImplausibleTime)
// and the anchor stays, so that one wild time does not make every correct fix
// after it "out of order" (near the anchor in space, such a fix passes the
// speed test). When the anchor's time is what is wrong, the fixes keep
// disagreeing with it: kResyncFixes fixes in a row rejected for their time,
// each later than the one before by at most kMaxGapSeconds, make the last of
// them the start of a new segment. Fixes earlier than the anchor count toward
// this only while its segment holds fewer than kResyncFixes accepted fixes
// (a wild first fix); a confirmed anchor is never moved back in time. The
// rule is ClockResync's, shared with the accelerometer guard.
//
//   GpsIngestGuard guard;
//   GpsVerdict v = guard.Check(fix);
//   if (!v.accepted) ledger.RejectGps(v.reason);
//   else if (v.has_step) tracker.Push(v.step);
#ifndef MINSENSE_PIPELINE_GPS_INGEST_GUARD_H_
#define MINSENSE_PIPELINE_GPS_INGEST_GUARD_H_

#include "pipeline/clock_resync.h"
#include "pipeline/gps_fix.h"
#include "pipeline/ledger.h"

namespace minsense {

// GpsStep is the motion between two consecutive accepted fixes: what the
// analysis uses instead of the coordinates.
struct GpsStep {
  double t_seconds = 0;   // Time of the later fix.
  double dt_seconds = 0;  // Time since the earlier fix, > 0.
  float speed_mps = 0;    // Great-circle distance / dt.
  float bearing_deg = 0;  // Initial bearing, [0, 360); 0 when not moving.
};

// GpsVerdict is the guard's decision on one fix.
struct GpsVerdict {
  bool accepted = false;
  // has_step: accepted and within kMaxGapSeconds of the previous accepted
  // fix, so `step` is valid. The first fix of a segment has no step.
  bool has_step = false;
  GpsRejectReason reason = GpsRejectReason::kCount;  // Set when !accepted.
  GpsStep step;
};

class GpsIngestGuard {
 public:
  // kMaxAccuracyMeters: fixes whose accuracy radius is worse are dropped.
  static constexpr double kMaxAccuracyMeters = 50.0;
  // kMaxSpeedMps: a step faster than this is an outlier (360 km/h).
  static constexpr double kMaxSpeedMps = 100.0;
  // kMaxGapSeconds: a longer silence starts a new segment (no step across it).
  static constexpr double kMaxGapSeconds = 30.0;
  // kMaxConsecutiveJumps: after this many rejected jumps in a row, re-anchor.
  static constexpr int kMaxConsecutiveJumps = 5;
  // kMaxTimeJumpSeconds: the largest step forward from the anchor that is a
  // gap rather than an implausible time.
  static constexpr double kMaxTimeJumpSeconds = 86400.0;
  // kResyncFixes: consecutive, mutually consistent fixes that restart an
  // anchor time they disagree with (and that confirm a segment's time).
  static constexpr int kResyncFixes = 5;

  GpsIngestGuard() = default;
  ~GpsIngestGuard();
  GpsIngestGuard(const GpsIngestGuard&) = delete;
  GpsIngestGuard& operator=(const GpsIngestGuard&) = delete;

  // Check classifies `fix` and, when it is accepted, remembers it as the
  // anchor of the next step.
  GpsVerdict Check(const GpsFix& fix);

  // Reset forgets and zeroes the anchor: the next fix starts a segment.
  void Reset();

  // anchor_for_testing: the stored anchor coordinates, to prove the wipe.
  const double* anchor_for_testing() const { return anchor_; }

 private:
  bool has_anchor_ = false;
  double anchor_t_ = 0;
  double anchor_[2] = {0, 0};  // Latitude, longitude of the last accepted fix.
  int consecutive_jumps_ = 0;
  // Accepted fixes of the current segment, saturating at kResyncFixes.
  int segment_fixes_ = 0;
  // The run of fixes rejected for their time (see clock_resync.h).
  ClockResync resync_;

  // CheckTime: kCount when `t` fits the anchor's time (or restarts it, which
  // then clears has_anchor_), else the reason to reject the fix.
  GpsRejectReason CheckTime(double t);
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_GPS_INGEST_GUARD_H_
