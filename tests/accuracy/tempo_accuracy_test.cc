// Tempo accuracy on the real recordings (issue "Tempo"): cadence against the
// foot-switch truth of oxford-steps, the local step count, running cadence
// without half- or double-rate errors, latency of the first tempo, silence
// when nobody steps, and independence of the sensor rate.
//
// Each test states its bar. Where the target is not met yet the test
// guards today's figure so it cannot regress, and says so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>

#include "pipeline/activity_labels.h"
#include "tests/support/corpus_data.h"
#include "tools/eval/manifest.h"
#include "tools/eval/recording_run.h"

namespace minsense::eval {
namespace {

using ::minsense::testing::EvaluateCached;

struct TempoFigures {
  double cadence_mae = 0, cadence_p95 = 0;          // Bounce-free truth windows.
  double cadence_mae_all = 0, cadence_p95_all = 0;  // Every scored window.
  size_t cadence_windows = 0;
  double step_mean_pct = 0, step_worst_pct = 0;
  // Against the truth with split steps merged (diagnostic, see RecordingMetrics).
  double step_mean_merged_pct = 0, step_worst_merged_pct = 0;
};

TempoFigures Tempo(const std::vector<RecordingMetrics>& all, const std::string& id_prefix = "") {
  std::vector<double> clean, every, steps, merged;
  for (const RecordingMetrics& r : all) {
    if (r.corpus != "oxford-steps" || r.id.rfind(id_prefix, 0) != 0) continue;
    clean.insert(clean.end(), r.cadence_abs_errors_spm.begin(), r.cadence_abs_errors_spm.end());
    every.insert(every.end(), r.cadence_abs_errors_all_spm.begin(),
                 r.cadence_abs_errors_all_spm.end());
    if (r.step_error_pct) steps.push_back(std::fabs(*r.step_error_pct));
    if (r.step_error_merged_truth_pct) merged.push_back(std::fabs(*r.step_error_merged_truth_pct));
  }
  TempoFigures f;
  f.cadence_mae = Mean(clean);
  f.cadence_p95 = Percentile(clean, 95);
  f.cadence_mae_all = Mean(every);
  f.cadence_p95_all = Percentile(every, 95);
  f.cadence_windows = clean.size();
  f.step_mean_pct = Mean(steps);
  f.step_worst_pct = Percentile(steps, 100);
  f.step_mean_merged_pct = Mean(merged);
  f.step_worst_merged_pct = Percentile(merged, 100);
  std::cout << "oxford-steps" << (id_prefix.empty() ? "" : " " + id_prefix) << ": cadence MAE "
            << f.cadence_mae << " P95 " << f.cadence_p95 << " spm over " << f.cadence_windows
            << " windows (all windows: MAE " << f.cadence_mae_all << " P95 " << f.cadence_p95_all
            << "); step error mean " << f.step_mean_pct << "% worst " << f.step_worst_pct
            << "% (split steps merged: mean " << f.step_mean_merged_pct << "% worst "
            << f.step_worst_merged_pct << "%)\n";
  return f;
}

TEST(TempoAccuracyTest, OxfordCadenceWithinTwoSpm) {
  MINSENSE_REQUIRE_CORPUS("oxford-steps");
  const auto* m = EvaluateCached({"oxford-steps"});
  ASSERT_NE(m, nullptr);
  const TempoFigures f = Tempo(*m);
  ASSERT_GT(f.cadence_windows, 3000u);
  // Issue bars: MAE <= 2 spm, P95 <= 5 spm (truth windows without foot-switch
  // bounces; the JSON of `minsense eval` also has every window). Both met:
  // MAE 1.59, P95 4.83 (5.07 before the gait prior halved a period of two
  // strides until plausible and split a period of three strides).
  EXPECT_LE(f.cadence_mae, 2.0);
  EXPECT_LE(f.cadence_p95, 5.0);
  // Most large errors sit where the foot-switch truth splits one step in two
  // or misses one while the signal shows a steady gait: over the windows
  // whose true intervals are all within 1.6x of the recording's median (4375
  // of 4602), MAE 1.05 and P95 2.82 spm.
  std::vector<double> regular;
  for (const RecordingMetrics& r : *m) {
    if (r.corpus != "oxford-steps") continue;
    regular.insert(regular.end(), r.cadence_abs_errors_regular_spm.begin(),
                   r.cadence_abs_errors_regular_spm.end());
  }
  std::cout << "oxford-steps regular truth: cadence MAE " << Mean(regular) << " P95 "
            << Percentile(regular, 95) << " spm over " << regular.size() << " windows\n";
  EXPECT_GT(regular.size(), 9 * f.cadence_windows / 10);
  EXPECT_LE(Mean(regular), 1.3);
  EXPECT_LE(Percentile(regular, 95), 3.0);
}

TEST(TempoAccuracyTest, OxfordStepCount) {
  MINSENSE_REQUIRE_CORPUS("oxford-steps");
  const auto* m = EvaluateCached({"oxford-steps"});
  ASSERT_NE(m, nullptr);
  const TempoFigures all = Tempo(*m);
  // The bar for the mean (1.5%) is met (1.38%). The worst recording
  // is 6.7% against the raw truth, not within the bar of 4%: the worst ones
  // (SwingingArm_1/2 -6.7%/-5.6%, Armband_1/2 -4.3%/-3.6%) are under-counts
  // against a truth with 18 to 35 intervals under two thirds of the median
  // step interval, mostly pairs like 0.27 + 0.27 s that split one 0.54 s
  // step in two (a foot switch reporting one footfall twice); the signal's
  // cadence is steady at the median. Merging those splits (two consecutive
  // short intervals that together make one step interval: 15 in
  // SwingingArm_1, 7 in _2, 9 in Armband_2) the bar is met: mean 1.14%,
  // worst 3.6%. Raw worst guarded at today's figure.
  EXPECT_LE(all.step_mean_pct, 1.5);
  EXPECT_LE(all.step_worst_pct, 7.0);
  EXPECT_LE(all.step_mean_merged_pct, 1.3);
  EXPECT_LE(all.step_worst_merged_pct, 4.0);
  // The 12 validation walks, where published anchors exist (hardware counter
  // 1.0% / 2.4%, Pebble 3.1% / 6.1%, Oxford 6.9% / 46%, Espruino 8.3% / 60%):
  // at least as good as the hardware counter (0.53% / 1.75% today).
  const TempoFigures validation = Tempo(*m, "oxval-");
  EXPECT_LE(validation.step_mean_pct, 1.0);
  EXPECT_LE(validation.step_worst_pct, 2.4);
}

// ExpectRunningAtItsRate checks the running bar on motionsense and sisfall evaluated
// with `options`: every running recording's median cadence in 140-210 spm, and each sisfall
// subject's fast jog faster than the slow one (one tie allowed, never slower by over 1 spm).
void ExpectRunningAtItsRate(const EvaluateOptions& options, const std::string& rate) {
  const auto* m = EvaluateCached({"motionsense", "sisfall"}, options);
  ASSERT_NE(m, nullptr);
  int running = 0;
  std::map<std::string, std::map<std::string, double>> sisfall;  // subject -> detail -> spm
  for (const RecordingMetrics& r : *m) {
    if (r.activity != "running") continue;
    ++running;
    ASSERT_TRUE(r.median_cadence_spm.has_value()) << r.id << " at " << rate;
    EXPECT_GE(*r.median_cadence_spm, 140.0) << r.id << " at " << rate;
    EXPECT_LE(*r.median_cadence_spm, 210.0) << r.id << " at " << rate;
    if (r.corpus == "sisfall") sisfall[r.subject][r.detail] = *r.median_cadence_spm;
  }
  EXPECT_GT(running, 90) << rate;
  int pairs = 0, faster = 0;
  for (const auto& [subject, d] : sisfall) {
    if (d.count("jogging_fast") == 0 || d.count("jogging_slow") == 0) continue;
    ++pairs;
    if (d.at("jogging_fast") > d.at("jogging_slow")) ++faster;
    EXPECT_GE(d.at("jogging_fast"), d.at("jogging_slow") - 1.0) << subject << " at " << rate;
  }
  std::cout << rate << ": sisfall fast jog faster than slow jog for " << faster << " of " << pairs
            << " subjects\n";
  EXPECT_GE(faster, pairs - 1) << rate;
}

TEST(TempoAccuracyTest, RunningHasNoHalfOrDoubleRate) {
  MINSENSE_REQUIRE_CORPUS("motionsense");
  MINSENSE_REQUIRE_CORPUS("sisfall");
  ExpectRunningAtItsRate(EvaluateOptions(), "native rate");
}

// The running bar at every lower rate the issue names. At 12.5 Hz (samples dropped, no
// anti-alias filter) running heel strikes alias; one motionsense jog read a median of 131 spm
// (2/3 of its cadence) until the cadence estimator's step 7b (kernels/cadence_estimator.h).
TEST(TempoAccuracyTest, RunningHasNoHalfOrDoubleRateAtLowerSensorRates) {
  MINSENSE_REQUIRE_CORPUS("motionsense");
  MINSENSE_REQUIRE_CORPUS("sisfall");
  for (double hz : {12.5, 25.0, 50.0}) {
    EvaluateOptions options;
    options.run.decimate_to_hz = hz;
    ExpectRunningAtItsRate(options, std::to_string(hz) + " Hz");
  }
}

TEST(TempoAccuracyTest, FirstCadenceWithinTenSeconds) {
  MINSENSE_REQUIRE_CORPUS("oxford-steps");
  MINSENSE_REQUIRE_CORPUS("motionsense");
  MINSENSE_REQUIRE_CORPUS("sisfall");
  const auto* m = EvaluateCached({"oxford-steps", "motionsense", "sisfall"});
  ASSERT_NE(m, nullptr);
  std::vector<double> latency;
  int stepping = 0;
  for (const RecordingMetrics& r : *m) {
    if (r.expected != v1::ACTIVITY_WALKING && r.expected != v1::ACTIVITY_RUNNING) continue;
    ++stepping;
    // From the first bout of true steps where the corpus has step truth
    // (WalkStart), else from the recording start (which may precede the walk).
    latency.push_back(r.first_cadence_latency_s.value_or(1e9));
    // With step truth the walk's start is known: the bar holds for every walk.
    if (r.corpus == "oxford-steps") {
      EXPECT_LE(latency.back(), 10.0) << r.id;
    }
  }
  const double within = static_cast<double>(
      std::count_if(latency.begin(), latency.end(), [](double s) { return s <= 10.0; }));
  std::cout << "first cadence within 10 s in " << within << " of " << stepping
            << " stepping recordings; median " << Percentile(latency, 50) << " s\n";
  EXPECT_LE(Percentile(latency, 50), 8.0);
  // The 3 over 10 s are motionsense stairs, timed from the recording start.
  EXPECT_GE(within, 0.98 * stepping);
}

TEST(TempoAccuracyTest, SilentWhenNobodySteps) {
  MINSENSE_REQUIRE_CORPUS("motionsense");
  MINSENSE_REQUIRE_CORPUS("hugadb-thigh");
  const auto* m = EvaluateCached({"motionsense", "hugadb-thigh"});
  ASSERT_NE(m, nullptr);
  int checked = 0;
  int cycling = 0, cycling_over_bar = 0, cycling_steps = 0, cycling_cadence_windows = 0;
  double cycling_minutes = 0;
  for (const RecordingMetrics& r : *m) {
    if (r.activity == "cycling") {
      // Pedalling on a thigh sensor: the step-lag autocorrelation feature
      // (a pedal stroke is one smooth cycle, anti-correlated at half its
      // period; a stride is two steps) took the false steps from 0.70 a
      // minute (2 of 19 recordings over the bar) to none. "No cadence" is
      // still NOT MET: 2 windows of 1,286 carry one (50 at first, 32 once a
      // tempo needed the window's own label to be stepping, 25 once the
      // walking and running of recordings with an uncertain rate stopped
      // training the model, 13 with the step-lag feature, 5 once stepping
      // after a ride needed one window more, label_smoother.h, 2 once a
      // tempo after a ride waited for the steps to be counted, pipeline.cc).
      // Both are the first gait-like windows of a recording that starts
      // still, where nothing yet says a bike is there. The corpora hold
      // cycling from one person on one sensor, so the figure here is the
      // weaker evidence.
      ++cycling;
      cycling_steps += static_cast<int>(r.steps);
      cycling_minutes += r.duration_s / 60.0;
      cycling_cadence_windows += r.cadence_windows;
      if (static_cast<double>(r.steps) > std::max(1.0, r.duration_s / 60.0)) ++cycling_over_bar;
      continue;
    }
    if (r.activity != "still" && r.activity != "in_vehicle") continue;
    ++checked;
    const double minutes = r.duration_s / 60.0;
    EXPECT_LE(static_cast<double>(r.steps), std::max(1.0, minutes)) << r.id;
    // No cadence in a car either: the bar, as for still recordings. (Two car
    // recordings once showed two weak periodic windows each; none has with the trained model.)
    EXPECT_EQ(r.cadence_windows, 0) << r.id;
  }
  EXPECT_GT(checked, 90);
  std::cout << "cycling: " << cycling_steps / std::max(1e-9, cycling_minutes)
            << " false steps/min; " << cycling_over_bar << " of " << cycling
            << " recordings over 1 step/min; " << cycling_cadence_windows
            << " windows with a cadence\n";
  EXPECT_GE(cycling, 15);
  EXPECT_LE(cycling_steps, 1.0 * cycling_minutes);
  EXPECT_EQ(cycling_over_bar, 0);
  EXPECT_LE(cycling_cadence_windows, 2);
}

// A tempo comes only from a window that itself shows gait: the label
// hysteresis may still report WALKING over a window the classifier calls
// something else (the first windows of pedalling, a stop), and such a
// window's period is not a step period. Checked on every window of the
// recordings where it matters (cycling, cars, still, stairs); the rule must
// have had windows to act on, or the test would prove nothing.
TEST(TempoAccuracyTest, TempoOnlyFromWindowsThatShowGait) {
  MINSENSE_REQUIRE_CORPUS("motionsense");
  MINSENSE_REQUIRE_CORPUS("hugadb-thigh");
  int windows = 0, with_tempo = 0, held_without_tempo = 0;
  for (const char* name : {"motionsense", "hugadb-thigh"}) {
    StatusOr<Corpus> corpus = LoadCorpus(::minsense::testing::DataDir() + "/" + name);
    ASSERT_TRUE(corpus.ok()) << corpus.status().message();
    for (const ManifestEntry& e : corpus->entries) {
      if (e.accel_file.empty()) continue;
      StatusOr<RecordingRun> run = RunRecording(corpus->dir, e, RunConfig());
      ASSERT_TRUE(run.ok()) << e.id << ": " << run.status().message();
      for (const WindowReport& w : run->windows) {
        ++windows;
        if (w.cadence_spm > 0) {
          ++with_tempo;
          EXPECT_TRUE(IsStepping(w.activity) && IsStepping(w.raw_activity))
              << e.id << " window ending at " << w.t_end_seconds << " s";
        } else if (w.stepping && w.cadence_valid && !IsStepping(w.raw_activity)) {
          ++held_without_tempo;
        }
      }
    }
  }
  std::cout << windows << " windows, " << with_tempo << " with a tempo, " << held_without_tempo
            << " reported stepping by the hysteresis alone with a period, and no tempo\n";
  EXPECT_GT(with_tempo, 1000);
  EXPECT_GT(held_without_tempo, 10);
}

// Tempo figures at 25, 50 and 12.5 Hz stay within one point of the native
// rates. At 12.5 Hz (samples dropped, no anti-alias filter) the cadence is
// refined by the harmonic sum (pipeline/motion_analyzer.cc): MAE 1.61, P95
// 4.40 spm (native 1.60 / 4.85; 1.81 / 6.19 unrefined), step error mean
// 1.52%, worst 8.1% (was MAE 2.40, P95 8.31, worst 22.2% before the gait prior
// halved a period of two strides until the cadence was plausible).
TEST(TempoAccuracyTest, HoldsAtLowerSensorRates) {
  MINSENSE_REQUIRE_CORPUS("oxford-steps");
  const auto* native = EvaluateCached({"oxford-steps"});
  ASSERT_NE(native, nullptr);
  const TempoFigures base = Tempo(*native);
  for (double hz : {25.0, 50.0}) {
    EvaluateOptions options;
    options.run.decimate_to_hz = hz;
    const auto* m = EvaluateCached({"oxford-steps"}, options);
    ASSERT_NE(m, nullptr);
    std::cout << "at " << hz << " Hz: ";
    const TempoFigures f = Tempo(*m);
    EXPECT_LE(f.cadence_mae, base.cadence_mae + 1.0) << hz;
    EXPECT_LE(f.cadence_p95, base.cadence_p95 + 1.0) << hz;
    EXPECT_LE(f.step_mean_pct, base.step_mean_pct + 1.0) << hz;
  }
  EvaluateOptions coarse;
  coarse.run.decimate_to_hz = 12.5;
  const auto* m = EvaluateCached({"oxford-steps"}, coarse);
  ASSERT_NE(m, nullptr);
  std::cout << "at 12.5 Hz: ";
  const TempoFigures f = Tempo(*m);
  EXPECT_LE(f.cadence_mae, base.cadence_mae + 1.0);
  EXPECT_LE(f.cadence_p95, base.cadence_p95 + 1.0);
  EXPECT_LE(f.step_mean_pct, base.step_mean_pct + 1.0);
  EXPECT_LE(f.step_worst_pct, 8.5);
}

}  // namespace
}  // namespace minsense::eval
