#include "pipeline/transport_mode_classifier.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/gps_ingest_guard.h"
#include "tests/support/gps_track.h"

namespace minsense {
namespace {

// Features of a synthetic track, cut as the pipeline cuts them.
GpsWindowFeatures TrackFeatures(const std::vector<double>& speeds, double turn = 0) {
  testing::TrackSpec spec;
  spec.speeds_mps = speeds;
  spec.turn_deg_per_fix = turn;
  GpsIngestGuard guard;
  GpsSpeedTracker tracker(512);
  double t = 0;
  for (const GpsFix& f : testing::SyntheticTrack(spec)) {
    const GpsVerdict v = guard.Check(f);
    if (v.has_step) tracker.Push(v.step);
    t = f.t_seconds;
  }
  return tracker.Features(t, DefaultGpsTransportModel().window_seconds());
}

TEST(TransportModeClassifierTest, ShippedModelLoadsAndIsDocumented) {
  const v1::GpsTransportModel& model = DefaultGpsTransportModel();
  EXPECT_EQ(model.version(), kGpsTransportModelVersion);
  EXPECT_GE(model.window_seconds(), 60);
  EXPECT_GT(model.hop_seconds(), 0);
  EXPECT_NE(model.provenance().find("non-commercial"), std::string::npos);
  EXPECT_TRUE(TransportModeClassifier::Create(model).ok());
}

TEST(TransportModeClassifierTest, PhysicallyPlainTracksGetTheirModes) {
  auto c = TransportModeClassifier::Create(DefaultGpsTransportModel());
  ASSERT_TRUE(c.ok());
  // A steady walk, a bike ride (GeoLife riders: median about 3 m/s with
  // about 1 m/s^2 of speed change and a few degrees of turn per second in
  // their fixes), a train.
  EXPECT_EQ((*c)->Classify(TrackFeatures(testing::Speeds(150, 1.3, 0.25), 2)).activity,
            v1::ACTIVITY_WALKING);
  EXPECT_EQ((*c)->Classify(TrackFeatures(testing::Speeds(150, 3.2, 0.6), 12)).activity,
            v1::ACTIVITY_CYCLING);
  EXPECT_EQ((*c)->Classify(TrackFeatures(testing::Speeds(150, 25, 0.1))).activity,
            v1::ACTIVITY_IN_VEHICLE);
  // Standing still with receiver jitter under the stop speed.
  EXPECT_EQ((*c)->Classify(TrackFeatures(testing::Speeds(150, 0.2, 0.5))).activity,
            v1::ACTIVITY_STILL);
  // No evidence: UNKNOWN.
  EXPECT_EQ((*c)->Classify(GpsWindowFeatures()).activity, v1::ACTIVITY_UNKNOWN);
}

TEST(TransportModeClassifierTest, ProbabilitiesSumToOne) {
  auto c = TransportModeClassifier::Create(DefaultGpsTransportModel());
  ASSERT_TRUE(c.ok());
  for (double v : {0.8, 1.5, 3.0, 6.0, 12.0, 30.0}) {
    std::array<double, kMaxTransportClasses> p{};
    const int k = (*c)->Probabilities(TrackFeatures(testing::Speeds(150, v, 0.2)), &p);
    double sum = 0;
    for (int i = 0; i < k; ++i) {
      EXPECT_GE(p[static_cast<size_t>(i)], 0);
      sum += p[static_cast<size_t>(i)];
    }
    EXPECT_NEAR(sum, 1, 1e-12);
  }
}

TEST(TransportModeClassifierTest, BadModelsAreRefusedNamingTheField) {
  const v1::GpsTransportModel good = DefaultGpsTransportModel();
  auto expect_error = [](const v1::GpsTransportModel& m, const std::string& field) {
    const Status s = TransportModeClassifier::Create(m).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find(field), std::string::npos) << s.message();
  };
  v1::GpsTransportModel m = good;
  m.set_version(99);
  expect_error(m, "version");
  m = good;
  m.set_feature_names(0, "speed");
  expect_error(m, "feature_names");
  m = good;
  m.mutable_weights()->RemoveLast();
  expect_error(m, "weights");
  m = good;
  m.set_feature_scale(1, 0);
  expect_error(m, "feature_scale");
  m = good;
  m.set_weights(3, std::nan(""));
  expect_error(m, "weights");
  m = good;
  m.set_classes(0, v1::ACTIVITY_UNKNOWN);
  expect_error(m, "classes");
  // A text model is parsed without echoing its values.
  const StatusOr<v1::GpsTransportModel> bad = ParseGpsTransportModel("weights: 51.7520 -1.2577 x");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("51.75"), std::string::npos);
}

}  // namespace
}  // namespace minsense
