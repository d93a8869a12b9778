#include "pipeline/ingest_guard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace minsense {
namespace {

constexpr float kMaxAbs = 200;
constexpr float kMaxGap = 1;

AccelSample S(double t, float x = 0, float y = 0, float z = 9.8f) { return {t, x, y, z}; }

TEST(IngestGuardTest, FirstSampleOpensASegment) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  const IngestVerdict v = guard.Check(S(0));
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
  EXPECT_EQ(v.dt_seconds, 0);
}

TEST(IngestGuardTest, AcceptsIncreasingTimesAndReportsDt) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(10.0));
  const IngestVerdict v = guard.Check(S(10.02));
  EXPECT_TRUE(v.accepted);
  EXPECT_FALSE(v.gap);
  EXPECT_NEAR(v.dt_seconds, 0.02, 1e-12);
}

TEST(IngestGuardTest, RejectsNonFiniteValuesAndTimes) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(guard.Check(S(0, nan)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(0, 0, inf)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(0, 0, 0, -inf)).reason, RejectReason::kNonFinite);
  EXPECT_EQ(guard.Check(S(std::numeric_limits<double>::quiet_NaN())).reason,
            RejectReason::kNonFinite);
  EXPECT_FALSE(guard.Check(S(std::numeric_limits<double>::infinity())).accepted);
}

TEST(IngestGuardTest, RejectsAbsurdMagnitudesOnAnyAxis) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  EXPECT_EQ(guard.Check(S(0, 200.5f)).reason, RejectReason::kOutOfRange);
  EXPECT_EQ(guard.Check(S(0, 0, -1e30f)).reason, RejectReason::kOutOfRange);
  EXPECT_EQ(guard.Check(S(0, 0, 0, 250)).reason, RejectReason::kOutOfRange);
  EXPECT_TRUE(guard.Check(S(0, 200, -200, 200)).accepted);  // The limit itself is fine.
}

TEST(IngestGuardTest, RejectsRepeatedAndBackwardTimes) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  ASSERT_TRUE(guard.Check(S(5)).accepted);
  EXPECT_EQ(guard.Check(S(5)).reason, RejectReason::kRepeatedTimestamp);
  EXPECT_EQ(guard.Check(S(4.9)).reason, RejectReason::kOutOfOrder);
  // A rejected sample does not move the clock.
  const IngestVerdict v = guard.Check(S(5.01));
  EXPECT_TRUE(v.accepted);
  EXPECT_NEAR(v.dt_seconds, 0.01, 1e-12);
}

TEST(IngestGuardTest, LongGapOpensANewSegment) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(0));
  EXPECT_FALSE(guard.Check(S(1.0)).gap);  // Exactly the limit is not a gap.
  const IngestVerdict v = guard.Check(S(2.5));
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
  EXPECT_EQ(v.dt_seconds, 0);
  // Up to a day ahead is a gap too; more is an implausible time (see the tests below).
  EXPECT_TRUE(guard.Check(S(2.5 + IngestGuard::kMaxTimeJumpSeconds, 1.0f)).gap);
  EXPECT_EQ(guard.Check(S(2.5 + 3 * IngestGuard::kMaxTimeJumpSeconds)).reason,
            RejectReason::kImplausibleTime);
}

// A wild timestamp (a sensor or driver glitch years ahead) must not poison the stream: it is
// rejected and leaves the clock alone, so every correct sample after it is accepted.
TEST(IngestGuardTest, WildFutureTimeIsRejectedAndDoesNotMoveTheClock) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  int i = 0;
  for (; i < 100; ++i)
    ASSERT_TRUE(guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i))).accepted);
  const IngestVerdict wild = guard.Check(S(i * 0.01 + 3.0e8, 1.0f));  // About 10 years ahead.
  EXPECT_FALSE(wild.accepted);
  EXPECT_EQ(wild.reason, RejectReason::kImplausibleTime);
  for (; i < 400; ++i) {
    const IngestVerdict v = guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i)));
    ASSERT_TRUE(v.accepted) << "sample " << i;
    ASSERT_FALSE(v.gap) << "sample " << i;
    ASSERT_NEAR(v.dt_seconds, 0.01, 1e-9) << "sample " << i;
  }
}

// A wild first timestamp: the samples after it disagree with it, consistently, and soon
// restart the clock.
TEST(IngestGuardTest, WildFirstTimeIsOverruledByTheSamplesAfterIt) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  ASSERT_TRUE(guard.Check(S(3.0e8)).accepted);  // Nothing to compare it with yet.
  for (int i = 1; i <= 300; ++i) {
    const IngestVerdict v = guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i)));
    if (i < IngestGuard::kResyncSamples) {
      ASSERT_EQ(v.reason, RejectReason::kOutOfOrder) << "sample " << i;
    } else {
      ASSERT_TRUE(v.accepted) << "sample " << i;
      ASSERT_EQ(v.gap, i == IngestGuard::kResyncSamples) << "sample " << i;
    }
  }
  EXPECT_TRUE(guard.Check(S(3.02, 5.0f)).accepted);
}

// A stream that really did jump ahead further than the limit (the app kept the clock and
// stopped listening for days) is followed after a few samples.
TEST(IngestGuardTest, ClockFollowsAConsistentLongJump) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i))).accepted);
  const double later = 3 * 86400.0;
  int first_accepted = -1;
  for (int i = 0; i < 300; ++i) {
    const IngestVerdict v = guard.Check(S(later + i * 0.01, 0.01f * static_cast<float>(i)));
    if (!v.accepted) {
      EXPECT_EQ(v.reason, RejectReason::kImplausibleTime);
    }
    if (v.accepted && first_accepted < 0) {
      first_accepted = i;
      EXPECT_TRUE(v.gap);
    }
    if (first_accepted >= 0) {
      ASSERT_TRUE(v.accepted) << "sample " << i;
    }
  }
  EXPECT_EQ(first_accepted, IngestGuard::kResyncSamples - 1);
}

// A clock confirmed by many samples is not overruled by a replayed batch of older ones.
TEST(IngestGuardTest, ReplayedOlderBatchStaysOutOfOrder) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i))).accepted);
  for (int i = 0; i < 500; ++i) {
    const IngestVerdict v = guard.Check(S(i * 0.01, 0.01f * static_cast<float>(i) + 0.5f));
    ASSERT_FALSE(v.accepted) << "sample " << i;
    ASSERT_EQ(v.reason, RejectReason::kOutOfOrder) << "sample " << i;
  }
  EXPECT_TRUE(guard.Check(S(10.0, 3.0f)).accepted);
}

TEST(IngestGuardTest, ResetForgetsTheClock) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  guard.Check(S(100));
  guard.Reset();
  const IngestVerdict v = guard.Check(S(1));  // Earlier than before Reset.
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
}

// PlainGuard is the plain reference of IngestGuard::Check (the checks one by one, in order of
// precedence, as first written); the guard's fast path must classify every sample the same.
class PlainGuard {
 public:
  PlainGuard(float max_abs_mps2, float max_gap_seconds)
      : max_abs_mps2_(max_abs_mps2), max_gap_seconds_(max_gap_seconds) {}

  IngestVerdict Check(const AccelSample& s) {
    IngestVerdict v;
    if (!std::isfinite(s.t_seconds) || !std::isfinite(s.x_mps2) || !std::isfinite(s.y_mps2) ||
        !std::isfinite(s.z_mps2)) {
      v.reason = RejectReason::kNonFinite;
      return v;
    }
    if (std::fabs(s.x_mps2) > max_abs_mps2_ || std::fabs(s.y_mps2) > max_abs_mps2_ ||
        std::fabs(s.z_mps2) > max_abs_mps2_) {
      v.reason = RejectReason::kOutOfRange;
      return v;
    }
    if (has_last_) {
      RejectReason time = RejectReason::kCount;
      if (s.t_seconds < last_t_) time = RejectReason::kOutOfOrder;
      if (s.t_seconds == last_t_) time = RejectReason::kRepeatedTimestamp;
      if (s.t_seconds - last_t_ > IngestGuard::kMaxTimeJumpSeconds) {
        time = RejectReason::kImplausibleTime;
      }
      // The run of samples that disagree with the clock, and may restart it.
      const bool counts =
          time == RejectReason::kImplausibleTime ||
          (time == RejectReason::kOutOfOrder && segment_samples_ < IngestGuard::kResyncSamples);
      if (counts) {
        const bool follows = disagreeing_ > 0 && s.t_seconds > disagreeing_t_ &&
                             s.t_seconds - disagreeing_t_ <= max_gap_seconds_;
        disagreeing_ = follows ? disagreeing_ + 1 : 1;
        disagreeing_t_ = s.t_seconds;
        if (disagreeing_ == IngestGuard::kResyncSamples) {
          disagreeing_ = 0;
          has_last_ = false;
          time = RejectReason::kCount;
        }
      }
      if (time != RejectReason::kCount) {
        v.reason = time;
        return v;
      }
    }
    if (const RejectReason run = TrackRuns(s); run != RejectReason::kCount) {
      v.reason = run;
      return v;
    }
    v.accepted = true;
    if (!has_last_ || s.t_seconds - last_t_ > max_gap_seconds_) {
      v.gap = true;
      segment_samples_ = 0;
    } else {
      v.dt_seconds = s.t_seconds - last_t_;
    }
    ++segment_samples_;
    disagreeing_ = 0;
    has_last_ = true;
    last_t_ = s.t_seconds;
    return v;
  }

 private:
  RejectReason TrackRuns(const AccelSample& s) {
    const float values[3] = {s.x_mps2, s.y_mps2, s.z_mps2};
    const bool continuous = has_previous_ && s.t_seconds >= previous_t_ &&
                            s.t_seconds - previous_t_ <= max_gap_seconds_;
    bool frozen = continuous;
    for (int i = 0; i < 3; ++i) {
      const bool same = continuous && values[i] == previous_[i];
      frozen = frozen && same;
      if (!same || std::fabs(values[i]) < IngestGuard::kClipLevelMps2) {
        pinned_since_[i] = s.t_seconds;
      }
      previous_[i] = values[i];
    }
    if (!frozen) frozen_since_ = s.t_seconds;
    has_previous_ = true;
    previous_t_ = s.t_seconds;
    if (s.t_seconds - frozen_since_ > IngestGuard::kMaxFrozenSeconds) {
      return RejectReason::kStuckSensor;
    }
    for (double since : pinned_since_) {
      if (s.t_seconds - since > IngestGuard::kMaxPinnedSeconds) return RejectReason::kClipped;
    }
    return RejectReason::kCount;
  }

  float max_abs_mps2_;
  float max_gap_seconds_;
  bool has_last_ = false;
  double last_t_ = 0;
  long segment_samples_ = 0;
  int disagreeing_ = 0;
  double disagreeing_t_ = 0;
  bool has_previous_ = false;
  double previous_t_ = 0;
  float previous_[3] = {0, 0, 0};
  double frozen_since_ = 0;
  double pinned_since_[3] = {0, 0, 0};
};

// RandomStream: a stream that visits every rejection: NaN/Inf in each field, values beyond
// the limit, backward and repeated times, gaps, frozen runs and pinned (clipped) axes; and
// accepted samples that repeat one or two of the previous sample's values.
std::vector<AccelSample> RandomStream(int size) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::mt19937 rng(71);
  std::uniform_int_distribution<int> pick(0, 99);
  std::normal_distribution<float> value(0.0f, 8.0f);
  std::vector<AccelSample> out;
  double t = 0;
  AccelSample previous{0, 0, 0, 9.8f};
  int frozen_left = 0;
  int pinned_left = 0;
  int pinned_axis = 0;
  for (int i = 0; i < size; ++i) {
    const int event = pick(rng);
    AccelSample s{t, value(rng), value(rng), 9.8f + value(rng)};
    if (frozen_left == 0 && event == 0) frozen_left = 50 + pick(rng) * 3;  // Up to ~3.5 s.
    if (pinned_left == 0 && event == 1) {
      pinned_left = 20 + pick(rng) * 2;  // Up to ~2.2 s.
      pinned_axis = pick(rng) % 3;
    }
    if (frozen_left > 0) {
      --frozen_left;
      s = AccelSample{t, previous.x_mps2, previous.y_mps2, previous.z_mps2};
    }
    if (pinned_left > 0) {
      --pinned_left;
      float* axis = pinned_axis == 0 ? &s.x_mps2 : pinned_axis == 1 ? &s.y_mps2 : &s.z_mps2;
      *axis = (pick(rng) < 97 ? 1.0f : 0.5f) * (pinned_axis == 1 ? -19.6f : 19.6f);
    }
    // Within a run, disturb it only rarely, so that runs outlast their limits.
    const bool in_run = frozen_left > 0 || pinned_left > 0;
    switch (in_run && pick(rng) >= 2 ? -1 : event) {
      case 2:
        s.t_seconds = nan;
        break;
      case 3:
        s.x_mps2 = nan;
        break;
      case 4:
        s.y_mps2 = -inf;
        break;
      case 5:
        s.z_mps2 = inf;
        break;
      case 6:
        s.x_mps2 = 250.0f;
        break;
      case 7:
        s.z_mps2 = -25.0f;
        break;
      case 8:
        s.t_seconds = t - 0.05;
        break;  // Backward.
      case 9:
        s.t_seconds = previous.t_seconds;
        break;  // Repeated.
      case 10:
        t += 1.5;
        s.t_seconds = t;
        break;  // Gap.
      case 11:
        s.t_seconds = inf;
        break;
      case 12:
        s.t_seconds = t + 3.0e8;
        break;  // A wild time, years ahead.
      case 13:
        if (pick(rng) < 10) {
          t += 2 * IngestGuard::kMaxTimeJumpSeconds;
          s.t_seconds = t;
        }
        break;  // Rarely, a jump of days that the clock must follow.
      case 14:
        if (pick(rng) < 10) {
          // Rarely, a wild time that opens a segment (under a day ahead), then the true clock.
          s.t_seconds = t + 0.5 * IngestGuard::kMaxTimeJumpSeconds;
        }
        break;
      case 15:
        s.y_mps2 = previous.y_mps2;
        break;  // One axis repeats, as a quantised sensor's often does (a pinned value, rarely).
      case 16:
        s.x_mps2 = previous.x_mps2;
        s.z_mps2 = previous.z_mps2;
        break;  // Two axes repeat.
      default:
        break;
    }
    out.push_back(s);
    if (std::isfinite(s.t_seconds)) previous = s;
    t += 0.01;
  }
  return out;
}

TEST(IngestGuardTest, MatchesPlainReferenceOnRandomStreams) {
  const std::vector<AccelSample> stream = RandomStream(200000);
  for (const float max_abs : {kMaxAbs, 20.0f, std::numeric_limits<float>::infinity()}) {
    IngestGuard guard(max_abs, kMaxGap);
    PlainGuard plain(max_abs, kMaxGap);
    int by_reason[kRejectReasonCount + 1] = {};
    for (size_t i = 0; i < stream.size(); ++i) {
      const AccelSample& s = stream[i];
      const IngestVerdict expected = plain.Check(s);
      const IngestVerdict got = guard.Check(s);
      ASSERT_EQ(got.accepted, expected.accepted) << "sample " << i;
      ASSERT_EQ(got.gap, expected.gap) << "sample " << i;
      ASSERT_EQ(got.reason, expected.reason) << "sample " << i;
      ASSERT_EQ(got.dt_seconds, expected.dt_seconds) << "sample " << i;
      ++by_reason[static_cast<int>(expected.reason)];
    }
    for (const RejectReason r :
         {RejectReason::kNonFinite, RejectReason::kOutOfOrder, RejectReason::kRepeatedTimestamp,
          RejectReason::kStuckSensor, RejectReason::kClipped, RejectReason::kImplausibleTime}) {
      EXPECT_GT(by_reason[static_cast<int>(r)], 0) << "reason " << static_cast<int>(r);
    }
    if (std::isfinite(max_abs)) {
      EXPECT_GT(by_reason[static_cast<int>(RejectReason::kOutOfRange)], 0);
    }
  }
}

// AcceptContinuingRun against the plain reference's Check on the same random stream, taken in
// runs of random lengths: every sample a run takes is one Check accepts without a gap, with
// its dt; a run of 0 hands the sample to Check; the verdicts after every run agree, so the
// state it leaves is Check's; the running sums of dt of the second form are Check's dt added
// one at a time.
TEST(IngestGuardTest, AcceptContinuingRunIsCheckForUsualSamples) {
  const std::vector<AccelSample> stream = RandomStream(200000);
  const float inf = std::numeric_limits<float>::infinity();
  struct Limits {
    float max_abs;
    float max_gap;
  };
  // The last limit is a gap longer than the stream's jumps of days, which Check calls
  // implausible times: the run must leave those samples to Check too.
  const auto days = static_cast<float>(3 * IngestGuard::kMaxTimeJumpSeconds);
  for (const Limits limits : {Limits{kMaxAbs, kMaxGap}, Limits{20.0f, kMaxGap},
                              Limits{inf, kMaxGap}, Limits{kMaxAbs, inf}, Limits{kMaxAbs, days}}) {
    const float max_abs = limits.max_abs;
    SCOPED_TRACE(std::to_string(max_abs) + " m/s^2, " + std::to_string(limits.max_gap) + " s");
    std::mt19937 rng(5);
    std::uniform_int_distribution<size_t> length(1, 40);
    IngestGuard guard(max_abs, limits.max_gap);
    PlainGuard plain(max_abs, limits.max_gap);
    size_t by_run = 0;
    size_t i = 0;
    while (i < stream.size()) {
      const std::span<const AccelSample> chunk(stream.data() + i,
                                               std::min(length(rng), stream.size() - i));
      double last_t = guard.last_accepted_t();
      // Every other chunk with the running sums of dt (a ledger's seconds), which must be the
      // reference's dt added one sample at a time, bit for bit.
      const bool with_sums = (i / 7) % 2 == 0;
      const double seconds_before = 1000.0 + static_cast<double>(i) / 3.0;
      std::array<double, 40> seconds_after;
      seconds_after.fill(-1.0);
      const size_t run =
          with_sums ? guard.AcceptContinuingRun(chunk, seconds_before, seconds_after.data())
                    : guard.AcceptContinuingRun(chunk);
      ASSERT_LE(run, chunk.size());
      double seconds = seconds_before;
      for (size_t k = 0; k < run; ++k) {
        const IngestVerdict expected = plain.Check(chunk[k]);
        ASSERT_TRUE(expected.accepted) << "sample " << i + k;
        ASSERT_FALSE(expected.gap) << "sample " << i + k;
        ASSERT_EQ(chunk[k].t_seconds - last_t, expected.dt_seconds) << "sample " << i + k;
        seconds += expected.dt_seconds;
        if (with_sums) {
          ASSERT_EQ(std::bit_cast<uint64_t>(seconds_after[k]), std::bit_cast<uint64_t>(seconds))
              << "sample " << i + k;
        }
        last_t = chunk[k].t_seconds;
      }
      if (with_sums && run < chunk.size()) {
        EXPECT_EQ(seconds_after[run], -1.0) << "written past the run, sample " << i + run;
      }
      ASSERT_EQ(guard.last_accepted_t(), last_t);
      by_run += run;
      i += run;
      if (run == 0) {
        const IngestVerdict expected = plain.Check(stream[i]);
        const IngestVerdict got = guard.Check(stream[i]);
        ASSERT_EQ(got.accepted, expected.accepted) << "sample " << i;
        ASSERT_EQ(got.gap, expected.gap) << "sample " << i;
        ASSERT_EQ(got.reason, expected.reason) << "sample " << i;
        ASSERT_EQ(got.dt_seconds, expected.dt_seconds) << "sample " << i;
        ++i;
      }
    }
    if (std::isfinite(max_abs) && limits.max_gap <= IngestGuard::kMaxTimeJumpSeconds) {
      // The runs are exercised (the stream is mostly frozen or pinned runs and rejects, which
      // leave about a quarter of its samples to AcceptContinuingRun).
      EXPECT_GT(by_run, stream.size() / 10) << max_abs;
    } else {
      EXPECT_EQ(by_run, 0u);  // Such limits always take Check's ordered tests.
    }
  }
}

// kCleanRun: the length of CleanRun, five whole steps of four samples and three after them.
constexpr size_t kCleanRun = 23;

// CleanRun: kCleanRun usual samples 10 ms apart from t = 10.01 s, every value new: x and y
// move by `slope` a sample, z by a quarter of it, from (1, -1, 9.5).
std::vector<AccelSample> CleanRun(float slope) {
  std::vector<AccelSample> run;
  for (size_t k = 0; k < kCleanRun; ++k) {
    const auto f = static_cast<float>(k);
    run.push_back(AccelSample{10.0 + 0.01 * static_cast<double>(k + 1), 1.0f + slope * f,
                              -1.0f - slope * f, 9.5f + 0.25f * slope * f});
  }
  return run;
}

// AcceptContinuingRun takes four samples a step and leaves a step with an unusual sample to its
// sample-by-sample loop: one unusual sample of each kind, at every position of a clean run
// (every lane of a step, and the samples after the last whole step), ends the run exactly
// there, with the running sums of the samples before it. Repeating all three values (a frozen
// run starts) or one value at the clip level (a pinned run starts) is unusual; repeating one
// smaller value is not (AcceptContinuingRunTakesRepeatsOfSmallValues).
TEST(IngestGuardTest, AcceptContinuingRunStopsAtTheFirstUnusualSampleInAnyLane) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  enum class Unusual {
    kNanValue,
    kOutOfRange,
    kRepeatsAllAxes,
    kRepeatsAClippedAxis,
    kSameTime,
    kEarlier,
    kGap,
    kNanTime
  };
  constexpr size_t kRun = kCleanRun;
  // The last accepted sample before the run; its z is beyond the clip level.
  const AccelSample kAnchor{10.0, 0.5f, -0.5f, 16.0f};
  for (const Unusual kind : {Unusual::kNanValue, Unusual::kOutOfRange, Unusual::kRepeatsAllAxes,
                             Unusual::kRepeatsAClippedAxis, Unusual::kSameTime, Unusual::kEarlier,
                             Unusual::kGap, Unusual::kNanTime}) {
    for (size_t at = 0; at < kRun; ++at) {
      SCOPED_TRACE("kind " + std::to_string(static_cast<int>(kind)) + ", position " +
                   std::to_string(at));
      IngestGuard guard(kMaxAbs, kMaxGap);
      ASSERT_TRUE(guard.Check(kAnchor).accepted);
      std::vector<AccelSample> run = CleanRun(1.0f);
      AccelSample& bad = run[at];
      const double before = at == 0 ? 10.0 : run[at - 1].t_seconds;
      switch (kind) {
        case Unusual::kNanValue:
          bad.y_mps2 = nan;
          break;
        case Unusual::kOutOfRange:
          bad.z_mps2 = -2 * kMaxAbs;
          break;
        case Unusual::kRepeatsAllAxes: {
          const AccelSample& previous = at == 0 ? kAnchor : run[at - 1];
          bad.x_mps2 = previous.x_mps2;
          bad.y_mps2 = previous.y_mps2;
          bad.z_mps2 = previous.z_mps2;
          break;
        }
        case Unusual::kRepeatsAClippedAxis:
          // The sample before holds z at a new value beyond the clip level (the anchor's, for
          // the first), and this one repeats it.
          if (at > 0) run[at - 1].z_mps2 = 17.0f;
          bad.z_mps2 = at == 0 ? kAnchor.z_mps2 : 17.0f;
          break;
        case Unusual::kSameTime:
          bad.t_seconds = before;
          break;
        case Unusual::kEarlier:
          bad.t_seconds = before - 0.005;
          break;
        case Unusual::kGap:
          bad.t_seconds = before + 2 * kMaxGap;
          break;
        case Unusual::kNanTime:
          bad.t_seconds = std::numeric_limits<double>::quiet_NaN();
          break;
      }
      std::array<double, kRun> seconds_after;
      seconds_after.fill(-1.0);
      const size_t taken = guard.AcceptContinuingRun(run, 5.0, seconds_after.data());
      ASSERT_EQ(taken, at);
      double seconds = 5.0;
      double last_t = 10.0;
      for (size_t k = 0; k < taken; ++k) {
        seconds += run[k].t_seconds - last_t;
        last_t = run[k].t_seconds;
        EXPECT_EQ(std::bit_cast<uint64_t>(seconds_after[k]), std::bit_cast<uint64_t>(seconds));
      }
      EXPECT_EQ(seconds_after[taken], -1.0) << "written past the run";
      EXPECT_EQ(guard.last_accepted_t(), last_t);
      // The state is Check's after the samples taken: the unusual one gets Check's verdict.
      IngestGuard reference(kMaxAbs, kMaxGap);
      ASSERT_TRUE(reference.Check(kAnchor).accepted);
      for (size_t k = 0; k < taken; ++k) ASSERT_TRUE(reference.Check(run[k]).accepted);
      const IngestVerdict expected = reference.Check(bad);
      const IngestVerdict got = guard.Check(bad);
      EXPECT_EQ(got.accepted, expected.accepted);
      EXPECT_EQ(got.gap, expected.gap);
      EXPECT_EQ(got.reason, expected.reason);
    }
  }
}

// A sensor that quantises its output repeats one or two axes' values now and then: such a
// sample starts no frozen or pinned run while the value is below the clip level, so the run
// takes it, in every lane, and leaves Check's state and sums (one axis, two axes, one axis at
// just under the clip level).
TEST(IngestGuardTest, AcceptContinuingRunTakesRepeatsOfSmallValues) {
  constexpr size_t kRun = kCleanRun;
  const AccelSample anchor{10.0, 0.5f, -0.5f, 9.0f};
  const float under_clip = std::nextafter(IngestGuard::kClipLevelMps2, 0.0f);
  for (int kind = 0; kind < 3; ++kind) {
    for (size_t at = 0; at < kRun; ++at) {
      SCOPED_TRACE("kind " + std::to_string(kind) + ", position " + std::to_string(at));
      std::vector<AccelSample> run = CleanRun(0.5f);  // Every value under the clip level.
      AccelSample& repeat = run[at];
      const AccelSample& previous = at == 0 ? anchor : run[at - 1];
      if (kind == 0) repeat.y_mps2 = previous.y_mps2;
      if (kind == 1) {
        repeat.x_mps2 = previous.x_mps2;
        repeat.z_mps2 = previous.z_mps2;
      }
      if (kind == 2) {
        if (at > 0) run[at - 1].y_mps2 = -under_clip;
        repeat.y_mps2 = at > 0 ? -under_clip : anchor.y_mps2;
      }
      IngestGuard guard(kMaxAbs, kMaxGap);
      IngestGuard reference(kMaxAbs, kMaxGap);
      ASSERT_TRUE(guard.Check(anchor).accepted);
      ASSERT_TRUE(reference.Check(anchor).accepted);
      std::array<double, kRun> seconds_after;
      ASSERT_EQ(guard.AcceptContinuingRun(run, 5.0, seconds_after.data()), kRun);
      double seconds = 5.0;
      for (size_t k = 0; k < kRun; ++k) {
        const IngestVerdict v = reference.Check(run[k]);
        ASSERT_TRUE(v.accepted);
        ASSERT_FALSE(v.gap);
        seconds += v.dt_seconds;
        EXPECT_EQ(std::bit_cast<uint64_t>(seconds_after[k]), std::bit_cast<uint64_t>(seconds));
      }
      // The state is Check's: a frozen run of the next 2.5 s is rejected at the same sample.
      const AccelSample last = run.back();
      for (int k = 1; k <= 250; ++k) {
        AccelSample frozen = last;
        frozen.t_seconds = last.t_seconds + 0.01 * k;
        const IngestVerdict expected = reference.Check(frozen);
        const IngestVerdict got = guard.Check(frozen);
        ASSERT_EQ(got.accepted, expected.accepted) << k;
        ASSERT_EQ(got.reason, expected.reason) << k;
      }
    }
  }
}

}  // namespace
}  // namespace minsense
