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

// The split-merged step error counts a footfall that the truth reports twice
// once, and nothing else: a missed step, a lone short interval and a steady
// truth are left as they are.
TEST(EvaluationTest, MergedTruthStepErrorMergesOnlySplitSteps) {
  RecordingRun run = SteadyWalk(120.0f);
  ManifestEntry e = Walk();
  e.steps_gt = static_cast<int>(run.true_steps.size());  // 119 steps.
  run.ledger.steps = 119;
  const RecordingMetrics clean = ComputeRecordingMetrics("c", e, run, RunConfig());
  ASSERT_TRUE(clean.step_error_pct && clean.step_error_merged_truth_pct);
  EXPECT_NEAR(*clean.step_error_pct, 0.0, 1e-9);
  EXPECT_NEAR(*clean.step_error_merged_truth_pct, 0.0, 1e-9);

  // Two splits (0.25 + 0.25 s and 0.2 + 0.3 s), one missed step (a 1 s
  // interval, not merged) and one step early by 0.2 s (0.3 s then 0.7 s: the
  // pair is not two short intervals, so not merged).
  run.true_steps.push_back(20.25);
  run.true_steps.push_back(30.2);
  std::erase(run.true_steps, 40.5);
  std::replace(run.true_steps.begin(), run.true_steps.end(), 50.5, 50.3);
  std::sort(run.true_steps.begin(), run.true_steps.end());
  e.steps_gt = static_cast<int>(run.true_steps.size());  // 120 steps.
  run.ledger.steps = 118;                                // The steps that were walked.
  const RecordingMetrics odd = ComputeRecordingMetrics("c", e, run, RunConfig());
  ASSERT_TRUE(odd.step_error_pct && odd.step_error_merged_truth_pct);
  EXPECT_NEAR(*odd.step_error_pct, 100.0 * (118.0 - 120.0) / 120.0, 1e-9);
  EXPECT_NEAR(*odd.step_error_merged_truth_pct, 0.0, 1e-9);  // 120 - 2 splits.

  // No truth steps: no figure.
  ManifestEntry none = Walk();
  const RecordingMetrics absent = ComputeRecordingMetrics("c", none, run, RunConfig());
  EXPECT_FALSE(absent.step_error_merged_truth_pct.has_value());
}

// The walk starts at its first bout of kBoutSteps steps; a lone footfall
// before it does not start it, and the latency counts from the bout.
TEST(EvaluationTest, LatencyCountsFromTheFirstBout) {
  EXPECT_EQ(WalkStart({}), 0.0);
  EXPECT_EQ(WalkStart({3.0, 3.5, 4.0, 4.5}), 3.0);
  EXPECT_EQ(WalkStart({1.0, 7.0, 7.5, 8.0, 8.5}), 7.0);       // A stray footfall first.
  EXPECT_EQ(WalkStart({1.0, 2.9, 7.0, 7.5, 8.0, 8.5}), 7.0);  // Two, 1.9 s apart.
  EXPECT_EQ(WalkStart({1.0, 1.5, 1.9, 9.0, 9.8}), 1.0);       // No bout: the first step.
  EXPECT_EQ(WalkStart({1.0, 2.9, 4.8, 6.7, 9.0}), 1.0);       // Slow, but each within 2 s.

  RecordingRun run = SteadyWalk(120.0f);  // Steps from 1 s, first tempo at 8 s.
  const RecordingMetrics steady = ComputeRecordingMetrics("c", Walk(), run, RunConfig());
  ASSERT_TRUE(steady.first_cadence_latency_s.has_value());
  EXPECT_NEAR(*steady.first_cadence_latency_s, 7.0, 1e-9);
  run.true_steps.insert(run.true_steps.begin(), -9.0);  // A footfall 10 s before the walk.
  const RecordingMetrics stray = ComputeRecordingMetrics("c", Walk(), run, RunConfig());
  ASSERT_TRUE(stray.first_cadence_latency_s.has_value());
  EXPECT_NEAR(*stray.first_cadence_latency_s, 7.0, 1e-9);
}

}  // namespace
}  // namespace minsense::eval
