#include "pipeline/trained_activity_classifier.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "pipeline/activity_features.h"
#include "pipeline/activity_labels.h"
#include "pipeline/default_activity_model_text.h"

namespace minsense {
namespace {

bool AllFinite(const google::protobuf::RepeatedField<float>& values) {
  return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

Status Bad(const std::string& field, const std::string& what) {
  return InvalidArgumentError("activity model: " + field + " " + what);
}

}  // namespace

StatusOr<TrainedActivityClassifier> TrainedActivityClassifier::Create(const v1::ActivityModel& m) {
  if (m.format_version() != 1) return Bad("format_version", "must be 1");
  const std::span<const std::string_view> names = ActivityFeatureNames();
  const int inputs = static_cast<int>(names.size());
  if (m.feature_names_size() != inputs) {
    return Bad("feature_names", "must list the " + std::to_string(inputs) + " pipeline features");
  }
  for (int i = 0; i < inputs; ++i) {
    if (m.feature_names(i) != names[static_cast<size_t>(i)]) {
      return Bad("feature_names", "entry " + std::to_string(i) + " is not the pipeline's feature " +
                                      std::string(names[static_cast<size_t>(i)]));
    }
  }
  if (m.feature_mean_size() != inputs || !AllFinite(m.feature_mean())) {
    return Bad("feature_mean", "needs one finite value per feature");
  }
  if (m.feature_scale_size() != inputs || !AllFinite(m.feature_scale()) ||
      std::any_of(m.feature_scale().begin(), m.feature_scale().end(),
                  [](float s) { return !(s > 0); })) {
    return Bad("feature_scale", "needs one finite positive value per feature");
  }
  const int outputs = m.classes_size();
  if (outputs < 2 || outputs > kernels::kMlpMaxOutputs) {
    return Bad("classes", "needs 2 to " + std::to_string(kernels::kMlpMaxOutputs) + " entries");
  }
  for (int k = 0; k < outputs; ++k) {
    const v1::Activity a = m.classes(k);
    if (a == v1::ACTIVITY_UNSPECIFIED || a == v1::ACTIVITY_UNKNOWN || !v1::Activity_IsValid(a)) {
      return Bad("classes", "may hold only STILL, WALKING, RUNNING, CYCLING, IN_VEHICLE");
    }
    for (int j = 0; j < k; ++j) {
      if (m.classes(j) == a) return Bad("classes", "lists an activity twice");
    }
  }
  const int hidden = static_cast<int>(m.hidden_units());
  if (hidden < 1 || hidden > kernels::kMlpMaxHidden) {
    return Bad("hidden_units", "must be 1 to " + std::to_string(kernels::kMlpMaxHidden));
  }
  if (m.hidden_weights_size() != hidden * inputs || !AllFinite(m.hidden_weights())) {
    return Bad("hidden_weights", "needs hidden_units x features finite values");
  }
  if (m.hidden_bias_size() != hidden || !AllFinite(m.hidden_bias())) {
    return Bad("hidden_bias", "needs hidden_units finite values");
  }
  if (m.output_weights_size() != outputs * hidden || !AllFinite(m.output_weights())) {
    return Bad("output_weights", "needs classes x hidden_units finite values");
  }
  if (m.output_bias_size() != outputs || !AllFinite(m.output_bias())) {
    return Bad("output_bias", "needs one finite value per class");
  }
  if (!(m.min_probability() >= 0 && m.min_probability() < 1)) {
    return Bad("min_probability", "must be in [0, 1)");
  }
  if (!(m.medium_probability() >= m.min_probability() && m.medium_probability() <= 1)) {
    return Bad("medium_probability", "must be in [min_probability, 1]");
  }
  if (!(m.high_probability() >= m.medium_probability() && m.high_probability() <= 1)) {
    return Bad("high_probability", "must be in [medium_probability, 1]");
  }

  if (!(m.still_max_magnitude_std_mps2() >= 0 && m.still_max_magnitude_std_mps2() <= 2)) {
    return Bad("still_max_magnitude_std_mps2", "must be in [0, 2] m/s^2");
  }

  if (!(m.vehicle_min_probability() >= 0 && m.vehicle_min_probability() <= 1)) {
    return Bad("vehicle_min_probability", "must be in [0, 1]");
  }

  TrainedActivityClassifier c;
  c.shape_ = {inputs, hidden, outputs};
  c.mean_.assign(m.feature_mean().begin(), m.feature_mean().end());
  for (float s : m.feature_scale()) c.inv_scale_.push_back(1.0f / s);
  c.w1_.assign(m.hidden_weights().begin(), m.hidden_weights().end());
  c.b1_.assign(m.hidden_bias().begin(), m.hidden_bias().end());
  c.w2_.assign(m.output_weights().begin(), m.output_weights().end());
  c.b2_.assign(m.output_bias().begin(), m.output_bias().end());
  for (int k = 0; k < outputs; ++k) c.classes_.push_back(m.classes(k));
  c.min_probability_ = m.min_probability();
  c.medium_probability_ = m.medium_probability();
  c.high_probability_ = m.high_probability();
  c.still_max_std_ = m.still_max_magnitude_std_mps2();
  c.vehicle_min_probability_ = m.vehicle_min_probability();
  c.running_needs_gait_period_ = m.running_needs_gait_period();
  return c;
}

void TrainedActivityClassifier::Probabilities(const WindowFeatures& features,
                                              std::span<float> probability) const {
  std::array<float, kActivityFeatureCount> x = ActivityFeatureVector(features);
  for (size_t i = 0; i < x.size(); ++i) x[i] = (x[i] - mean_[i]) * inv_scale_[i];
  kernels::MlpForward(view(), x, probability);
}

ActivityDecision TrainedActivityClassifier::Decide(std::span<const float> probability) const {
  size_t best = 0;
  for (size_t k = 1; k < classes_.size(); ++k) {
    if (probability[k] > probability[best]) best = k;
  }
  const float p = probability[best];
  ActivityDecision d;
  if (!(p >= min_probability_)) return d;  // UNKNOWN, LOW (also for NaN).
  if (IsRide(classes_[best]) && p < vehicle_min_probability_) return d;
  d.activity = classes_[best];
  d.confidence = p >= high_probability_     ? v1::CONFIDENCE_HIGH
                 : p >= medium_probability_ ? v1::CONFIDENCE_MEDIUM
                                            : v1::CONFIDENCE_LOW;
  return d;
}

ActivityDecision TrainedActivityClassifier::Classify(const WindowFeatures& features) const {
  if (features.magnitude_std_mps2 < still_max_std_) {
    ActivityDecision d;
    d.activity = v1::ACTIVITY_STILL;
    d.confidence = features.magnitude_std_mps2 < 0.5f * still_max_std_ ? v1::CONFIDENCE_HIGH
                                                                       : v1::CONFIDENCE_MEDIUM;
    return d;
  }
  std::array<float, kernels::kMlpMaxOutputs> p{};
  Probabilities(features, p);
  const ActivityDecision d = Decide(std::span<const float>(p.data(), classes_.size()));
  if (running_needs_gait_period_ && d.activity == v1::ACTIVITY_RUNNING && !features.cadence_valid) {
    return ActivityDecision();  // UNKNOWN, LOW.
  }
  return d;
}

size_t TrainedActivityClassifier::parameter_bytes() const {
  return sizeof(float) * (mean_.size() + inv_scale_.size() + w1_.size() + b1_.size() + w2_.size() +
                          b2_.size()) +
         sizeof(v1::Activity) * classes_.size();
}

const v1::ActivityModel& DefaultActivityModel() {
  static const v1::ActivityModel* const model = [] {
    auto* m = new v1::ActivityModel();
    // The text is checked by a unit test; a bad commit fails Create loudly.
    if (!google::protobuf::TextFormat::ParseFromString(std::string(kDefaultActivityModelText), m)) {
      m->Clear();
    }
    return m;
  }();
  return *model;
}

}  // namespace minsense
