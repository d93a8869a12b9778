#include "pipeline/transport_mode_classifier.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cmath>
#include <string>

#include "pipeline/gps_transport_model_data.h"

namespace minsense {

const std::array<std::string_view, kGpsFeatureCount>& GpsFeatureNames() {
  static constexpr std::array<std::string_view, kGpsFeatureCount> kNames = {
      "log_median_speed", "log_p85_speed", "log_p95_speed", "log_mean_speed", "speed_cv",
      "log_mean_accel",   "log_p90_accel", "stop_fraction", "heading_rate",   "coverage"};
  return kNames;
}

std::array<double, kGpsFeatureCount> GpsFeatureVector(const GpsWindowFeatures& f) {
  return {std::log1p(f.median_speed_mps),
          std::log1p(f.p85_speed_mps),
          std::log1p(f.p95_speed_mps),
          std::log1p(f.mean_speed_mps),
          f.speed_std_mps / (f.mean_speed_mps + 1.0),
          std::log1p(f.mean_abs_accel_mps2),
          std::log1p(f.p90_abs_accel_mps2),
          f.stop_fraction,
          std::log1p(f.heading_change_deg_per_s),
          f.coverage};
}

StatusOr<std::unique_ptr<TransportModeClassifier>> TransportModeClassifier::Create(
    const v1::GpsTransportModel& model) {
  if (model.version() != kGpsTransportModelVersion) {
    return InvalidArgumentError("GpsTransportModel.version must be " +
                                std::to_string(kGpsTransportModelVersion));
  }
  if (model.feature_names_size() != kGpsFeatureCount) {
    return InvalidArgumentError("GpsTransportModel.feature_names must list " +
                                std::to_string(kGpsFeatureCount) + " features");
  }
  for (int i = 0; i < kGpsFeatureCount; ++i) {
    if (model.feature_names(i) != GpsFeatureNames()[static_cast<size_t>(i)]) {
      return InvalidArgumentError("GpsTransportModel.feature_names[" + std::to_string(i) +
                                  "] must be " +
                                  std::string(GpsFeatureNames()[static_cast<size_t>(i)]));
    }
  }
  if (model.feature_mean_size() != kGpsFeatureCount ||
      model.feature_scale_size() != kGpsFeatureCount) {
    return InvalidArgumentError(
        "GpsTransportModel.feature_mean and feature_scale need one value per feature");
  }
  const int k = model.classes_size();
  if (k < 2 || k > kMaxTransportClasses) {
    return InvalidArgumentError("GpsTransportModel.classes must hold 2 to " +
                                std::to_string(kMaxTransportClasses) + " labels");
  }
  if (model.weights_size() != k * (kGpsFeatureCount + 1)) {
    return InvalidArgumentError(
        "GpsTransportModel.weights must hold classes x (features + 1) values");
  }
  std::unique_ptr<TransportModeClassifier> c(new TransportModeClassifier(model));
  c->classes_ = k;
  for (int i = 0; i < kGpsFeatureCount; ++i) {
    const double m = model.feature_mean(i), s = model.feature_scale(i);
    if (!std::isfinite(m) || !std::isfinite(s) || s <= 0) {
      return InvalidArgumentError(
          "GpsTransportModel.feature_mean/feature_scale must be finite, scale > 0");
    }
    c->mean_[static_cast<size_t>(i)] = m;
    c->scale_[static_cast<size_t>(i)] = s;
  }
  for (int r = 0; r < k; ++r) {
    const v1::Activity a = model.classes(r);
    if (a != v1::ACTIVITY_WALKING && a != v1::ACTIVITY_CYCLING && a != v1::ACTIVITY_IN_VEHICLE &&
        a != v1::ACTIVITY_RUNNING && a != v1::ACTIVITY_STILL) {
      return InvalidArgumentError("GpsTransportModel.classes holds a label that is not a mode");
    }
    c->labels_[static_cast<size_t>(r)] = a;
    for (int j = 0; j <= kGpsFeatureCount; ++j) {
      const double w = model.weights(r * (kGpsFeatureCount + 1) + j);
      if (!std::isfinite(w))
        return InvalidArgumentError("GpsTransportModel.weights must be finite");
      c->weights_[static_cast<size_t>(r)][static_cast<size_t>(j)] = w;
    }
  }
  return c;
}

int TransportModeClassifier::Probabilities(const GpsWindowFeatures& f,
                                           std::array<double, kMaxTransportClasses>* p) const {
  const std::array<double, kGpsFeatureCount> x = GpsFeatureVector(f);
  double max_z = -1e300;
  std::array<double, kMaxTransportClasses> z{};
  for (int r = 0; r < classes_; ++r) {
    const auto& w = weights_[static_cast<size_t>(r)];
    double s = w[kGpsFeatureCount];
    for (size_t j = 0; j < kGpsFeatureCount; ++j) s += w[j] * (x[j] - mean_[j]) / scale_[j];
    z[static_cast<size_t>(r)] = s;
    max_z = std::max(max_z, s);
  }
  double total = 0;
  for (int r = 0; r < classes_; ++r) {
    (*p)[static_cast<size_t>(r)] = std::exp(z[static_cast<size_t>(r)] - max_z);
    total += (*p)[static_cast<size_t>(r)];
  }
  for (int r = 0; r < classes_; ++r) (*p)[static_cast<size_t>(r)] /= total;
  return classes_;
}

TransportDecision TransportModeClassifier::Classify(const GpsWindowFeatures& f) const {
  TransportDecision d;
  if (!f.valid) return d;
  if (f.p85_speed_mps < kStillSpeedMps) {
    d.activity = v1::ACTIVITY_STILL;
    d.confidence = v1::CONFIDENCE_MEDIUM;
    d.probability = 1;
    return d;
  }
  std::array<double, kMaxTransportClasses> p{};
  Probabilities(f, &p);
  int best = 0;
  for (int r = 1; r < classes_; ++r) {
    if (p[static_cast<size_t>(r)] > p[static_cast<size_t>(best)]) best = r;
  }
  d.activity = labels_[static_cast<size_t>(best)];
  d.probability = static_cast<float>(p[static_cast<size_t>(best)]);
  d.confidence = d.probability >= 0.85f  ? v1::CONFIDENCE_HIGH
                 : d.probability >= 0.6f ? v1::CONFIDENCE_MEDIUM
                                         : v1::CONFIDENCE_LOW;
  return d;
}

namespace {

// SilentErrors drops the parser's messages: they quote the offending token,
// and the default collector would log it.
class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

}  // namespace

StatusOr<v1::GpsTransportModel> ParseGpsTransportModel(std::string_view text) {
  v1::GpsTransportModel model;
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &model)) {
    return InvalidArgumentError("not a text-format minsense.v1.GpsTransportModel");
  }
  return model;
}

const v1::GpsTransportModel& DefaultGpsTransportModel() {
  static const v1::GpsTransportModel* const kModel = [] {
    StatusOr<v1::GpsTransportModel> parsed = ParseGpsTransportModel(kGpsTransportModelText);
    return new v1::GpsTransportModel(parsed.ok() ? *parsed : v1::GpsTransportModel());
  }();
  return *kModel;
}

}  // namespace minsense

namespace minsense {

const TransportModeClassifier* DefaultTransportModeClassifier() {
  static const TransportModeClassifier* const kClassifier = [] {
    StatusOr<std::unique_ptr<TransportModeClassifier>> created =
        TransportModeClassifier::Create(DefaultGpsTransportModel());
    return created.ok() ? std::move(created).value().release() : nullptr;
  }();
  return kClassifier;
}

}  // namespace minsense
