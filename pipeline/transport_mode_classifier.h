// transport_mode_classifier.h: the GPS-only transport mode of one window.
//
// A multinomial logistic regression over standardised GpsWindowFeatures
// decides between WALKING, CYCLING and IN_VEHICLE (and STILL when the
// receiver does not move at all). The model is learned (tools/eval/
// gps_transport_training.h, `minsense train-gps`) and stored as a
// minsense.v1.GpsTransportModel; the library embeds the shipped one
// (pipeline/models/gps_transport_model.txtpb, trained on GeoLife: research
// and non-commercial use only, see the note beside it).
//
//   auto created = TransportModeClassifier::Create(DefaultGpsTransportModel());
//   TransportDecision d = (*created)->Classify(features);  // no allocation
#ifndef MINSENSE_PIPELINE_TRANSPORT_MODE_CLASSIFIER_H_
#define MINSENSE_PIPELINE_TRANSPORT_MODE_CLASSIFIER_H_

#include <array>
#include <memory>
#include <string_view>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/gps_transport_model.pb.h"
#include "pipeline/gps_speed_tracker.h"
#include "pipeline/status.h"

namespace minsense {

// kGpsTransportModelVersion: the feature set below; bump when it changes.
inline constexpr uint32_t kGpsTransportModelVersion = 1;
inline constexpr int kGpsFeatureCount = 10;
inline constexpr int kMaxTransportClasses = 4;

// GpsFeatureNames: the model inputs, in order.
const std::array<std::string_view, kGpsFeatureCount>& GpsFeatureNames();

// GpsFeatureVector turns window features into the model inputs (log speeds,
// ratios), in GpsFeatureNames() order.
std::array<double, kGpsFeatureCount> GpsFeatureVector(const GpsWindowFeatures& f);

// TransportDecision is the classifier's answer for one window.
struct TransportDecision {
  v1::Activity activity = v1::ACTIVITY_UNKNOWN;
  v1::Confidence confidence = v1::CONFIDENCE_LOW;
  float probability = 0;  // Of `activity`, local only.
};

class TransportModeClassifier {
 public:
  // kStillSpeedMps: a window whose 85th percentile speed is below this did
  // not move: STILL, whatever the model says (GeoLife has no still class).
  static constexpr float kStillSpeedMps = 0.5f;

  // Create validates the model (version, feature names, sizes, finite
  // values); errors name the field.
  static StatusOr<std::unique_ptr<TransportModeClassifier>> Create(
      const v1::GpsTransportModel& model);

  // Classify returns UNKNOWN for an invalid window. No allocation.
  TransportDecision Classify(const GpsWindowFeatures& f) const;

  // Probabilities writes the class probabilities (model class order) and
  // returns the class count.
  int Probabilities(const GpsWindowFeatures& f, std::array<double, kMaxTransportClasses>* p) const;

  const v1::GpsTransportModel& model() const { return model_; }

 private:
  explicit TransportModeClassifier(const v1::GpsTransportModel& model) : model_(model) {}
  v1::GpsTransportModel model_;
  int classes_ = 0;
  std::array<double, kGpsFeatureCount> mean_{};
  std::array<double, kGpsFeatureCount> scale_{};
  std::array<std::array<double, kGpsFeatureCount + 1>, kMaxTransportClasses> weights_{};
  std::array<v1::Activity, kMaxTransportClasses> labels_{};
};

// DefaultGpsTransportModel is the model embedded in the library.
const v1::GpsTransportModel& DefaultGpsTransportModel();

// DefaultTransportModeClassifier is the classifier of the embedded model,
// built once per process and shared (it is immutable); nullptr if the
// embedded model were invalid (a build defect, caught by the tests).
const TransportModeClassifier* DefaultTransportModeClassifier();

// ParseGpsTransportModel reads a text-format model; errors never quote the
// file's values.
StatusOr<v1::GpsTransportModel> ParseGpsTransportModel(std::string_view text);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_TRANSPORT_MODE_CLASSIFIER_H_
