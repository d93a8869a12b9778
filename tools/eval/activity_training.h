// activity_training.h: trains and evaluates the activity model on corpora.
//
// 1. CollectWindowDataset replays every recording through the real Pipeline
//    and keeps each window's WindowFeatures (the classifier's inputs, one
//    code path with the device) with the window's true label.
// 2. TrainActivityModel fits the network of kernels/mlp_training.h on a
//    subset of recordings and returns a v1::ActivityModel.
// 3. CrossValidate trains without some recordings and scores on them, the
//    way the pipeline reports labels (classifier, then LabelSmoother):
//    by subject groups within a corpus, or one whole corpus left out.
// 4. MeasureChangeDelays splices two recordings of one subject (still,
//    walking, running) and times how long the reported label takes to
//    follow the change.
#ifndef MINSENSE_TOOLS_EVAL_ACTIVITY_TRAINING_H_
#define MINSENSE_TOOLS_EVAL_ACTIVITY_TRAINING_H_

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernels/mlp_training.h"
#include "minsense/v1/activity_model.pb.h"
#include "pipeline/status.h"
#include "pipeline/window_features.h"
#include "tools/eval/evaluation.h"
#include "tools/eval/recording_run.h"

namespace minsense::eval {

// One window: the classifier's inputs and the true label
// (ACTIVITY_UNSPECIFIED: neither trained on nor scored).
struct LabelledWindow {
  WindowFeatures features;
  v1::Activity truth = v1::ACTIVITY_UNSPECIFIED;
};

struct RecordingWindows {
  std::string corpus, id, subject, position, activity, detail;
  // The manifest doubts the recording's sampling rate (`rate_note` uncertain): its cadences,
  // and every other feature of time, are off by an unknown factor.
  bool rate_uncertain = false;
  std::vector<LabelledWindow> windows;
};

struct WindowDataset {
  std::vector<RecordingWindows> recordings;
};

// WindowTruth: the recording's label for every window, except in recordings
// with ground-truth step times, where a window counts as WALKING (or the
// recording's stepping label) only when true steps span all of it, and is
// left out when it holds none or only some (standing before the walk).
// `mixed` recordings are left out.
v1::Activity WindowTruth(v1::Activity expected, const std::vector<double>& true_steps,
                         double t_end_seconds, double window_seconds);

// CollectWindowDataset replays the recordings (in parallel, manifest order
// kept) that have an accelerometer file.
StatusOr<WindowDataset> CollectWindowDataset(const std::vector<std::string>& dirs,
                                             const RunConfig& config, int threads,
                                             const std::function<void(int, int)>& progress);

struct ActivityTrainingOptions {
  kernels::MlpTrainingOptions mlp;
  float min_probability = 0.5f;  // Below: UNKNOWN.
  float medium_probability = 0.75f;
  float high_probability = 0.95f;
  // Relative weight of the CYCLING and IN_VEHICLE classes in the loss. The
  // corpora hold them from one person with the phone on the thigh only, so
  // the model must call them on strong evidence alone: a lower weight lowers
  // their prior, and a window in doubt goes to STILL or UNKNOWN (never
  // stepping, which is what matters for tempo).
  double vehicle_class_weight = 0.25;
  // The model's physical stillness rule (ActivityModel field of that name).
  // 0.35 m/s^2: over the corpora, every window of a phone at rest or in the
  // pocket of a seated person is below, every stepping window above.
  float still_max_magnitude_std_mps2 = 0.35f;
  // The model's vehicle_min_probability.
  float vehicle_min_probability = 0.9f;
  // The model's running_needs_gait_period rule. Cross-corpus on motionsense
  // (trained without its stairs): 92.8% -> 93.1%, stairs down read as running
  // 451 -> 303 windows; no other figure moved.
  bool running_needs_gait_period = true;
  // Every training window is also shown with its motion intensity scaled by
  // these factors (ScaleIntensity): the same gait felt harder or softer, as a
  // phone in another place on the body feels it. It keeps the model from
  // reading the carry positions of the corpora into intensity alone. The
  // orientation change scales too: a thigh or a swinging hand turns far more
  // than a waist at the same gait (cross-corpus, trained without the corpus:
  // sisfall 86.8% -> 91.6%, oxford-steps 95.0% -> 98.8%).
  std::vector<float> intensity_scales = {0.7f, 1.0f, 1.4f};
};

// ScaleIntensity returns the window features of the same motion with its
// dynamic part scaled by `scale`: spread, gait-band RMS, jerk, the extremes'
// distance from the mean |a| and the orientation change (how much the
// carrying body part turns); the mean |a| (gravity), periodicity, cadence and
// kurtosis are unchanged.
WindowFeatures ScaleIntensity(const WindowFeatures& f, float scale);

// TrainActivityModel fits a model on the windows of the recordings for
// which use(recording) is true. Classes are those of STILL, WALKING,
// RUNNING, CYCLING, IN_VEHICLE that have training windows. Each
// (corpus, class) pair weighs the same in the loss, so a large corpus does
// not drown a small one and rare classes count. Fails when fewer than two
// classes have windows.
StatusOr<v1::ActivityModel> TrainActivityModel(
    const WindowDataset& data, const std::function<bool(const RecordingWindows&)>& use,
    const ActivityTrainingOptions& options, const std::string& trained_on);

// LabelScores pools scored windows: the reported label (after the label
// smoother) against the truth, and the reliability of the raw confidence.
struct LabelScores {
  using Confusion = std::array<std::array<int, kActivityCount>, kActivityCount>;
  Confusion confusion{};                         // [truth][reported]
  std::map<std::string, Confusion> by_position;  // Same, per carry position.
  std::array<int, 4> confidence_windows{};       // Raw decisions per v1::Confidence...
  std::array<int, 4> confidence_correct{};       // ...and how many were right.

  // Accuracy over windows whose truth is STILL, WALKING or RUNNING.
  double still_walk_run_accuracy() const;
  int still_walk_run_windows() const;
  // Share of CYCLING and IN_VEHICLE windows reported WALKING or RUNNING.
  double vehicle_stepping_fraction() const;
  int vehicle_windows() const;
};

// ScoreRecordings classifies the windows of the recordings for which
// use(recording) is true with `model` and adds them to *scores.
Status ScoreRecordings(const WindowDataset& data,
                       const std::function<bool(const RecordingWindows&)>& use,
                       const v1::ActivityModel& model, int stable_windows, LabelScores* scores);

enum class CrossValidation {
  kSubjects,  // Per corpus: its subjects in `folds` groups, one group held out at a time.
  kCorpora,   // One whole corpus held out, trained on all the others.
};

struct CrossValidationReport {
  std::string corpus;
  std::string method;  // e.g. "5 subject folds" or "leave corpus out".
  LabelScores scores;
};

// CrossValidate runs the trainings in parallel (deterministic results).
// Corpora with fewer than `folds` subjects are split by recording instead
// (said in method).
StatusOr<std::vector<CrossValidationReport>> CrossValidate(const WindowDataset& data,
                                                           CrossValidation kind, int folds,
                                                           const ActivityTrainingOptions& options,
                                                           int stable_windows, int threads);

struct ChangeDelayReport {
  std::vector<double> delays_s;    // One per splice whose new label was reported.
  std::vector<std::string> kinds;  // "still->walking" etc., parallel to delays_s.
  int splices = 0;
  int never = 0;  // The new label was not reported within the second part.
};

// MeasureChangeDelays splices, for every subject of a corpus, the last
// `part_seconds` of a recording of one activity (still, walking level,
// running) with the first `part_seconds` of another activity's recording,
// replays the splice through a pipeline and measures the time from the
// splice to the first window whose reported label is the new activity.
StatusOr<ChangeDelayReport> MeasureChangeDelays(const std::string& corpus_dir,
                                                const RunConfig& config, double part_seconds);

// Text and JSON renderings of the reports above.
std::string FormatCrossValidation(const std::vector<CrossValidationReport>& reports);
std::string CrossValidationJson(const std::vector<CrossValidationReport>& reports);
std::string FormatChangeDelays(const ChangeDelayReport& report);
std::string ChangeDelayJson(const ChangeDelayReport& report);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_ACTIVITY_TRAINING_H_
