#include "pipeline/step_counter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace minsense {
namespace {

// Steps is a list of detected step times with the same accounting as
// MotionAnalyzer::SteppingSecondsAfter, for the steps seen up to `now`.
struct Steps {
  std::vector<double> times;
  double now = 0;

  struct Result {
    double seconds = 0;
    double until_t = 0;
  };
  Result After(double t0, double max_gap) const {
    Result r{0, t0};
    for (size_t i = 1; i < times.size() && times[i] <= now; ++i) {
      const double a = times[i - 1];
      const double b = times[i];
      if (b <= t0) continue;
      r.until_t = b;
      if (b - a <= max_gap) r.seconds += b - std::max(a, t0);
    }
    return r;
  }
};

// Run feeds windows every 2 s (6 s long) up to t_end, stepping where
// `stepping(t)` says so, at `spm`.
template <typename SteppingFn>
uint64_t CountSteps(const Steps& steps_in, double t_end, float spm, SteppingFn stepping) {
  Steps steps = steps_in;
  StepCounter counter(2);
  for (double t = 6; t <= t_end + 1e-9; t += 2) {
    steps.now = t;
    StepWindow w{t, 6.0, stepping(t), spm};
    counter.OnWindow(w, [&](double t0, double gap) { return steps.After(t0, gap); });
  }
  return counter.steps();
}

TEST(StepCounterTest, SteadyWalkCountsEveryStep) {
  Steps s;
  for (double t = 1.0; t <= 100.0; t += 0.5) s.times.push_back(t);  // 199 steps, 120 spm.
  const uint64_t n = CountSteps(s, 102, 120.0f, [](double) { return true; });
  EXPECT_NEAR(static_cast<double>(n), 199.0, 1.0);
}

TEST(StepCounterTest, MissedAndExtraPeaksDoNotChangeTheCount) {
  Steps s;
  for (double t = 1.0; t <= 100.0; t += 0.5) {
    if (static_cast<int>(t * 2) % 7 == 0) continue;  // A missed peak now and then.
    s.times.push_back(t);
    if (static_cast<int>(t * 2) % 5 == 0) s.times.push_back(t + 0.1);  // A double bump.
  }
  const uint64_t n = CountSteps(s, 102, 120.0f, [](double) { return true; });
  EXPECT_NEAR(static_cast<double>(n), 199.0, 1.0);
}

TEST(StepCounterTest, PausesInsideWindowsAreNotCounted) {
  Steps s;
  for (double t = 1.0; t <= 30.0; t += 0.5) s.times.push_back(t);   // 59 steps.
  for (double t = 34.0; t <= 60.0; t += 0.5) s.times.push_back(t);  // 53 steps.
  // The windows around the 4 s pause still show gait at 120 spm.
  const uint64_t n = CountSteps(s, 62, 120.0f, [](double) { return true; });
  EXPECT_NEAR(static_cast<double>(n), 112.0, 2.0);
}

TEST(StepCounterTest, AShortBoutIsNeverConfirmed) {
  Steps s;
  for (double t = 1.0; t <= 60.0; t += 0.5) s.times.push_back(t);
  // Only the window ending at 20 s looks like gait.
  EXPECT_EQ(CountSteps(s, 60, 120.0f, [](double t) { return t == 20.0; }), 0u);
}

TEST(StepCounterTest, ABoutIsConfirmedAfterItsWindowsAndUntilItEnds) {
  Steps s;
  for (double t = 1.0; t <= 30.0; t += 0.5) s.times.push_back(t);
  StepCounter counter(2);
  const auto after = [&](double t0, double gap) { return s.After(t0, gap); };
  EXPECT_FALSE(counter.bout_confirmed());
  s.now = 6;
  counter.OnWindow(StepWindow{6, 6.0, true, 120.0f}, after);
  EXPECT_FALSE(counter.bout_confirmed());  // One window of two.
  EXPECT_EQ(counter.steps(), 0u);
  s.now = 8;
  counter.OnWindow(StepWindow{8, 6.0, true, 120.0f}, after);
  EXPECT_TRUE(counter.bout_confirmed());
  EXPECT_GT(counter.steps(), 0u);
  // One window without gait: the bout survives it, a second one ends it.
  counter.OnWindow(StepWindow{10, 6.0, false, 0.0f}, after);
  EXPECT_TRUE(counter.bout_confirmed());
  counter.OnWindow(StepWindow{12, 6.0, false, 0.0f}, after);
  EXPECT_FALSE(counter.bout_confirmed());
  // A new bout needs its own windows again.
  s.now = 14;
  counter.OnWindow(StepWindow{14, 6.0, true, 120.0f}, after);
  EXPECT_FALSE(counter.bout_confirmed());
}

TEST(StepCounterTest, BoutsDoNotRecountTheSameSteps) {
  Steps s;
  for (double t = 1.0; t <= 100.0; t += 0.5) s.times.push_back(t);
  // One non-stepping window in the middle splits the walk into two bouts.
  const uint64_t n = CountSteps(s, 102, 120.0f, [](double t) { return t != 50.0; });
  EXPECT_NEAR(static_cast<double>(n), 199.0, 4.0);
  EXPECT_LE(n, 200u);
}

// CountStepsAt is CountSteps with a per-window cadence (0: not stepping).
template <typename CadenceFn>
uint64_t CountStepsAt(const Steps& steps_in, double t_end, CadenceFn cadence) {
  Steps steps = steps_in;
  StepCounter counter(2);
  for (double t = 6; t <= t_end + 1e-9; t += 2) {
    steps.now = t;
    const float spm = cadence(t);
    StepWindow w{t, 6.0, spm > 0, spm};
    counter.OnWindow(w, [&](double t0, double gap) { return steps.After(t0, gap); });
  }
  return counter.steps();
}

TEST(StepCounterTest, OneWindowWithoutGaitInsideABoutLosesNoSteps) {
  Steps s;
  for (double t = 1.0; t <= 100.0; t += 0.5) s.times.push_back(t);  // 199 steps.
  // A turn at 50 s: the window does not look like gait, the steps go on.
  const uint64_t n = CountStepsAt(s, 102, [](double t) { return t == 50.0 ? 0.0f : 120.0f; });
  EXPECT_NEAR(static_cast<double>(n), 199.0, 1.0);
  // The same at the very end of the walk, where no new bout could be confirmed.
  const uint64_t end =
      CountStepsAt(s, 102, [](double t) { return t == 98.0 || t > 100.0 ? 0.0f : 120.0f; });
  EXPECT_NEAR(static_cast<double>(end), 199.0, 1.0);
}

TEST(StepCounterTest, AResumptionAtAnotherCadenceIsANewBout) {
  Steps s;
  for (double t = 1.0; t <= 60.0; t += 0.5) s.times.push_back(t);  // 119 steps.
  // After the walk, handling the phone shows a few periodic bumps.
  for (double t = 61.0; t <= 64.0; t += 0.75) s.times.push_back(t);
  auto cadence_after = [](float resumed_spm) {
    return [resumed_spm](double t) {
      if (t <= 60) return 120.0f;
      if (t == 64) return resumed_spm;
      return 0.0f;
    };
  };
  // At 80 spm (a third off the bout's 120) it is a new bout, never confirmed.
  EXPECT_NEAR(static_cast<double>(CountStepsAt(s, 80, cadence_after(80.0f))), 119.0, 1.0);
  // At the bout's own cadence the bout resumes and its steps count.
  EXPECT_GT(CountStepsAt(s, 80, cadence_after(115.0f)), 122u);
}

TEST(StepCounterTest, AWanderingCadenceIsNeverConfirmed) {
  Steps s;
  for (double t = 1.0; t <= 60.0; t += 0.5) s.times.push_back(t);
  // Every window looks like gait, but the pace jumps by a third or more from
  // one window to the next (pedalling or handling read as steps).
  const uint64_t wandering = CountStepsAt(s, 60, [](double t) {
    static constexpr float kSpm[] = {60.0f, 90.0f, 120.0f};
    return kSpm[static_cast<int>(t / 2) % 3];
  });
  EXPECT_EQ(wandering, 0u);
  // Once the pace settles, the new bout is confirmed and looks back over its
  // first window.
  const uint64_t settles = CountStepsAt(s, 60, [](double t) {
    if (t >= 30) return 120.0f;
    return static_cast<int>(t / 2) % 2 == 0 ? 60.0f : 90.0f;
  });
  EXPECT_NEAR(static_cast<double>(settles), 120.0 - 2 * (30.0 - 6.0), 3.0);
}

TEST(StepCounterTest, ResetForgetsTheCount) {
  StepCounter counter(1);
  counter.OnWindow(StepWindow{6, 6, true, 120}, [](double, double) {
    return Steps::Result{5.0, 6.0};
  });
  EXPECT_EQ(counter.steps(), 11u);
  counter.Reset();
  EXPECT_EQ(counter.steps(), 0u);
}

}  // namespace
}  // namespace minsense
