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
// Wild times. A sample later than the last accepted one by more than
// kMaxTimeJumpSeconds (a day: a glitch of the sensor's clock, not a pause) is
// rejected (kImplausibleTime) and leaves the clock where it was, so that one
// wild timestamp does not make every correct sample after it "out of order".
// When the clock itself is what is wrong, the samples keep disagreeing with it
// and restart it: kResyncSamples samples in a row that are rejected for their
// time, each later than the one before by at most max_gap_seconds, make the
// last of them the start of a new segment (verdict.gap). A legitimate jump of
// more than a day thus costs kResyncSamples - 1 samples. Samples earlier than
// the clock (kOutOfOrder) count toward this only while the current segment
// holds fewer than kResyncSamples accepted samples (a wild first sample, or
// one accepted after a gap); a clock confirmed by that many samples is never
// moved back, so a replayed batch of older samples stays rejected. Accepting
// a sample ends the run (ClockResync, shared with the GPS guard). The
// bookkeeping is a time and two counters: O(1).
//
//   IngestGuard guard(/*max_abs_mps2=*/200, /*max_gap_seconds=*/1);
//   IngestVerdict v = guard.Check(sample);
//   if (v.accepted) { if (v.gap) ResetWindows(); Analyse(sample); }
//   else ledger.Reject(v.reason);
#ifndef MINSENSE_PIPELINE_INGEST_GUARD_H_
#define MINSENSE_PIPELINE_INGEST_GUARD_H_

#include <cmath>
#include <cstddef>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pipeline/accel_sample.h"
#include "pipeline/clock_resync.h"
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
  // kMaxTimeJumpSeconds: the largest step forward from the last accepted
  // sample that is a gap rather than an implausible time.
  static constexpr double kMaxTimeJumpSeconds = 86400.0;
  // kResyncSamples: consecutive, mutually consistent samples that restart a
  // clock they disagree with (and that confirm a segment's clock).
  static constexpr int kResyncSamples = 25;

  IngestGuard(float max_abs_mps2, float max_gap_seconds)
      : max_abs_mps2_(max_abs_mps2),
        max_gap_seconds_(max_gap_seconds),
        max_gap_(max_gap_seconds),
        usual_limits_(std::isfinite(max_abs_mps2) && std::isfinite(max_gap_seconds) &&
                      max_gap_seconds <= kMaxTimeJumpSeconds) {}
  ~IngestGuard();
  IngestGuard(const IngestGuard&) = delete;
  IngestGuard& operator=(const IngestGuard&) = delete;

  // Check classifies `sample` and, when it is accepted, remembers its time. Inline: it runs
  // once per raw sample, and a valid sample takes one combined finiteness and range test.
  IngestVerdict Check(const AccelSample& sample);

  // AcceptContinuingRun is Check for a run of usual samples of a continuing stream, in fewer
  // steps (the span path of Pipeline::PushAccel tries it first). It counts the leading samples
  // of `samples` that are each finite and in range, strictly later than the sample before (for
  // the first: the last accepted one) by at most max_gap_seconds, and neither repeat all three
  // of the previous sample's values nor repeat one at or beyond kClipLevelMps2 (so they start
  // no frozen or pinned run; a repeat of one or two smaller values is usual, as in the output of
  // a quantised sensor): exactly those that Check, called on each in turn, would
  // accept without a gap, each with dt_seconds = its time minus the previous one's. It leaves
  // the state as those calls of Check would and returns the count; 0 (state untouched) when
  // the first sample is not such a sample (or nothing was accepted yet): Check then decides.
  size_t AcceptContinuingRun(std::span<const AccelSample> samples);
  // AcceptContinuingRun with, for each sample k of the run it takes, seconds_after[k] = the
  // running sum seconds + dt of samples 0 .. k, added one sample at a time in order (what a
  // ledger that adds each accepted sample's dt_seconds holds after it). seconds_after must
  // have room for samples.size() values. The sum's chain of adds overlaps the run's tests.
  size_t AcceptContinuingRun(std::span<const AccelSample> samples, double seconds,
                             double* seconds_after);

  // last_accepted_t is the time of the last accepted sample (meaningful once one was).
  double last_accepted_t() const { return last_t_; }

  // Reset forgets the last accepted time and zeroes the previous values: the
  // next finite sample opens a new segment (verdict.gap is set).
  void Reset();

 private:
  // CheckUnusual is Check for a sample that is not the usual one of a continuing stream: the
  // tests one by one, in their order of precedence. Out of line, so that Check's usual path
  // inlines into the caller's per-sample loop.
  IngestVerdict CheckUnusual(const AccelSample& s);
  // TrackRuns updates the frozen and pinned runs with a sample whose time
  // passed the order checks and returns kStuckSensor, kClipped or kCount.
  RejectReason TrackRuns(const AccelSample& s);
  // CheckValues returns kNonFinite, kOutOfRange (in that order of precedence) or kCount.
  RejectReason CheckValues(const AccelSample& s) const;
  // CheckTime classifies a finite time against the clock: kCount when it fits
  // (or restarts the clock, which then clears has_last_), else kOutOfOrder,
  // kRepeatedTimestamp or kImplausibleTime.
  RejectReason CheckTime(double t);
  // CheckDisagreeingTime: CheckTime for a time that does not fit the clock
  // (out of line: rare).
  RejectReason CheckDisagreeingTime(double t);
  // TakeUsualSamples leaves the state that Check leaves after n >= 1 usual samples (accepted
  // without a gap, no axis repeating, so every run restarts), the last at time t with values
  // x, y, z.
  void TakeUsualSamples(size_t n, double t, float x, float y, float z);
  // AcceptRun is AcceptContinuingRun; with kSum it also writes the running sums.
  template <bool kSum>
  size_t AcceptRun(std::span<const AccelSample> samples, double seconds, double* seconds_after);

  float max_abs_mps2_;
  float max_gap_seconds_;
  // The usual-sample tests of Check and AcceptRun: max_gap_seconds_ as a double (converted
  // once), and whether the limits allow them (both finite, the gap limit within
  // kMaxTimeJumpSeconds).
  double max_gap_;
  bool usual_limits_;
  bool has_last_ = false;
  // Accepted samples of the current segment, saturating at kResyncSamples.
  int segment_samples_ = 0;
  double last_t_ = 0;
  // The run of samples rejected for their time (see clock_resync.h).
  ClockResync resync_;
  // Runs: the previous time-valid sample (accepted or not) and when the
  // current runs of unchanged values started.
  bool has_previous_ = false;
  double previous_t_ = 0;
  float previous_[3] = {0, 0, 0};
  double frozen_since_ = 0;
  double pinned_since_[3] = {0, 0, 0};
};

inline RejectReason IngestGuard::CheckValues(const AccelSample& s) const {
  // Fast path: a finite time and three axes within the limit (false for NaN and, with a finite
  // limit, for Inf). Anything else takes the ordered tests, so the reason does not change.
  // The tests are combined with & (no branch per test); the calls are made first, as an
  // operand of & that calls a function reads as a mistyped && (-Wbitwise-instead-of-logical).
  const bool finite_t = std::isfinite(s.t_seconds);
  const bool finite_limit = std::isfinite(max_abs_mps2_);
  const float ax = std::fabs(s.x_mps2), ay = std::fabs(s.y_mps2), az = std::fabs(s.z_mps2);
  const bool plain = finite_t & (ax <= max_abs_mps2_) & (ay <= max_abs_mps2_) &
                     (az <= max_abs_mps2_) & finite_limit;
  if (plain) return RejectReason::kCount;
  if (!std::isfinite(s.t_seconds) || !std::isfinite(s.x_mps2) || !std::isfinite(s.y_mps2) ||
      !std::isfinite(s.z_mps2)) {
    return RejectReason::kNonFinite;
  }
  if (std::fabs(s.x_mps2) > max_abs_mps2_ || std::fabs(s.y_mps2) > max_abs_mps2_ ||
      std::fabs(s.z_mps2) > max_abs_mps2_) {
    return RejectReason::kOutOfRange;
  }
  return RejectReason::kCount;
}

inline RejectReason IngestGuard::TrackRuns(const AccelSample& s) {
  const double t = s.t_seconds;
  const float values[3] = {s.x_mps2, s.y_mps2, s.z_mps2};
  bool same[3];
  for (int i = 0; i < 3; ++i) same[i] = values[i] == previous_[i];
  for (int i = 0; i < 3; ++i) previous_[i] = values[i];
  if (!(same[0] | same[1] | same[2])) {
    // The usual sample: no axis repeats, so every run restarts here and none is over its limit
    // (whether the stream was continuous does not matter then).
    has_previous_ = true;
    previous_t_ = t;
    frozen_since_ = t;
    for (double& since : pinned_since_) since = t;
    return RejectReason::kCount;
  }
  // A gap (or time going back past rejected samples) ends every run.
  const bool continuous =
      has_previous_ & (t >= previous_t_) & (t - previous_t_ <= max_gap_seconds_);
  for (int i = 0; i < 3; ++i) same[i] &= continuous;
  has_previous_ = true;
  previous_t_ = t;
  for (int i = 0; i < 3; ++i) {
    // The run of a pinned axis goes on only while it repeats a value at or beyond the clip
    // level (values are finite here).
    if (!(same[i] & (std::fabs(values[i]) >= kClipLevelMps2))) pinned_since_[i] = t;
  }
  if (!(same[0] & same[1] & same[2])) frozen_since_ = t;

  if (t - frozen_since_ > kMaxFrozenSeconds) return RejectReason::kStuckSensor;
  if ((t - pinned_since_[0] > kMaxPinnedSeconds) | (t - pinned_since_[1] > kMaxPinnedSeconds) |
      (t - pinned_since_[2] > kMaxPinnedSeconds)) {
    return RejectReason::kClipped;
  }
  return RejectReason::kCount;
}

inline RejectReason IngestGuard::CheckTime(double t) {
  if (!has_last_ || (t > last_t_ && t - last_t_ <= kMaxTimeJumpSeconds)) {
    return RejectReason::kCount;
  }
  return CheckDisagreeingTime(t);
}

inline IngestVerdict IngestGuard::Check(const AccelSample& s) {
  IngestVerdict v;
  // The usual sample of a continuing stream, in one combined test (no branch per test): what
  // AcceptContinuingRun takes (everything else takes the full tests of CheckUnusual). Finite
  // limits, a gap limit within kMaxTimeJumpSeconds, the last accepted time, a time later by at
  // most the gap limit (so finite), three values within the limit (so finite), not all three
  // equal to the previous sample's, and none that is equal at or beyond kClipLevelMps2: every
  // full test passes, every run restarts, and the state is left as the full path leaves it.
  const double t = s.t_seconds;
  const float x = s.x_mps2, y = s.y_mps2, z = s.z_mps2;
  const float ax = std::fabs(x), ay = std::fabs(y), az = std::fabs(z);
  const bool nx = x != previous_[0], ny = y != previous_[1], nz = z != previous_[2];
  const bool usual = usual_limits_ & has_last_ & (t > last_t_) & (t - last_t_ <= max_gap_) &
                     (ax <= max_abs_mps2_) & (ay <= max_abs_mps2_) & (az <= max_abs_mps2_) &
                     (nx | ny | nz) & (nx | (ax < kClipLevelMps2)) & (ny | (ay < kClipLevelMps2)) &
                     (nz | (az < kClipLevelMps2));
  if (usual) [[likely]] {
    v.accepted = true;
    v.dt_seconds = t - last_t_;
    TakeUsualSamples(1, t, x, y, z);
    return v;
  }
  return CheckUnusual(s);
}

inline size_t IngestGuard::AcceptContinuingRun(std::span<const AccelSample> samples) {
  return AcceptRun</*kSum=*/false>(samples, 0.0, nullptr);
}

inline size_t IngestGuard::AcceptContinuingRun(std::span<const AccelSample> samples, double seconds,
                                               double* seconds_after) {
  return AcceptRun</*kSum=*/true>(samples, seconds, seconds_after);
}

template <bool kSum>
inline size_t IngestGuard::AcceptRun(std::span<const AccelSample> samples, double seconds,
                                     double* seconds_after) {
  // Check's steps for such a sample: CheckValues' fast test passes, the time-order tests pass
  // (has_last_ and t > last_t_), TrackRuns sets every run's start to t and the gap test fails.
  // TrackRuns does the latter when not all three axes repeat the previous sample's values and
  // none that repeats is at or beyond kClipLevelMps2 (an axis repeating a smaller value, as a
  // quantised sensor's often does, starts no run); it then leaves the state its usual path
  // (no axis repeats) leaves. The loop keeps the state in locals and
  // stores it once; NaN anywhere makes a comparison false, so such a sample ends the run.
  // With both limits finite, a time that passes the order and gap tests is finite (last_t is
  // an accepted, finite time: NaN fails t > last_t, +Inf fails t - last_t <= max_gap), so the
  // loop needs no finiteness test of its own; infinite limits, and a gap limit above
  // kMaxTimeJumpSeconds (whose steps Check may call implausible), leave every sample to Check.
  if (!has_last_ || !usual_limits_) return 0;
  const float limit = max_abs_mps2_;
  const double max_gap = max_gap_;
  double last_t = last_t_;
  size_t n = 0;
#if defined(__SSE2__)
  // The three values of a sample in one register: lanes x, y, z, and x again in the fourth
  // (the struct's padding, loaded with them, is replaced and never compared). cmple is false
  // and cmpneq true for NaN, as <= and != are.
  static_assert(offsetof(AccelSample, z_mps2) + sizeof(float) + sizeof(float) <=
                sizeof(AccelSample));
  const __m128 abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
  const __m128 limit4 = _mm_set1_ps(limit);
  const __m128 clip4 = _mm_set1_ps(kClipLevelMps2);
  __m128 previous = _mm_setr_ps(previous_[0], previous_[1], previous_[2], previous_[0]);
  const auto load = [](const AccelSample& s) {
    const __m128 v = _mm_loadu_ps(&s.x_mps2);
    return _mm_shuffle_ps(v, v, _MM_SHUFFLE(0, 2, 1, 0));
  };
  // values_usual: lanes 0-2 all set when the values are in range and none repeats `before`'s
  // at or beyond the clip level.
  const auto values_usual = [&](__m128 v, __m128 before) {
    const __m128 magnitude = _mm_and_ps(v, abs_mask);
    const __m128 pinned = _mm_and_ps(_mm_cmpeq_ps(v, before), _mm_cmpge_ps(magnitude, clip4));
    return _mm_andnot_ps(pinned, _mm_cmple_ps(magnitude, limit4));
  };
  // moves: some axis (lanes 0-2) differs from `before`'s, so the sample is not frozen.
  const auto moves = [](__m128 v, __m128 before) {
    return (_mm_movemask_ps(_mm_cmpneq_ps(v, before)) & 7) != 0;
  };
  // Four samples a step: every test of the four, then one branch (the per-sample branches cost
  // more than the tests). A step with a sample that fails any test is left to the loop below,
  // which finds the first one. The tests, differences and sums are the loop's, lane by lane.
  const __m128d max_gap2 = _mm_set1_pd(max_gap);
  const AccelSample* const data = samples.data();
  while (n + 4 <= samples.size()) {
    const AccelSample* s = data + n;
    const __m128 v0 = load(s[0]), v1 = load(s[1]), v2 = load(s[2]), v3 = load(s[3]);
    const __m128 values_ok =
        _mm_and_ps(_mm_and_ps(values_usual(v0, previous), values_usual(v1, v0)),
                   _mm_and_ps(values_usual(v2, v1), values_usual(v3, v2)));
    const __m128d t01 = _mm_setr_pd(s[0].t_seconds, s[1].t_seconds);
    const __m128d t23 = _mm_setr_pd(s[2].t_seconds, s[3].t_seconds);
    const __m128d before01 = _mm_setr_pd(last_t, s[0].t_seconds);
    const __m128d before23 = _mm_setr_pd(s[1].t_seconds, s[2].t_seconds);
    const __m128d dt01 = _mm_sub_pd(t01, before01);
    const __m128d dt23 = _mm_sub_pd(t23, before23);
    // t > before and !(dt > max_gap), as below (false and true for NaN, as there).
    const __m128d times_ok =
        _mm_and_pd(_mm_and_pd(_mm_cmpgt_pd(t01, before01), _mm_cmpngt_pd(dt01, max_gap2)),
                   _mm_and_pd(_mm_cmpgt_pd(t23, before23), _mm_cmpngt_pd(dt23, max_gap2)));
    const bool all_move = moves(v0, previous) & moves(v1, v0) & moves(v2, v1) & moves(v3, v2);
    const bool usual =
        ((_mm_movemask_ps(values_ok) & 7) == 7) & all_move & (_mm_movemask_pd(times_ok) == 3);
    if (!usual) break;
    if constexpr (kSum) {
      seconds += _mm_cvtsd_f64(dt01);
      seconds_after[n] = seconds;
      seconds += _mm_cvtsd_f64(_mm_unpackhi_pd(dt01, dt01));
      seconds_after[n + 1] = seconds;
      seconds += _mm_cvtsd_f64(dt23);
      seconds_after[n + 2] = seconds;
      seconds += _mm_cvtsd_f64(_mm_unpackhi_pd(dt23, dt23));
      seconds_after[n + 3] = seconds;
    }
    last_t = s[3].t_seconds;
    previous = v3;
    n += 4;
  }
  for (const AccelSample& s : samples.subspan(n)) {
    const __m128 v = load(s);
    const bool values_ok =
        ((_mm_movemask_ps(values_usual(v, previous)) & 7) == 7) & moves(v, previous);
    const bool usual = values_ok & (s.t_seconds > last_t) & !(s.t_seconds - last_t > max_gap);
    if (!usual) break;
    if constexpr (kSum) {
      seconds += s.t_seconds - last_t;
      seconds_after[n] = seconds;
    }
    last_t = s.t_seconds;
    previous = v;
    ++n;
  }
  alignas(16) float values[4];
  _mm_store_ps(values, previous);
  const float px = values[0], py = values[1], pz = values[2];
#else
  float px = previous_[0], py = previous_[1], pz = previous_[2];
  for (const AccelSample& s : samples) {
    const float ax = std::fabs(s.x_mps2), ay = std::fabs(s.y_mps2), az = std::fabs(s.z_mps2);
    const bool same_x = s.x_mps2 == px, same_y = s.y_mps2 == py, same_z = s.z_mps2 == pz;
    const bool pinned = (same_x & (ax >= kClipLevelMps2)) | (same_y & (ay >= kClipLevelMps2)) |
                        (same_z & (az >= kClipLevelMps2));
    const bool usual = (s.t_seconds > last_t) & !(s.t_seconds - last_t > max_gap) & (ax <= limit) &
                       (ay <= limit) & (az <= limit) & !(same_x & same_y & same_z) & !pinned;
    if (!usual) break;
    if constexpr (kSum) {
      seconds += s.t_seconds - last_t;
      seconds_after[n] = seconds;
    }
    last_t = s.t_seconds;
    px = s.x_mps2;
    py = s.y_mps2;
    pz = s.z_mps2;
    ++n;
  }
#endif
  if (n == 0) return 0;
  TakeUsualSamples(n, last_t, px, py, pz);
  return n;
}

inline void IngestGuard::TakeUsualSamples(size_t n, double t, float x, float y, float z) {
  previous_[0] = x;
  previous_[1] = y;
  previous_[2] = z;
  has_previous_ = true;
  previous_t_ = t;
  frozen_since_ = t;
  for (double& since : pinned_since_) since = t;
  last_t_ = t;
  segment_samples_ = n >= static_cast<size_t>(kResyncSamples - segment_samples_)
                         ? kResyncSamples
                         : segment_samples_ + static_cast<int>(n);
  resync_.Clear();
}

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_INGEST_GUARD_H_
