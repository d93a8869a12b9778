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
#include <string>
#include <vector>

#include "minsense/v1/gps_transport_model.pb.h"
#include "pipeline/gps_speed_tracker.h"
#include "pipeline/ledger.h"
#include "pipeline/status.h"
#include "tools/eval/manifest.h"

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

// FormatGpsTable / FormatGpsJson render the cross-validation and the guard's
// counts of one corpus.
std::string FormatGpsTable(const std::string& corpus_name, const GpsCorpusWindows& data,
                           const GpsCrossValidation& cv);
std::string FormatGpsJson(const std::string& corpus_name, const GpsCorpusWindows& data,
                          const GpsCrossValidation& cv);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_GPS_TRANSPORT_TRAINING_H_
