#include "pipeline/trained_activity_classifier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "pipeline/activity_features.h"
#include "pipeline/pipeline.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

// A valid 2-class model whose network prefers WALKING as cadence_valid
// rises: logit difference = 4 * tanh(cadence_valid).
v1::ActivityModel TwoClassModel() {
  v1::ActivityModel m;
  m.set_format_version(1);
  for (std::string_view name : ActivityFeatureNames()) {
    m.add_feature_names(std::string(name));
    m.add_feature_mean(0);
    m.add_feature_scale(1);
    m.add_hidden_weights(name == "cadence_valid" ? 1.0f : 0.0f);
  }
  m.add_classes(v1::ACTIVITY_STILL);
  m.add_classes(v1::ACTIVITY_WALKING);
  m.set_hidden_units(1);
  m.add_hidden_bias(0);
  m.add_output_weights(-2);
  m.add_output_weights(2);
  m.add_output_bias(0);
  m.add_output_bias(0);
  m.set_min_probability(0.5f);
  m.set_medium_probability(0.75f);
  m.set_high_probability(0.95f);
  return m;
}

TEST(TrainedActivityClassifierTest, DefaultModelLoadsAndIsSmall) {
  const v1::ActivityModel& m = DefaultActivityModel();
  auto c = TrainedActivityClassifier::Create(m);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_LE(m.ByteSizeLong(), 64u * 1024u);
  std::ifstream text(testing::SourceDir() / "pipeline/models/activity_model.textproto");
  ASSERT_TRUE(text.good());
  std::stringstream buffer;
  buffer << text.rdbuf();
  EXPECT_LE(buffer.str().size(), 64u * 1024u);
  EXPECT_LE(c->parameter_bytes(), 8u * 1024u);
  const std::set<v1::Activity> classes(c->classes().begin(), c->classes().end());
  for (v1::Activity a : {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_RUNNING}) {
    EXPECT_TRUE(classes.count(a)) << v1::Activity_Name(a);
  }
}

TEST(TrainedActivityClassifierTest, DecisionFollowsProbabilityThresholds) {
  auto c = TrainedActivityClassifier::Create(TwoClassModel());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  struct Case {
    float p_walking;
    v1::Activity activity;
    v1::Confidence confidence;
  };
  for (const Case& k : {Case{0.97f, v1::ACTIVITY_WALKING, v1::CONFIDENCE_HIGH},
                        Case{0.80f, v1::ACTIVITY_WALKING, v1::CONFIDENCE_MEDIUM},
                        Case{0.60f, v1::ACTIVITY_WALKING, v1::CONFIDENCE_LOW},
                        Case{0.02f, v1::ACTIVITY_STILL, v1::CONFIDENCE_HIGH}}) {
    const std::array<float, 2> p = {1 - k.p_walking, k.p_walking};
    const ActivityDecision d = c->Decide(p);
    EXPECT_EQ(d.activity, k.activity) << k.p_walking;
    EXPECT_EQ(d.confidence, k.confidence) << k.p_walking;
  }
  const std::array<float, 2> nan = {std::nanf(""), std::nanf("")};
  EXPECT_EQ(c->Decide(nan).activity, v1::ACTIVITY_UNKNOWN);
}

TEST(TrainedActivityClassifierTest, ClassifiesThroughTheNetwork) {
  auto c = TrainedActivityClassifier::Create(TwoClassModel());
  ASSERT_TRUE(c.ok());
  WindowFeatures f;
  f.magnitude_std_mps2 = 2.0f;
  f.cadence_valid = true;
  f.cadence_spm = 110;
  std::array<float, 2> p{};
  c->Probabilities(f, p);
  EXPECT_NEAR(p[1], 1 / (1 + std::exp(-4 * std::tanh(1.0))), 1e-5);
  EXPECT_EQ(c->Classify(f).activity, v1::ACTIVITY_WALKING);
  f.cadence_valid = false;
  const ActivityDecision tie = c->Classify(f);  // p = 0.5 each: the first class, LOW.
  EXPECT_EQ(tie.activity, v1::ACTIVITY_STILL);
  EXPECT_EQ(tie.confidence, v1::CONFIDENCE_LOW);
}

TEST(TrainedActivityClassifierTest, StillnessRuleAndVehicleThreshold) {
  v1::ActivityModel m = TwoClassModel();
  m.set_still_max_magnitude_std_mps2(0.3f);
  auto c = TrainedActivityClassifier::Create(m);
  ASSERT_TRUE(c.ok());
  WindowFeatures f;
  f.cadence_valid = true;  // The network alone would say WALKING.
  f.magnitude_std_mps2 = 0.1f;
  EXPECT_EQ(c->Classify(f).activity, v1::ACTIVITY_STILL);
  EXPECT_EQ(c->Classify(f).confidence, v1::CONFIDENCE_HIGH);
  f.magnitude_std_mps2 = 0.2f;
  EXPECT_EQ(c->Classify(f).confidence, v1::CONFIDENCE_MEDIUM);

  v1::ActivityModel v = TwoClassModel();
  v.set_classes(1, v1::ACTIVITY_CYCLING);
  v.set_vehicle_min_probability(0.9f);
  auto cv = TrainedActivityClassifier::Create(v);
  ASSERT_TRUE(cv.ok());
  EXPECT_EQ(cv->Decide(std::array<float, 2>{0.15f, 0.85f}).activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_EQ(cv->Decide(std::array<float, 2>{0.05f, 0.95f}).activity, v1::ACTIVITY_CYCLING);
}

TEST(TrainedActivityClassifierTest, RunningNeedsAGaitPeriodWhenTheModelSaysSo) {
  v1::ActivityModel m = TwoClassModel();
  m.set_classes(1, v1::ACTIVITY_RUNNING);
  m.set_output_bias(1, 4);  // RUNNING wins with or without a gait period.
  WindowFeatures f;
  f.magnitude_std_mps2 = 6.0f;
  f.cadence_valid = false;
  auto without_rule = TrainedActivityClassifier::Create(m);
  ASSERT_TRUE(without_rule.ok());
  EXPECT_EQ(without_rule->Classify(f).activity, v1::ACTIVITY_RUNNING);

  m.set_running_needs_gait_period(true);
  auto c = TrainedActivityClassifier::Create(m);
  ASSERT_TRUE(c.ok());
  const ActivityDecision no_period = c->Classify(f);
  EXPECT_EQ(no_period.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_EQ(no_period.confidence, v1::CONFIDENCE_LOW);
  f.cadence_valid = true;
  f.cadence_spm = 170;
  EXPECT_EQ(c->Classify(f).activity, v1::ACTIVITY_RUNNING);

  // Other classes do not need a period: the same network with WALKING.
  m.set_classes(1, v1::ACTIVITY_WALKING);
  auto walking = TrainedActivityClassifier::Create(m);
  ASSERT_TRUE(walking.ok());
  f.cadence_valid = false;
  EXPECT_EQ(walking->Classify(f).activity, v1::ACTIVITY_WALKING);
}

TEST(TrainedActivityClassifierTest, RejectsBadModelsNamingTheField) {
  struct Case {
    const char* field;
    void (*spoil)(v1::ActivityModel*);
  };
  const Case cases[] = {
      {"format_version", [](v1::ActivityModel* m) { m->set_format_version(2); }},
      {"feature_names",
       [](v1::ActivityModel* m) { m->mutable_feature_names()->SwapElements(0, 1); }},
      {"feature_names", [](v1::ActivityModel* m) { m->mutable_feature_names()->RemoveLast(); }},
      {"feature_mean", [](v1::ActivityModel* m) { m->set_feature_mean(2, std::nanf("")); }},
      {"feature_scale", [](v1::ActivityModel* m) { m->set_feature_scale(0, 0); }},
      {"classes", [](v1::ActivityModel* m) { m->set_classes(1, v1::ACTIVITY_STILL); }},
      {"classes", [](v1::ActivityModel* m) { m->set_classes(1, v1::ACTIVITY_UNKNOWN); }},
      {"classes", [](v1::ActivityModel* m) { m->clear_classes(); }},
      {"hidden_units", [](v1::ActivityModel* m) { m->set_hidden_units(0); }},
      {"hidden_weights", [](v1::ActivityModel* m) { m->add_hidden_weights(1); }},
      {"hidden_weights",
       [](v1::ActivityModel* m) {
         m->set_hidden_weights(0, std::numeric_limits<float>::infinity());
       }},
      {"hidden_bias", [](v1::ActivityModel* m) { m->clear_hidden_bias(); }},
      {"output_weights", [](v1::ActivityModel* m) { m->mutable_output_weights()->RemoveLast(); }},
      {"output_bias", [](v1::ActivityModel* m) { m->set_output_bias(0, std::nanf("")); }},
      {"min_probability", [](v1::ActivityModel* m) { m->set_min_probability(1.5f); }},
      {"medium_probability", [](v1::ActivityModel* m) { m->set_medium_probability(0.1f); }},
      {"high_probability", [](v1::ActivityModel* m) { m->set_high_probability(0.6f); }},
      {"still_max_magnitude_std_mps2",
       [](v1::ActivityModel* m) { m->set_still_max_magnitude_std_mps2(-1); }},
      {"vehicle_min_probability", [](v1::ActivityModel* m) { m->set_vehicle_min_probability(2); }},
  };
  for (const Case& k : cases) {
    v1::ActivityModel m = TwoClassModel();
    k.spoil(&m);
    auto c = TrainedActivityClassifier::Create(m);
    ASSERT_FALSE(c.ok()) << k.field;
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << k.field;
    EXPECT_NE(c.status().message().find(k.field), std::string::npos) << c.status().message();
    // The pipeline refuses it the same way.
    auto p = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy(), m);
    EXPECT_FALSE(p.ok()) << k.field;
  }
}

TEST(ActivityFeaturesTest, NamesMatchTheVectorAndValuesStayFinite) {
  const auto names = ActivityFeatureNames();
  ASSERT_EQ(static_cast<int>(names.size()), kActivityFeatureCount);
  EXPECT_EQ(std::set<std::string_view>(names.begin(), names.end()).size(), names.size());
  WindowFeatures bad;
  bad.magnitude_std_mps2 = std::nanf("");
  bad.gait_rms_mps2 = std::numeric_limits<float>::infinity();
  bad.periodicity = -std::numeric_limits<float>::infinity();
  bad.cadence_valid = true;
  bad.cadence_spm = std::nanf("");
  bad.orientation_change_mps2 = -5;
  bad.jerk_rms_mps3 = 1e30f;
  bad.magnitude_kurtosis = std::nanf("");
  bad.magnitude_mean_mps2 = 0;
  bad.magnitude_min_mps2 = std::nanf("");
  for (float v : ActivityFeatureVector(bad)) EXPECT_TRUE(std::isfinite(v));
  for (float v : ActivityFeatureVector(WindowFeatures())) EXPECT_TRUE(std::isfinite(v));
}

}  // namespace
}  // namespace minsense
