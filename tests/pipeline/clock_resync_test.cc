#include "pipeline/clock_resync.h"

#include <gtest/gtest.h>

namespace minsense {
namespace {

constexpr double kMaxStep = 1.0;
constexpr int kNeeded = 5;

// Judges t against a clock stuck at clock_t, as a guard does for every timestamp it refuses.
ClockJudgement Judge(ClockResync& r, double t, double clock_t = 100.0, bool confirmed = true) {
  return r.Judge(t, clock_t, confirmed, kMaxStep, kNeeded);
}

TEST(ClockResyncTest, NamesWhatATimestampIs) {
  ClockResync r;
  EXPECT_EQ(Judge(r, 100.0), ClockJudgement::kRepeated);
  EXPECT_EQ(Judge(r, 50.0), ClockJudgement::kEarlier);
  EXPECT_EQ(Judge(r, 1e9), ClockJudgement::kAhead);
}

TEST(ClockResyncTest, ARunOfConsistentTimesRestartsTheClockAtItsLast) {
  ClockResync r;
  for (int i = 0; i < kNeeded - 1; ++i) {
    EXPECT_EQ(Judge(r, 1e9 + 0.5 * i), ClockJudgement::kAhead) << i;
  }
  EXPECT_EQ(Judge(r, 1e9 + 0.5 * (kNeeded - 1)), ClockJudgement::kRestart);
}

TEST(ClockResyncTest, AnInconsistentTimeStartsTheRunAgain) {
  ClockResync r;
  for (int i = 0; i < kNeeded - 1; ++i) Judge(r, 1e9 + 0.5 * i);
  // A step longer than max_step, one back in time, and a repeat of the run's last time each
  // break the run; the time that broke it is the first of the next one.
  for (double breaker : {1e9 + 0.5 * (kNeeded - 2) + 2 * kMaxStep, 1e9 - 10.0}) {
    EXPECT_EQ(Judge(r, breaker), ClockJudgement::kAhead);
    for (int i = 1; i < kNeeded - 1; ++i) {
      EXPECT_EQ(Judge(r, breaker + 0.5 * i), ClockJudgement::kAhead) << i;
    }
    EXPECT_EQ(Judge(r, breaker + 0.5 * (kNeeded - 1)), ClockJudgement::kRestart) << breaker;
  }
  ClockResync repeat;
  for (int i = 0; i < kNeeded - 1; ++i) Judge(repeat, 1e9 + 0.5 * i);
  EXPECT_EQ(Judge(repeat, 1e9 + 0.5 * (kNeeded - 2)), ClockJudgement::kAhead);
  EXPECT_EQ(Judge(repeat, 1e9 + 0.5 * (kNeeded - 1)), ClockJudgement::kAhead);
}

TEST(ClockResyncTest, RepeatsOfTheClockDoNotCount) {
  ClockResync r;
  for (int i = 0; i < kNeeded - 1; ++i) Judge(r, 1e9 + 0.5 * i);
  EXPECT_EQ(Judge(r, 100.0), ClockJudgement::kRepeated);
  EXPECT_EQ(Judge(r, 1e9 + 0.5 * (kNeeded - 1)), ClockJudgement::kRestart);
}

TEST(ClockResyncTest, AConfirmedClockNeverGoesBack) {
  ClockResync r;
  for (int i = 0; i < 10 * kNeeded; ++i) {
    EXPECT_EQ(Judge(r, 10.0 + 0.1 * i, 100.0, /*confirmed=*/true), ClockJudgement::kEarlier) << i;
  }
}

TEST(ClockResyncTest, AnUnconfirmedClockFollowsEarlierTimes) {
  // A wild first sample far in the future: the correct samples after it restart the clock.
  ClockResync r;
  for (int i = 0; i < kNeeded - 1; ++i) {
    EXPECT_EQ(Judge(r, 10.0 + 0.1 * i, 1e9, /*confirmed=*/false), ClockJudgement::kEarlier) << i;
  }
  EXPECT_EQ(Judge(r, 10.0 + 0.1 * (kNeeded - 1), 1e9, false), ClockJudgement::kRestart);
}

TEST(ClockResyncTest, ClearAndResetEndTheRun) {
  for (bool reset : {false, true}) {
    ClockResync r;
    for (int i = 0; i < kNeeded - 1; ++i) Judge(r, 1e9 + 0.5 * i);
    if (reset) {
      r.Reset();
    } else {
      r.Clear();
    }
    for (int i = 0; i < kNeeded - 1; ++i) {
      EXPECT_EQ(Judge(r, 1e9 + 0.5 * (kNeeded - 1 + i)), ClockJudgement::kAhead) << i;
    }
    EXPECT_EQ(Judge(r, 1e9 + 0.5 * (2 * kNeeded - 2)), ClockJudgement::kRestart);
  }
}

}  // namespace
}  // namespace minsense
