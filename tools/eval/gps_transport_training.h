// gps_transport_training.h: learning and judging the GPS-only transport-mode
// model (pipeline/transport_mode_classifier.h) on labelled GPS corpora.
//
// Windows are cut exactly as the pipeline cuts them (GpsIngestGuard ->
// GpsSpeedTracker, one window of model.window_seconds every hop_seconds once
// a segment has started). The model is a multinomial logistic regression,
// fitted by Newton's method (IRLS) with an L2 penalty, on standardised
// features. Cross-validation is grouped by UTC day: the windows of one day
// are either all in training or all in testing, so that a trip and its
// return never sit on both sides.
//
//   StatusOr<GpsCorpusWindows> w = ExtractGpsWindows("../shared/data/geolife", {});
//   GpsCrossValidation cv = CrossValidateByDay(*w, {});
//   v1::GpsTransportModel model = TrainGpsTransportModel(*w, all_indices, {});
#ifndef MINSENSE_TOOLS_EVAL_GPS_TRANSPORT_TRAINING_H_
#define MINSENSE_TOOLS_EVAL_GPS_TRANSPORT_TRAINING_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minsense/v1/gps_transport_model.pb.h"
#include "pipeline/gps_speed_tracker.h"
#include "pipeline/ledger.h"
#include "pipeline/status.h"
#include "tools/eval/manifest.h"
#include "tools/eval/parallel_jobs.h"

namespace minsense::eval {

// The classes of the transport model, in row order.
inline constexpr std::array<v1::Activity, 3> kTransportClasses = {
    v1::ACTIVITY_WALKING, v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE};

struct GpsTrainingOptions {
  double window_seconds = 120;
  double hop_seconds = 30;
  double l2 = 1.0;  // Penalty on the weights (not the biases), per window-weight sum.
  // class_weight_power: each window weighs (n / (K * n_class))^power: 0
  // treats every window alike (the pooled accuracy favours the commonest
  // mode), 1 gives every class the same total weight.
  double class_weight_power = 0.5;
  int newton_iterations = 25;
  // drop_impossible_labels: leave out of training (never out of testing)
  // windows whose label contradicts physics: "walking" with a median speed
  // above kMaxWalkingSpeedMps, "cycling" above kMaxCyclingSpeedMps. GeoLife
  // has such intervals (a "walk" spanning a train ride).
  bool drop_impossible_labels = true;
  int folds = 5;
  int threads = 0;  // 0: oneTBB's default.
};

// ImpossibleLabel: the window's label contradicts its median speed.
inline constexpr float kMaxCyclingSpeedMps = 12.0f;
struct GpsWindowSample;
bool ImpossibleLabel(const GpsWindowSample& s);

// GpsWindowSample is one GPS window of a labelled recording.
struct GpsWindowSample {
  GpsWindowFeatures features;
  int class_index = -1;  // Into kTransportClasses.
  int64_t day = 0;       // UTC day of the recording's first fix.
  int recording = 0;     // Index into GpsCorpusWindows::recording_ids.
};

// GpsCorpusWindows holds every valid window of a corpus and what the ingest
// guard rejected on the way (counts only).
struct GpsCorpusWindows {
  std::vector<GpsWindowSample> windows;
  std::vector<std::string> recording_ids;
  std::vector<std::string> recording_details;
  uint64_t fixes_in = 0, fixes_accepted = 0, malformed_rows = 0;
  std::array<uint64_t, kGpsRejectReasonCount> rejected{};
  int recordings = 0;
};

// GpsRecordingWindows: the windows of one recording and what the guard
// rejected in it (ExtractGpsWindows gathers them).
struct GpsRecordingWindows {
  std::vector<GpsWindowSample> windows;
  uint64_t fixes_in = 0, fixes_accepted = 0, malformed_rows = 0;
  std::array<uint64_t, kGpsRejectReasonCount> rejected{};
};

// IsGpsOnlyCorpus: every manifest entry has a GPS file and no accelerometer.
bool IsGpsOnlyCorpus(const Corpus& corpus);

// ExtractGpsWindows reads every recording of the corpus at `dir` whose
// activity is walking, cycling or in_vehicle.
StatusOr<GpsCorpusWindows> ExtractGpsWindows(const std::string& dir,
                                             const GpsTrainingOptions& options);

// TrainGpsTransportModel fits the model on windows[indices].
v1::GpsTransportModel TrainGpsTransportModel(const GpsCorpusWindows& data,
                                             const std::vector<size_t>& indices,
                                             const GpsTrainingOptions& options);

// GpsCrossValidation: the day-grouped figures. confusion[truth][predicted],
// predicted indexed by v1::Activity (0..6).
struct GpsCrossValidation {
  int folds = 0;
  int days = 0;
  int windows = 0;
  int correct = 0;
  std::array<std::array<int, 7>, 3> confusion{};
  // Windows whose label contradicts their speed (ImpossibleLabel), and the
  // accuracy on the others (reported beside, never instead of, accuracy()).
  int impossible_windows = 0;
  int correct_possible = 0;
  double accuracy_possible() const {
    const int n = windows - impossible_windows;
    return n > 0 ? static_cast<double>(correct_possible) / n : 0;
  }
  double accuracy() const { return windows > 0 ? static_cast<double>(correct) / windows : 0; }
};

GpsCrossValidation CrossValidateByDay(const GpsCorpusWindows& data,
                                      const GpsTrainingOptions& options);

// GpsDayFolds: how CrossValidateByDay splits a corpus. The windows of the
// day ranked r (0 for the earliest UTC day) are tested in fold r % folds.
struct GpsDayFolds {
  std::map<int64_t, int> day_rank;
  int days = 0;
  int folds = 0;  // max(2, min(options.folds, days)).
};

// GpsCrossValidationJobs does ExtractGpsWindows and then CrossValidateByDay
// for one corpus as jobs of a JobGraph, so that they share the threads with
// other work: one job per recording (counted for progress), one that gathers
// their windows once all are read, then one per possible fold, each after
// the gathering. The figures are those of the two functions, whatever the
// thread count.
//
//   GpsCrossValidationJobs jobs(corpus, options);
//   JobGraph graph;
//   jobs.AddTo(&graph);
//   RunJobGraph(graph, threads);
//   if (!jobs.status().ok()) ...;
//   Print(jobs.windows(), jobs.cross_validation());
class GpsCrossValidationJobs {
 public:
  // `corpus` must outlive this object.
  GpsCrossValidationJobs(const Corpus& corpus, const GpsTrainingOptions& options);
  GpsCrossValidationJobs(const GpsCrossValidationJobs&) = delete;
  GpsCrossValidationJobs& operator=(const GpsCrossValidationJobs&) = delete;

  // AddTo adds the jobs to *graph, once; the jobs refer to this object, which
  // must outlive the graph's run.
  void AddTo(JobGraph* graph);

  // After the run: the error of the first recording (in manifest order) that
  // could not be read, or OK; then the windows and the figures.
  Status status() const;
  const std::string& corpus_name() const { return corpus_.name; }
  const GpsCorpusWindows& windows() const { return windows_; }
  GpsCrossValidation cross_validation() const;

 private:
  const Corpus& corpus_;
  const GpsTrainingOptions options_;
  const std::vector<const ManifestEntry*> entries_;
  std::vector<std::optional<GpsRecordingWindows>> reads_;
  std::vector<Status> read_statuses_;
  GpsCorpusWindows windows_;
  GpsDayFolds split_;
  std::vector<GpsCrossValidation> per_fold_;
};

// FormatGpsTable / FormatGpsJson render the cross-validation and the guard's
// counts of one corpus.
std::string FormatGpsTable(const std::string& corpus_name, const GpsCorpusWindows& data,
                           const GpsCrossValidation& cv);
std::string FormatGpsJson(const std::string& corpus_name, const GpsCorpusWindows& data,
                          const GpsCrossValidation& cv);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_GPS_TRANSPORT_TRAINING_H_
