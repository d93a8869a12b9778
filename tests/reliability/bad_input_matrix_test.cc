// The bad-input matrix (promise 7 of PRODUCT.md): every kind of hostile
// accelerometer input, each with its expected outcome, checked at three
// layers: the CSV reader, the C++ API (reader + Pipeline) and the CLI
// (`minsense replay`).
//
// An outcome is either
//   * kExit2: the reader refuses the file (kDataLoss) and the CLI exits with
//     status 2 and one line on stderr naming the reason, or
//   * kCounted: the input is read; `reason` is counted in the ledger exactly
//     `rejected` times (kCount: nothing rejected), and at least
//     `min_gap_resets` gaps reset analysis.
// In every case: no crash, no hang, no sample value in a message or report,
// samples_in == samples_accepted + rejected, and no WALKING or RUNNING label
// (neither a raw window label nor a reported one): every input here is
// garbage, stillness or too short to be a gait.
//
// The GPS rows of the matrix (bad fixes) are in
// tests/pipeline/gps_ingest_guard_test.cc and tests/pipeline/gps_pipeline_test.cc.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/activity_labels.h"
#include "pipeline/ingest_guard.h"
#include "pipeline/ledger.h"
#include "pipeline/pipeline.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

using ::minsense::testing::CommandResult;
using ::minsense::testing::CountLines;
using ::minsense::testing::ReadFile;
using ::minsense::testing::TempDir;

// kPlanted is written into bad rows; it must never be echoed.
constexpr std::string_view kPlanted = "123.456789";
constexpr std::string_view kHeader = "t,x,y,z\n";

enum class Outcome { kExit2, kCounted };

struct MatrixCase {
  std::string name;
  std::function<std::string()> csv;
  Outcome outcome;
  std::string error;  // kExit2: part of the one-line reason.
  RejectReason reason = RejectReason::kCount;
  uint64_t rejected = 0;  // Exact count of `reason`; other reasons must be 0.
  uint64_t min_gap_resets = 0;
};

std::string Row(double t, double x, double y, double z, std::string_view end = "\n") {
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%.17g,%.9g,%.9g,%.9g", t, x, y, z);
  return std::string(buf) + std::string(end);
}

// StillRows: a phone lying still (gravity on z, sensor noise) at rate_hz.
std::string StillRows(double t0, double seconds, double rate_hz, uint32_t seed = 1,
                      std::string_view end = "\n") {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.03);
  std::string out;
  const int n = static_cast<int>(seconds * rate_hz);
  for (int i = 0; i < n; ++i) {
    out += Row(t0 + i / rate_hz, 0.1 + noise(rng), 0.3 + noise(rng), 9.81 + noise(rng), end);
  }
  return out;
}

constexpr int kRate = 50;

std::vector<MatrixCase> Cases() {
  std::vector<MatrixCase> cases;
  auto exit2 = [&cases](std::string name, std::function<std::string()> csv, std::string error) {
    cases.push_back({std::move(name), std::move(csv), Outcome::kExit2, std::move(error)});
  };
  auto counted = [&cases](std::string name, std::function<std::string()> csv, RejectReason reason,
                          uint64_t rejected, uint64_t min_gap_resets = 0) {
    cases.push_back(
        {std::move(name), std::move(csv), Outcome::kCounted, "", reason, rejected, min_gap_resets});
  };
  constexpr RejectReason kNone = RejectReason::kCount;

  // Files.
  exit2(
      "EmptyFile", [] { return std::string(); }, "empty file");
  counted(
      "HeaderOnly", [] { return std::string(kHeader); }, kNone, 0);
  counted(
      "HeaderAndBlankLines", [] { return std::string(kHeader) + "\n\r\n \t\n"; }, kNone, 0);
  exit2(
      "NoHeader", [] { return StillRows(0, 10, kRate); }, "expected header t,x,y,z");
  exit2(
      "BinaryJunk",
      [] {
        std::mt19937 rng(3);
        std::string junk;
        for (int i = 0; i < 100000; ++i) junk += static_cast<char>(rng() & 0xff);
        return junk;
      },
      "expected header t,x,y,z");
  counted(
      "HeaderThenBinaryJunk",
      [] {
        // Junk without '\n' is one (long) malformed line.
        std::mt19937 rng(4);
        std::string junk;
        for (int i = 0; i < 5000; ++i) {
          char c = static_cast<char>(rng() & 0xff);
          junk += c == '\n' ? '\0' : c;
        }
        return std::string(kHeader) + StillRows(0, 10, kRate) + junk + "\n" +
               StillRows(10, 10, kRate, 2);
      },
      RejectReason::kMalformedRow, 1);
  counted(
      "Utf8Bom", [] { return "\xEF\xBB\xBF" + std::string(kHeader) + StillRows(0, 20, kRate); },
      kNone, 0);
  counted(
      "CrlfLineEnds", [] { return "t,x,y,z\r\n" + StillRows(0, 20, kRate, 1, "\r\n"); }, kNone, 0);
  counted(
      "ExtraColumns",
      [] {
        std::string rows;
        for (int i = 0; i < 100; ++i)
          rows += Row(i * 0.02, 0, 0, 9.8, ",") + std::string(kPlanted) + "\n";
        return std::string(kHeader) + rows;
      },
      RejectReason::kMalformedRow, 100);
  counted(
      "MissingColumns",
      [] {
        std::string rows;
        for (int i = 0; i < 100; ++i) rows += "0.1," + std::string(kPlanted) + ",9.8\n";
        return std::string(kHeader) + StillRows(0, 10, kRate) + rows;
      },
      RejectReason::kMalformedRow, 100);
  counted(
      "OneMegabyteLine",
      [] {
        return std::string(kHeader) + StillRows(0, 10, kRate) + std::string(1 << 20, '7') + "\n" +
               StillRows(10, 10, kRate, 2);
      },
      RejectReason::kMalformedRow, 1);
  counted(
      "CommaDecimalSeparators",
      [] {
        std::string rows;
        for (int i = 0; i < 50; ++i) rows += std::to_string(i) + ",02;0,1;0,3;9,81\n";
        for (int i = 0; i < 50; ++i) rows += std::to_string(i) + ",02,0,1,0,3,9,81\n";
        return std::string(kHeader) + rows;
      },
      RejectReason::kMalformedRow, 100);

  // Values.
  counted(
      "NanAndInf",
      [] {
        std::string rows = StillRows(0, 10, kRate);
        for (std::string_view bad : {"nan", "inf", "-inf", "NaN", "infinity"}) {
          rows += "10.5," + std::string(bad) + "," + std::string(kPlanted) + ",9.8\n";
          rows += std::string(bad) + ",0.1,0.2,9.8\n";
        }
        return std::string(kHeader) + rows + StillRows(11, 10, kRate, 2);
      },
      RejectReason::kNonFinite, 10);
  counted(
      "AbsurdMagnitudes",
      [] {
        std::string rows = StillRows(0, 10, kRate);
        // 1e300 overflows the float axis: it reads as inf (non_finite); see
        // AbsurdButFiniteMagnitudes for out_of_range.
        for (int i = 0; i < 20; ++i) rows += Row(10 + i * 0.02, 1e300, 0, 9.8);
        return std::string(kHeader) + rows;
      },
      RejectReason::kNonFinite, 20);
  counted(
      "AbsurdButFiniteMagnitudes",
      [] {
        std::string rows = StillRows(0, 10, kRate);
        for (int i = 0; i < 20; ++i) rows += Row(10 + i * 0.02, 0.1, -1e30, 9.8);
        for (int i = 0; i < 20; ++i) rows += Row(10.4 + i * 0.02, 201, 0.3, 9.8);
        return std::string(kHeader) + rows;
      },
      RejectReason::kOutOfRange, 40);
  counted(
      "ConstantSensor",
      [] {
        // A dead sensor: 60 s of the same three values. 2 s are accepted,
        // then every sample is stuck_sensor; no window ever completes.
        std::string rows;
        for (int i = 0; i < 60 * kRate; ++i) rows += Row(i * 0.02, 0.25, -0.5, 9.75);
        return std::string(kHeader) + rows;
      },
      RejectReason::kStuckSensor, 60 * kRate - (2 * kRate + 1));
  counted(
      "SaturatedAxis",
      [] {
        // A running phone whose z axis is pinned at the 2 g clip (19.6133).
        std::string rows;
        for (int i = 0; i < 60 * kRate; ++i) {
          const double t = i * 0.02;
          const double phase = 2 * 3.14159265358979 * 2.8 * t;
          rows += Row(t, 6 * std::sin(phase), 3 * std::cos(phase), 19.6133);
        }
        return std::string(kHeader) + rows;
      },
      RejectReason::kClipped, 60 * kRate - (kRate + 1));
  counted(
      "ZeroSensor",
      [] {
        std::string rows;
        for (int i = 0; i < 30 * kRate; ++i) rows += Row(i * 0.02, 0, 0, 0);
        return std::string(kHeader) + rows;
      },
      RejectReason::kStuckSensor, 30 * kRate - (2 * kRate + 1));

  // Time.
  counted(
      "TimestampsReversed",
      [] {
        std::string rows;
        std::mt19937 rng(5);
        std::normal_distribution<double> noise(0, 0.03);
        for (int i = 30 * kRate; i > 0; --i)
          rows += Row(i * 0.02, noise(rng), 0.3, 9.8 + noise(rng));
        return std::string(kHeader) + rows;
      },
      RejectReason::kOutOfOrder, 30 * kRate - 1);
  counted(
      "TimestampsRepeated",
      [] {
        std::string rows;
        std::mt19937 rng(6);
        std::normal_distribution<double> noise(0, 0.03);
        for (int i = 0; i < 30 * kRate; ++i) {
          rows += Row(i * 0.02, noise(rng), 0.3, 9.8 + noise(rng));
          rows += Row(i * 0.02, noise(rng), 0.3, 9.8 + noise(rng));
        }
        return std::string(kHeader) + rows;
      },
      RejectReason::kRepeatedTimestamp, 30 * kRate);
  counted(
      "TimestampsJumpBack",
      [] {
        // 20 s, then 4 s again from t = 14.99 (all behind), then on from 20.
        return std::string(kHeader) + StillRows(0, 20, kRate) + StillRows(14.99, 4, kRate, 2) +
               StillRows(20, 10, kRate, 3);
      },
      RejectReason::kOutOfOrder, 4 * kRate);
  counted(
      "TimestampsJumpDaysAhead",
      [] {
        // Jumps of more than a day: the guard follows each after kResyncSamples samples.
        return std::string(kHeader) + StillRows(0, 20, kRate) +
               StillRows(3 * 86400.0, 20, kRate, 2) + StillRows(400 * 86400.0, 20, kRate, 3);
      },
      RejectReason::kImplausibleTime, 2 * (IngestGuard::kResyncSamples - 1), 2);
  counted(
      "TimestampJumpsToAbsurdFuture",
      [] {
        // One sample at 1e300 s: an implausible time, which does not move the clock, so the
        // samples after it are accepted.
        return std::string(kHeader) + StillRows(0, 10, kRate) + Row(1e300, 0.1, 0.3, 9.8) +
               StillRows(10, 10, kRate, 2);
      },
      RejectReason::kImplausibleTime, 1);
  counted(
      "NegativeAndHugeTimes",
      [] {
        return std::string(kHeader) + StillRows(-1e9, 20, kRate) + StillRows(1e12, 20, kRate, 2);
      },
      RejectReason::kImplausibleTime, IngestGuard::kResyncSamples - 1, 1);
  counted(
      "RateChange400To12Hz",
      [] {
        return std::string(kHeader) + StillRows(0, 30, 400) + StillRows(30, 30, 12.5, 2) +
               StillRows(60, 30, 400, 3);
      },
      RejectReason::kCount, 0);
  counted(
      "EmptyWindows",
      [] {
        // One sample every 3 s: every sample opens a new segment, no window
        // ever fills.
        std::string rows;
        for (int i = 0; i < 200; ++i) rows += Row(i * 3.0, 0.1 + 0.01 * (i % 7), 0.3, 9.8);
        return std::string(kHeader) + rows;
      },
      RejectReason::kCount, 0, 199);
  return cases;
}

// PrintTo names a case in test output (instead of dumping its bytes).
void PrintTo(const MatrixCase& c, std::ostream* os) { *os << c.name; }

// ExpectCountsMatch: the reason of the case is counted exactly, no other
// reason is, and the books balance.
void ExpectLedgerMatches(const MatrixCase& c, const Ledger& l) {
  for (int i = 0; i < kRejectReasonCount; ++i) {
    const auto reason = static_cast<RejectReason>(i);
    EXPECT_EQ(l.rejected[i], reason == c.reason ? c.rejected : 0) << RejectReasonName(reason);
  }
  EXPECT_EQ(l.samples_in, l.samples_accepted + l.rejected_total());
  EXPECT_GE(l.gap_resets, c.min_gap_resets);
}

class BadInputMatrixTest : public ::testing::TestWithParam<MatrixCase> {
 protected:
  void SetUp() override { path_ = dir_.WriteFile("input.accel.csv", GetParam().csv()); }
  TempDir dir_;
  std::filesystem::path path_;
};

TEST_P(BadInputMatrixTest, CsvReaderAndApi) {
  const MatrixCase& c = GetParam();
  auto opened = AccelCsvReader::Open(path_.string(), AccelUnits::kMetersPerSecondSquared);
  if (c.outcome == Outcome::kExit2) {
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
    const std::string message = opened.status().message();
    EXPECT_NE(message.find(c.error), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find(kPlanted), std::string::npos) << message;
    return;
  }
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();

  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  ASSERT_TRUE(created.ok());
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();
  int stepping_windows = 0;
  pipeline->SetWindowObserver([&](const WindowReport& r) {
    if (IsStepping(r.raw_activity) || IsStepping(r.activity)) ++stepping_windows;
  });
  std::vector<AccelSample> batch(997);
  v1::ActivityUpdate update;
  int stepping_messages = 0;
  for (;;) {
    StatusOr<size_t> n = reader->ReadBatch(batch);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    if (*n == 0) break;
    pipeline->PushAccel(std::span<const AccelSample>(batch.data(), *n));
    while (pipeline->Poll(&update)) stepping_messages += IsStepping(update.activity()) ? 1 : 0;
  }
  pipeline->CountSourceRead(reader->bytes_read(), reader->malformed_rows());
  EXPECT_EQ(stepping_windows, 0);
  EXPECT_EQ(stepping_messages, 0);
  ExpectLedgerMatches(c, pipeline->ledger());
  EXPECT_EQ(LedgerToJson(pipeline->ledger()).find(kPlanted), std::string::npos);
}

TEST_P(BadInputMatrixTest, Cli) {
  const MatrixCase& c = GetParam();
  const std::filesystem::path report = dir_.File("report.json");
  CommandResult r =
      testing::RunCommand({testing::MinsenseBinary().string(), "replay", "--accel", path_.string(),
                           "--emit", "window", "--report", report.string()},
                          /*timeout_seconds=*/60);
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.term_signal, 0);
  EXPECT_EQ(r.stderr_text.find(kPlanted), std::string::npos) << r.stderr_text;
  EXPECT_EQ(r.stdout_text.find("WALKING"), std::string::npos);
  EXPECT_EQ(r.stdout_text.find("RUNNING"), std::string::npos);
  if (c.outcome == Outcome::kExit2) {
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.stdout_text.empty());
    EXPECT_EQ(CountLines(r.stderr_text), 1u) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find(c.error), std::string::npos) << r.stderr_text;
    return;
  }
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(r.stderr_text.empty()) << r.stderr_text;
  const std::string json = ReadFile(report);
  EXPECT_EQ(json.find(kPlanted), std::string::npos);
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  const auto& fields = parsed.fields();
  const auto& rejected = fields.at("rejected").struct_value().fields();
  double rejected_total = 0;
  for (int i = 0; i < kRejectReasonCount; ++i) {
    const auto reason = static_cast<RejectReason>(i);
    const std::string name(RejectReasonName(reason));
    ASSERT_TRUE(rejected.contains(name)) << name;
    const double n = rejected.at(name).number_value();
    EXPECT_EQ(n, reason == c.reason ? static_cast<double>(c.rejected) : 0.0) << name;
    rejected_total += n;
  }
  EXPECT_EQ(fields.at("samples_in").number_value(),
            fields.at("samples_accepted").number_value() + rejected_total);
  EXPECT_GE(fields.at("gap_resets").number_value(), static_cast<double>(c.min_gap_resets));
}

INSTANTIATE_TEST_SUITE_P(Matrix, BadInputMatrixTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<MatrixCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace minsense
