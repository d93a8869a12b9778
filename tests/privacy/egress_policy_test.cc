// The egress policy: which labels may leave, whether confidence leaves, and
// how a bad policy is rejected (naming the field).
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "pipeline/egress_gate.h"
#include "pipeline/pipeline.h"

namespace minsense {
namespace {

ReportedState State(double t, v1::Activity a, float cadence = 0) {
  ReportedState s;
  s.t_end_seconds = t;
  s.activity = a;
  s.confidence = v1::CONFIDENCE_HIGH;
  s.has_cadence = cadence > 0;
  s.cadence_spm = cadence;
  return s;
}

v1::EgressPolicy Parse(const std::string& text) {
  v1::EgressPolicy p;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &p)) << text;
  return p;
}

TEST(EgressPolicyTest, DefaultPolicyIsValidAndSafe) {
  const v1::EgressPolicy p = DefaultEgressPolicy();
  EXPECT_TRUE(ValidateEgressPolicy(p).ok());
  EXPECT_EQ(p.emit_mode(), v1::EgressPolicy::EMIT_ON_CHANGE);
  EXPECT_EQ(p.time_bucket_minutes(), 1u);
  EXPECT_EQ(p.cadence_step_spm(), 5u);
  EXPECT_TRUE(p.emit_confidence());
  EXPECT_EQ(p.allowed_activities_size(), 0);
  EXPECT_EQ(p.ldp_epsilon(), 0.0);
}

TEST(EgressPolicyTest, LabelsNotAllowedLeaveAsUnknownWithoutCadence) {
  EgressGate gate(
      Parse("emit_mode: EMIT_EVERY_WINDOW allowed_activities: ACTIVITY_STILL "
            "allowed_activities: ACTIVITY_WALKING"));
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(State(2, v1::ACTIVITY_WALKING, 110), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_WALKING);
  EXPECT_TRUE(u.has_cadence);
  EXPECT_FALSE(u.masked);
  ASSERT_TRUE(gate.Offer(State(4, v1::ACTIVITY_RUNNING, 170), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_FALSE(u.has_cadence);
  EXPECT_EQ(u.confidence, v1::CONFIDENCE_LOW);
  EXPECT_TRUE(u.masked);
}

TEST(EgressPolicyTest, ChangesBetweenMaskedLabelsAreSilent) {
  EgressGate gate(Parse("allowed_activities: ACTIVITY_STILL"));
  PendingUpdate u;
  // A stream that starts masked waits min_unknown_seconds (20 s), like any
  // UNKNOWN at the start.
  EXPECT_FALSE(gate.Offer(State(2, v1::ACTIVITY_WALKING, 110), &u));
  ASSERT_TRUE(gate.Offer(State(22, v1::ACTIVITY_WALKING, 110), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_UNKNOWN);
  EXPECT_FALSE(gate.Offer(State(24, v1::ACTIVITY_RUNNING, 170), &u));
  EXPECT_FALSE(gate.Offer(State(26, v1::ACTIVITY_UNKNOWN), &u));
  EXPECT_TRUE(gate.Offer(State(28, v1::ACTIVITY_STILL), &u));
}

TEST(EgressPolicyTest, ConfidenceCanBeWithheld) {
  EgressGate gate(Parse("emit_confidence: false"));
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(State(2, v1::ACTIVITY_STILL), &u));
  EXPECT_FALSE(u.has_confidence);
}

TEST(EgressPolicyTest, SmallTempoDriftWaitsButAChangeOfPaceLeaves) {
  EgressGate gate(DefaultEgressPolicy());
  PendingUpdate u;
  ASSERT_TRUE(gate.Offer(State(2, v1::ACTIVITY_WALKING, 110), &u));
  double t = 2;
  // A steady 116 spm is one bucket up, within the 8 spm margin: it waits for
  // min_tempo_update_minutes (5 min, the heartbeat) and rides on it.
  for (; t < 2 + 298; t += 2) EXPECT_FALSE(gate.Offer(State(t + 2, v1::ACTIVITY_WALKING, 116), &u));
  ASSERT_TRUE(gate.Offer(State(t += 2, v1::ACTIVITY_WALKING, 116), &u));
  EXPECT_EQ(u.cadence_spm, 115u);
  // 135 spm is 12 spm beyond the margin: 200 spm s of evidence take 17 s
  // once the median is there (3 windows).
  const double change_t = t;
  bool sent = false;
  while (!sent && t < change_t + 60)
    sent = gate.Offer(State(t += 2, v1::ACTIVITY_WALKING, 135), &u);
  ASSERT_TRUE(sent);
  EXPECT_EQ(u.cadence_spm, 135u);
  EXPECT_GE(t - change_t, 16.0);
  EXPECT_LE(t - change_t, 26.0);
  // Running at 170 spm (a label change) leaves at once.
  ASSERT_TRUE(gate.Offer(State(t += 2, v1::ACTIVITY_RUNNING, 170), &u));
  EXPECT_EQ(u.activity, v1::ACTIVITY_RUNNING);
}

TEST(EgressPolicyTest, InvalidPoliciesNameTheField) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"emit_mode: EMIT_MODE_UNSPECIFIED", "emit_mode"},
      {"heartbeat_minutes: 0", "heartbeat_minutes"},
      {"time_bucket_minutes: 2000", "time_bucket_minutes"},
      {"cadence_step_spm: 0", "cadence_step_spm"},
      {"min_cadence_spm: 0", "min_cadence_spm"},
      {"min_cadence_spm: 100 max_cadence_spm: 90", "max_cadence_spm"},
      // No multiple of the step inside the range: no cadence could leave.
      {"cadence_step_spm: 5 min_cadence_spm: 41 max_cadence_spm: 44", "cadence_step_spm"},
      {"cadence_step_spm: 50 min_cadence_spm: 260 max_cadence_spm: 290", "min_cadence_spm"},
      {"min_tempo_update_minutes: 2000", "min_tempo_update_minutes"},
      {"tempo_change_margin_spm: 51", "tempo_change_margin_spm"},
      {"tempo_change_spm_seconds: 3601", "tempo_change_spm_seconds"},
      {"min_unknown_seconds: 601", "min_unknown_seconds"},
      {"tempo_wait_seconds: 61", "tempo_wait_seconds"},
      {"allowed_activities: ACTIVITY_UNSPECIFIED", "allowed_activities"},
      {"ldp_epsilon: -1", "ldp_epsilon"},
      {"ldp_epsilon: 0.05", "ldp_epsilon"},
      {"ldp_epsilon: 25", "ldp_epsilon"},
      {"ldp_epsilon: nan", "ldp_epsilon"},
  };
  for (const Case& c : cases) {
    const Status s = ValidateEgressPolicy(Parse(c.text));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(s.message().find(c.field), std::string::npos) << c.text << ": " << s.message();
    EXPECT_FALSE(Pipeline::Create(DefaultPipelineOptions(), Parse(c.text)).ok()) << c.text;
  }
  EXPECT_TRUE(ValidateEgressPolicy(Parse("ldp_epsilon: 1 allowed_activities: ACTIVITY_WALKING "
                                         "emit_confidence: false min_tempo_update_minutes: 0 "
                                         "tempo_change_margin_spm: 0 tempo_change_spm_seconds: 0 "
                                         "min_unknown_seconds: 0 tempo_wait_seconds: 0"))
                  .ok());
}

TEST(EgressPolicyTest, PipelineCountsEveryFieldThatLeaves) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), Parse("emit_mode: EMIT_EVERY_WINDOW"));
  ASSERT_TRUE(created.ok());
  auto& pipeline = *created;
  // 40 s of a synthetic 2 Hz walk (120 spm) at 50 Hz.
  for (int i = 0; i < 2000; ++i) {
    const double t = i / 50.0;
    pipeline->PushAccel(
        AccelSample{t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 2 * t)), 0.3f});
  }
  v1::ActivityUpdate u;
  uint64_t with_cadence = 0;
  uint64_t n = 0;
  while (pipeline->Poll(&u)) {
    ++n;
    if (u.has_cadence_spm()) ++with_cadence;
  }
  const Ledger& l = pipeline->ledger();
  EXPECT_GT(n, 0u);
  EXPECT_EQ(l.messages_out, n);
  EXPECT_EQ(l.activity_fields_out, n);
  EXPECT_EQ(l.confidence_fields_out, n);
  EXPECT_EQ(l.time_bucket_fields_out, n);
  EXPECT_EQ(l.cadence_fields_out, with_cadence);
  const std::string json = LedgerToJson(l);
  EXPECT_NE(json.find("\"fields_out\":{\"activity\":"), std::string::npos) << json;
}

}  // namespace
}  // namespace minsense
