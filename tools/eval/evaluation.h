// evaluation.h: accuracy figures of the pipeline on labelled recordings.
//
// Per recording: how its windows were labelled, its cadence against the
// ground truth (where the corpus has step times), its step count against the
// true count, the latency of the first cadence and false steps where nobody
// steps. Per group (corpus, activity, position): the same figures pooled.
#ifndef MINSENSE_TOOLS_EVAL_EVALUATION_H_
#define MINSENSE_TOOLS_EVAL_EVALUATION_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "tools/eval/manifest.h"
#include "tools/eval/recording_run.h"

namespace minsense::eval {

inline constexpr int kActivityCount = 7;  // v1::Activity values 0..6.

// kMinTrueStepIntervalS: a ground-truth step interval shorter than this is a
// sensor artefact (0.2 s is 300 spm, beyond any human gait).
inline constexpr double kMinTrueStepIntervalS = 0.2;

// kRegularTruthFactor: a window's truth is "regular" when every true step
// interval in it is within this factor of the recording's median interval
// (either way). Foot-switch truth also splits one step in two (two intervals
// of half the median) or misses one (twice the median) where the signal
// shows a steady gait; such windows carry most of the large cadence errors.
// A diagnostic beside the main figures, which score every bounce-free window.
inline constexpr double kRegularTruthFactor = 1.6;

// kBoutSteps / kMaxBoutIntervalS: where a recording has step truth, the walk
// starts at the first true step of the first bout, kBoutSteps steps each
// within kMaxBoutIntervalS of the one before (the slowest walk here steps
// every 0.8 s). A lone footfall seconds before the walk (a foot switch
// touched while standing, as in oxval-user2_bag) does not start it: the
// first cadence latency counts from the walk.
inline constexpr int kBoutSteps = 4;
inline constexpr double kMaxBoutIntervalS = 2.0;

// WalkStart returns the time of the first true step of the first bout (see
// kBoutSteps), the first true step when no bout is found, or 0 without truth.
double WalkStart(const std::vector<double>& true_steps);

// ExpectedActivity maps a manifest activity to the label the pipeline should
// report, or ACTIVITY_UNSPECIFIED for `mixed` or unknown ones.
v1::Activity ExpectedActivity(const std::string& manifest_activity);

// ActivityShortName returns "WALKING" for ACTIVITY_WALKING, etc.
std::string ActivityShortName(v1::Activity a);

// RecordingMetrics are the figures of one recording.
struct RecordingMetrics {
  std::string corpus, id, subject, position, activity, detail;
  v1::Activity expected = v1::ACTIVITY_UNSPECIFIED;
  int windows = 0;
  std::array<int, kActivityCount> label_counts{};  // Reported label per window.
  int correct_windows = 0;
  v1::Activity majority = v1::ACTIVITY_UNSPECIFIED;
  int cadence_windows = 0;  // Windows that carried a cadence.
  std::optional<double> median_cadence_spm;
  // Per window, against the truth; windows whose true steps contain an
  // interval under kMinTrueStepIntervalS (a foot-switch bounce: no human
  // steps at 300 spm) are scored only in cadence_abs_errors_all_spm.
  std::vector<double> cadence_abs_errors_spm;
  std::vector<double> cadence_abs_errors_all_spm;
  std::vector<double> cadence_abs_errors_regular_spm;  // Regular truth only (diagnostic).
  int truth_windows_without_cadence = 0;               // Stepping truth, but no cadence.
  std::optional<double> first_cadence_latency_s;       // From WalkStart (or the start).
  uint64_t steps = 0;
  std::optional<int> steps_gt;
  std::optional<double> step_error_pct;  // Signed, 100 (steps - gt) / gt.
  // Diagnostic: the same against the truth with split steps merged. A split is two consecutive
  // true intervals, each shorter than the recording's median / kRegularTruthFactor, that
  // together make one step interval (within kRegularTruthFactor of the median): one footfall
  // that the foot switch reported twice.
  std::optional<double> step_error_merged_truth_pct;
  double duration_s = 0;
  uint64_t messages = 0, bytes_in = 0, bytes_out = 0, samples_in = 0, rejected = 0;
};

RecordingMetrics ComputeRecordingMetrics(const std::string& corpus_name, const ManifestEntry& e,
                                         const RecordingRun& run, const RunConfig& config);

// GroupSummary pools the recordings of one group.
struct GroupSummary {
  std::string key;  // e.g. "motionsense/running" or "oxford-steps/position=InHand".
  int recordings = 0;
  int windows = 0;
  int correct_windows = 0;
  int majority_correct = 0;
  std::array<int, kActivityCount> label_counts{};
  int cadence_recordings = 0;           // Recordings with a median cadence.
  std::vector<double> median_cadences;  // One per recording that has one.
  std::vector<double> cadence_abs_errors_spm;
  std::vector<double> cadence_abs_errors_all_spm;
  std::vector<double> cadence_abs_errors_regular_spm;
  std::vector<double> step_abs_errors_pct;
  double max_first_cadence_latency_s = 0;
  int latency_recordings = 0;
  uint64_t false_steps = 0;  // Steps counted in recordings that expect none.
  double still_minutes = 0;  // Their duration.
  uint64_t bytes_in = 0, bytes_out = 0, messages = 0;
  double duration_s = 0;

  double window_accuracy() const { return windows ? double(correct_windows) / windows : 0; }
};

// Summarise groups the recordings by corpus/activity and corpus/position.
std::vector<GroupSummary> Summarise(const std::vector<RecordingMetrics>& recordings);

// Percentile of values (p in [0, 100]); 0 for none.
double Percentile(std::vector<double> values, double p);
double Mean(const std::vector<double>& values);

// FormatTable renders groups as a fixed-width table for a terminal.
std::string FormatTable(const std::vector<GroupSummary>& groups);

// FormatJson renders groups and recordings as one JSON document.
std::string FormatJson(const std::vector<GroupSummary>& groups,
                       const std::vector<RecordingMetrics>& recordings);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_EVALUATION_H_
