// Promise 3: a denied sensor is dropped at the door, never buffered, counted
// only as denied; with location denied the messages are byte-identical to a
// run without GPS.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "tests/privacy/privacy_data.h"
#include "tests/support/gps_track.h"
#include "tests/support/test_support.h"
#include "tools/eval/manifest.h"

namespace minsense {
namespace {

void PushWalk(Pipeline& p, double seconds) {
  for (int i = 0; i < static_cast<int>(seconds * 50); ++i) {
    const double t = i / 50.0;
    p.PushAccel(
        AccelSample{t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 2 * t)), 0.3f});
  }
}

// PushGpsThenWalk gives both sensors' buffers data: a 10 s walking-speed
// track, then 10 s of walking.
void PushGpsThenWalk(Pipeline& p) {
  testing::TrackSpec spec;
  spec.speeds_mps = testing::Speeds(10, 1.4, 0.1);
  for (const GpsFix& f : testing::SyntheticTrack(spec)) p.PushGps(f);
  PushWalk(p, 10);
}

TEST(ConsentTest, DeniedMotionIsDroppedAtTheDoorAndCountedOnlyAsDenied) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  ASSERT_TRUE(created.ok());
  auto& p = *created;
  EXPECT_TRUE(p->consent().motion);
  Consent consent;
  consent.motion = false;
  p->SetConsent(consent);
  PushWalk(*p, 30);
  const Ledger& l = p->ledger();
  EXPECT_EQ(l.denied_samples, 1500u);
  EXPECT_EQ(l.samples_in, 0u);
  EXPECT_EQ(l.samples_accepted, 0u);
  EXPECT_EQ(l.rejected_total(), 0u);
  EXPECT_EQ(l.windows, 0u);
  for (auto s : p->raw_storage_for_testing()) {
    for (float v : s) ASSERT_EQ(v, 0.0f);  // Never buffered.
  }
  v1::ActivityUpdate u;
  EXPECT_FALSE(p->Poll(&u));
  const std::string json = LedgerToJson(l);
  EXPECT_NE(json.find("\"denied_samples\":1500"), std::string::npos) << json;

  // Consent given again: the next samples are analysed.
  p->SetConsent(Consent());
  PushWalk(*p, 30);
  EXPECT_GT(p->ledger().windows, 0u);
}

TEST(ConsentTest, WithdrawingMotionWipesWhatTheAccelerometerLeft) {
  // Like location: once the user withdraws motion, no raw motion sample may
  // stay buffered (the app may keep the pipeline alive for GPS for hours).
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  ASSERT_TRUE(created.ok());
  auto& p = *created;
  PushWalk(*p, 10);
  bool any_raw = false;
  for (auto s : p->raw_storage_for_testing()) {
    for (float v : s) any_raw = any_raw || v != 0.0f;
  }
  ASSERT_TRUE(any_raw);
  const uint64_t wipes = p->ledger().raw_wipes;
  Consent consent;
  consent.motion = false;
  p->SetConsent(consent);
  for (auto s : p->raw_storage_for_testing()) {
    for (float v : s) ASSERT_EQ(v, 0.0f);
  }
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 1);
  EXPECT_TRUE(p->ledger().raw_buffers_clear);
  // Setting the same consent again is not a withdrawal: nothing to count.
  p->SetConsent(consent);
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 1);
}

// With both sensors on, withdrawing one wipes only its buffers: the ledger
// counts that wipe (and its bytes) but does not call the buffers clear while
// the other sensor's still hold data.
TEST(ConsentTest, WithdrawingOneSensorLeavesTheLedgerHonestAboutTheOther) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  ASSERT_TRUE(created.ok());
  auto& p = *created;
  PushGpsThenWalk(*p);
  ASSERT_GT(p->ledger().gps_fixes_accepted, 0u);
  ASSERT_FALSE(p->ledger().raw_buffers_clear);
  const uint64_t wipes = p->ledger().raw_wipes;
  const uint64_t bytes = p->ledger().raw_bytes_wiped;

  Consent consent;
  consent.motion = false;
  p->SetConsent(consent);
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 1);
  const uint64_t motion_bytes = p->ledger().raw_bytes_wiped - bytes;
  EXPECT_GT(motion_bytes, 0u);
  EXPECT_FALSE(p->ledger().raw_buffers_clear) << "GPS still holds its last fix";

  consent.location = false;
  p->SetConsent(consent);
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 2);
  EXPECT_GT(p->ledger().raw_bytes_wiped, bytes + motion_bytes);
  EXPECT_TRUE(p->ledger().raw_buffers_clear);
}

// Withdrawing location while motion is on: the GPS wipe is counted, and the
// buffers are not clear while the accelerometer's hold samples; Finish
// clears both.
TEST(ConsentTest, WithdrawingLocationIsCountedAsAWipe) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  ASSERT_TRUE(created.ok());
  auto& p = *created;
  PushGpsThenWalk(*p);
  const uint64_t wipes = p->ledger().raw_wipes;
  Consent consent;
  consent.location = false;
  p->SetConsent(consent);
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 1);
  EXPECT_FALSE(p->ledger().raw_buffers_clear) << "the accelerometer's buffers hold samples";
  p->Finish();
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 2);
  EXPECT_TRUE(p->ledger().raw_buffers_clear);
}

std::string Minsense(std::vector<std::string> args) {
  args.insert(args.begin(), testing::MinsenseBinary().string());
  const auto r = testing::RunCommand(args);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  return r.stdout_text;
}

TEST(ConsentTest, DeniedLocationMessagesAreByteIdenticalToPlainOnes) {
  std::vector<std::string> files = {
      (testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv").string(),
      (testing::SourceDir() / "data/sample/jog_frontpocket_motionsense.accel.csv").string()};
  // Plus a few real recordings when the data is here.
  const std::string ms = testing::DataDir() + "/motionsense";
  if (auto corpus = eval::LoadCorpus(ms); corpus.ok()) {
    for (size_t i = 0; i < corpus->entries.size(); i += 40) {
      files.push_back(ms + "/" + corpus->entries[i].accel_file);
    }
  }
  testing::TempDir dir;
  const std::string gps = dir.WriteFile("gps.csv", "t,lat,lon,alt_m\n0,51.75,-1.25,\n").string();
  for (const std::string& f : files) {
    for (const char* format : {"binary", "jsonl"}) {
      for (const char* emit : {"change", "window"}) {
        const std::string plain =
            Minsense({"replay", "--accel", f, "--format", format, "--emit", emit});
        EXPECT_FALSE(plain.empty()) << f;
        EXPECT_EQ(Minsense({"replay", "--accel", f, "--format", format, "--emit", emit, "--deny",
                            "location"}),
                  plain)
            << f;
        EXPECT_EQ(Minsense({"replay", "--accel", f, "--format", format, "--emit", emit, "--deny",
                            "location", "--gps", gps}),
                  plain)
            << f;
      }
    }
  }
}

}  // namespace
}  // namespace minsense
