// Per-window cadence scoring of tools/eval/evaluation.h against step truth.
#include "tools/eval/evaluation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace minsense::eval {
namespace {

// SteadyWalk: true steps every 0.5 s (120 spm) from 1 s to 60 s, and one
// stepping window every 2 s (6 s long) that reports `spm`.
RecordingRun SteadyWalk(float spm) {
  RecordingRun run;
  for (double t = 1.0; t <= 60.0 + 1e-9; t += 0.5) run.true_steps.push_back(t);
  for (double t = 8.0; t <= 60.0 + 1e-9; t += 2.0) {
    WindowReport w;
    w.t_end_seconds = t;
    w.activity = v1::ACTIVITY_WALKING;
    w.stepping = true;
    w.cadence_spm = spm;
    run.windows.push_back(w);
  }
  return run;
}

ManifestEntry Walk() {
  ManifestEntry e;
  e.id = "walk";
  e.activity = "walking";
  return e;
}

TEST(EvaluationTest, RegularTruthLeavesOutSplitAndMissedSteps) {
  RecordingRun run = SteadyWalk(120.0f);
  const RecordingMetrics clean = ComputeRecordingMetrics("c", Walk(), run, RunConfig());
  ASSERT_FALSE(clean.cadence_abs_errors_spm.empty());
  EXPECT_EQ(clean.cadence_abs_errors_regular_spm.size(), clean.cadence_abs_errors_spm.size());
  EXPECT_NEAR(Percentile(clean.cadence_abs_errors_spm, 100), 0.0, 1e-6);

  // The truth splits the step at 20 s in two (0.25 s + 0.25 s) and misses
  // the one at 40.5 s (a 1 s interval); the gait itself stays at 120 spm.
  run.true_steps.push_back(20.25);
  std::erase(run.true_steps, 40.5);
  std::sort(run.true_steps.begin(), run.true_steps.end());
  const RecordingMetrics odd = ComputeRecordingMetrics("c", Walk(), run, RunConfig());
  // Both artefacts are above the bounce limit, so the main figure scores
  // them; the regular-truth figure leaves out exactly the windows that hold
  // one (three windows each, every 2 s over 6 s).
  EXPECT_EQ(odd.cadence_abs_errors_spm.size(), clean.cadence_abs_errors_spm.size());
  EXPECT_GT(Percentile(odd.cadence_abs_errors_spm, 100), 5.0);
  EXPECT_EQ(odd.cadence_abs_errors_regular_spm.size(), clean.cadence_abs_errors_spm.size() - 6);
  EXPECT_NEAR(Percentile(odd.cadence_abs_errors_regular_spm, 100), 0.0, 1e-6);
}

}  // namespace
}  // namespace minsense::eval
