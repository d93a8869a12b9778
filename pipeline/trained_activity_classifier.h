// trained_activity_classifier.h: the activity classifier learned by
// `minsense train` (a small network over pipeline/activity_features.h).
//
// Create checks a model once (format version, feature names against the
// pipeline's, sizes, finite values, sensible decision thresholds) and copies
// its parameters into buffers sized then; Classify never allocates and costs
// one ~250 multiply-add forward pass per window.
//
//   StatusOr<TrainedActivityClassifier> c = TrainedActivityClassifier::Create(model);
//   ActivityDecision d = c->Classify(features);
#ifndef MINSENSE_PIPELINE_TRAINED_ACTIVITY_CLASSIFIER_H_
#define MINSENSE_PIPELINE_TRAINED_ACTIVITY_CLASSIFIER_H_

#include <span>
#include <vector>

#include "kernels/mlp.h"
#include "minsense/v1/activity_model.pb.h"
#include "pipeline/activity_classifier.h"
#include "pipeline/status.h"

namespace minsense {

class TrainedActivityClassifier final : public ActivityClassifier {
 public:
  // Create returns kInvalidArgument naming the first bad model field.
  static StatusOr<TrainedActivityClassifier> Create(const v1::ActivityModel& model);

  ActivityDecision Classify(const WindowFeatures& features) const override;

  // Probabilities writes one probability per class (classes() order) for a
  // window; for evaluation and calibration. probability.size() >= classes().size().
  void Probabilities(const WindowFeatures& features, std::span<float> probability) const;

  // Decide turns class probabilities into the reported decision (threshold
  // for UNKNOWN, confidence levels).
  ActivityDecision Decide(std::span<const float> probability) const;

  std::span<const v1::Activity> classes() const { return classes_; }

  // Bytes of parameters held.
  size_t parameter_bytes() const;

 private:
  TrainedActivityClassifier() = default;
  kernels::MlpView view() const { return {w1_, b1_, w2_, b2_, shape_}; }

  kernels::MlpShape shape_;
  std::vector<float> mean_, inv_scale_, w1_, b1_, w2_, b2_;
  std::vector<v1::Activity> classes_;
  float min_probability_ = 0, medium_probability_ = 0, high_probability_ = 0;
  float still_max_std_ = 0;
  float vehicle_min_probability_ = 0;
  bool running_needs_gait_period_ = false;
};

// DefaultActivityModel is the model committed in
// pipeline/models/activity_model.textproto and compiled into the library.
const v1::ActivityModel& DefaultActivityModel();

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_TRAINED_ACTIVITY_CLASSIFIER_H_
