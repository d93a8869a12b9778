// The ingest guard's stuck and saturated sensor checks (pipeline/ingest_guard.h),
// and proof that they never fire on real recordings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/ingest_guard.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

constexpr float kMaxAbs = 200;
constexpr float kMaxGap = 1;

TEST(StuckSensorTest, FrozenAxesAreAcceptedUpToTheLimitThenRejected) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  int accepted = 0;
  int stuck = 0;
  for (int i = 0; i <= 500; ++i) {  // 5 s at 100 Hz.
    const IngestVerdict v = guard.Check({i * 0.01, 0.5f, -0.25f, 9.75f});
    accepted += v.accepted ? 1 : 0;
    stuck += v.reason == RejectReason::kStuckSensor ? 1 : 0;
  }
  EXPECT_EQ(accepted, 201);  // t = 0 .. 2.00 s.
  EXPECT_EQ(stuck, 300);
  // The first changed sample is accepted after a gap: nothing spans the run.
  const IngestVerdict v = guard.Check({5.01, 0.5f, -0.25f, 9.76f});
  EXPECT_TRUE(v.accepted);
  EXPECT_TRUE(v.gap);
}

TEST(StuckSensorTest, OneChangingAxisKeepsTheSensorAlive) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  for (int i = 0; i < 1000; ++i) {
    // x and y dead at small values is not saturation; z moves.
    const IngestVerdict v =
        guard.Check({i * 0.01, 0.0f, 0.3f, 9.81f + 0.01f * static_cast<float>(i % 3)});
    ASSERT_TRUE(v.accepted) << i;
  }
}

TEST(StuckSensorTest, AnAxisPinnedBeyondOnePointFiveGIsClipped) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  int accepted = 0;
  int clipped = 0;
  for (int i = 0; i < 300; ++i) {
    const float wobble = 0.1f * static_cast<float>(i % 5);
    const IngestVerdict v = guard.Check({i * 0.01, wobble, -wobble, -19.6133f});
    accepted += v.accepted ? 1 : 0;
    clipped += v.reason == RejectReason::kClipped ? 1 : 0;
  }
  EXPECT_EQ(accepted, 101);  // t = 0 .. 1.00 s.
  EXPECT_EQ(clipped, 199);
}

TEST(StuckSensorTest, ShortClippedPeaksAreFine) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  for (int i = 0; i < 2000; ++i) {
    // A running peak clipped at 2 g for 0.1 s of every 0.4 s.
    const float z = (i % 40) < 10 ? 19.6133f : 5.0f + 0.1f * static_cast<float>(i % 40);
    ASSERT_TRUE(guard.Check({i * 0.01, 0.1f * static_cast<float>(i % 7), 0.2f, z}).accepted) << i;
  }
}

TEST(StuckSensorTest, AGapEndsTheRunAndResetForgetsIt) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  for (int i = 0; i < 150; ++i) ASSERT_TRUE(guard.Check({i * 0.01, 1, 2, 3}).accepted);
  // 1.5 s of the same values, then a 3 s gap: a new run starts.
  for (int i = 0; i < 150; ++i) ASSERT_TRUE(guard.Check({4.5 + i * 0.01, 1, 2, 3}).accepted);
  guard.Reset();
  for (int i = 0; i < 150; ++i) ASSERT_TRUE(guard.Check({i * 0.01, 1, 2, 3}).accepted);
}

TEST(StuckSensorTest, RejectedSamplesOfOtherKindsDoNotExtendARun) {
  IngestGuard guard(kMaxAbs, kMaxGap);
  ASSERT_TRUE(guard.Check({0, 1, 2, 3}).accepted);
  EXPECT_EQ(guard.Check({0, 1, 2, 3}).reason, RejectReason::kRepeatedTimestamp);
  EXPECT_EQ(guard.Check({0.5, 1, 2, 999}).reason, RejectReason::kOutOfRange);
  EXPECT_TRUE(guard.Check({1.0, 1, 2, 3}).accepted);
}

// No real recording trips either check (they would lose real data).
TEST(StuckSensorTest, RealRecordingsAreNeverStuckOrClipped) {
  std::string data;
  if (const char* dir = std::getenv("MINSENSE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    data = dir;
  } else {
    data = testing::SourceDir().string() + "/../shared/data";
  }
  std::vector<std::filesystem::path> files;
  files.push_back(testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv");
  files.push_back(testing::SourceDir() / "data/sample/jog_frontpocket_motionsense.accel.csv");
  if (std::filesystem::is_directory(data)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
      if (entry.path().string().ends_with(".accel.csv")) files.push_back(entry.path());
    }
  }
  std::vector<AccelSample> batch(4096);
  for (const std::filesystem::path& file : files) {
    auto opened = AccelCsvReader::Open(file.string(), AccelUnits::kMetersPerSecondSquared);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
    IngestGuard guard(kMaxAbs, kMaxGap);
    int flagged = 0;
    for (;;) {
      StatusOr<size_t> n = reader->ReadBatch(batch);
      ASSERT_TRUE(n.ok());
      if (*n == 0) break;
      for (size_t i = 0; i < *n; ++i) {
        const RejectReason r = guard.Check(batch[i]).reason;
        flagged += r == RejectReason::kStuckSensor || r == RejectReason::kClipped ? 1 : 0;
      }
    }
    EXPECT_EQ(flagged, 0) << file.string();
  }
  std::printf("checked %zu recordings\n", files.size());
}

}  // namespace
}  // namespace minsense
