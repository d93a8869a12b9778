// Promise 4: errors and logs never contain sample values or coordinates.
// A distinctive value is planted in sample data and driven through every
// error path (CSV reader, ingest guard, CLI flags, policy loading, options,
// explain); no message may contain it, nor its usual roundings.
//
// Configuration errors do name the offending configuration value and its
// unit (STYLE.md); a configuration value is not a sample. A recording passed
// where a policy or a report is expected must not be echoed though.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/pipeline.h"
#include "tests/support/test_support.h"
#include "tools/explain_command.h"

namespace minsense {
namespace {

// The planted value and the forms a formatter could print it in.
const char* const kPlantedForms[] = {"123.456789", "123.457", "123.46", "123.4",
                                     "1.23457e",   "51.7520", "-1.2577"};

void ExpectClean(const std::string& text, const std::string& where) {
  for (const char* form : kPlantedForms) {
    EXPECT_EQ(text.find(form), std::string::npos) << where << ": " << text;
  }
}

std::string PlantedCsv() {
  std::string text = "t,x,y,z\n";
  for (int i = 0; i < 500; ++i) {
    text += std::to_string(i * 0.02) + ",123.456789," + (i % 7 == 0 ? "nan" : "1") + ",2\n";
  }
  text += "10.5,123.456789,abc\n";          // Malformed row.
  text += "10.52,123456789,1,1\n";          // Out of range.
  text += "3.0,123.456789,1,2\n";           // Out of order.
  text += "10.52,123.456789,1,2\n";         // Repeated time.
  text += std::string(300000, '1') + "\n";  // Longer than the read buffer.
  return text;
}

testing::CommandResult Minsense(std::vector<std::string> args) {
  args.insert(args.begin(), testing::MinsenseBinary().string());
  return testing::RunCommand(args);
}

TEST(ErrorPrivacyTest, ReaderErrorsNeverEchoSamples) {
  testing::TempDir dir;
  const auto headerless = dir.WriteFile("a.csv", "123.456789,51.7520,-1.2577\n");
  auto opened = AccelCsvReader::Open(headerless.string(), AccelUnits::kMetersPerSecondSquared);
  ASSERT_FALSE(opened.ok());
  ExpectClean(opened.status().ToString(), "header");

  const auto planted = dir.WriteFile("b.csv", PlantedCsv());
  auto reader = AccelCsvReader::Open(planted.string(), AccelUnits::kMetersPerSecondSquared);
  ASSERT_TRUE(reader.ok());
  std::vector<AccelSample> batch(64);
  for (;;) {
    auto n = (*reader)->ReadBatch(batch);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
  }
  (*reader)->Close();
  auto after = (*reader)->ReadBatch(batch);
  ASSERT_FALSE(after.ok());
  ExpectClean(after.status().ToString(), "after close");
}

TEST(ErrorPrivacyTest, GuardRejectionsAreCountsOnly) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  ASSERT_TRUE(created.ok());
  auto& p = *created;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  p->PushAccel(AccelSample{0, 123.456789f, 1, 2});
  p->PushAccel(AccelSample{0.02, nan, 123.456789f, 2});
  p->PushAccel(AccelSample{0.04, 123456.789f, 1, 2});
  p->PushAccel(AccelSample{0.01, 123.456789f, 1, 2});
  p->PushAccel(AccelSample{0.04, 123.456789f, 1, 2});
  EXPECT_GE(p->ledger().rejected_total(), 2u);
  ExpectClean(LedgerToJson(p->ledger()), "ledger");
  ExpectClean(tools::ExplainLedger(p->ledger()), "explain");
}

TEST(ErrorPrivacyTest, PolicyAndOptionErrorsNeverEchoSamples) {
  // A recording passed as a policy, with and without its header.
  testing::TempDir dir;
  const std::string accel = dir.WriteFile("in.accel.csv", PlantedCsv()).string();
  for (const char* text : {"123.456789,51.7520,-1.2577\n", "t,x,y,z\n0,123.456789,1,2\n",
                           "heartbeat_minutes: 123.456789\n", "ldp_epsilon: 0.5 123.456789\n",
                           "allowed_activities: 123.456789\n"}) {
    const std::string policy = dir.WriteFile("policy.txt", text).string();
    const auto r = Minsense({"replay", "--accel", accel, "--policy", policy});
    EXPECT_EQ(r.exit_code, 2) << text;
    ExpectClean(r.stderr_text + r.stdout_text, text);
  }
  // Option and policy checks name the field; they never see a sample.
  v1::PipelineOptions o = DefaultPipelineOptions();
  o.set_max_abs_accel_mps2(-1);
  const Status s = ValidatePipelineOptions(o);
  EXPECT_NE(s.message().find("max_abs_accel_mps2"), std::string::npos);
}

TEST(ErrorPrivacyTest, CliErrorsNeverEchoSamples) {
  testing::TempDir dir;
  const std::string accel = dir.WriteFile("in.accel.csv", PlantedCsv()).string();
  const std::string headerless = dir.WriteFile("h.csv", "123.456789,51.7520,-1.2577\n").string();
  const std::string gps = dir.WriteFile("g.csv", "t,lat,lon,alt_m\n0,51.7520,-1.2577,\n").string();
  // GPS error paths: coordinates in a bad header, in bad rows, a GPS file
  // given as the accelerometer's and the other way round, bad fixes of
  // every kind (guard rejections) and an overlong line.
  const std::string gps_headerless =
      dir.WriteFile("gh.csv", "0,51.7520,-1.2577\n1,51.7520,-1.2577\n").string();
  std::string planted_gps = "t,lat,lon,alt_m,accuracy_m\n";
  for (int i = 0; i < 300; ++i) {
    planted_gps += std::to_string(i) + ",51.7520,-1.2577,123.456789," +
                   (i % 5 == 0 ? "123.456789" : "5") + "\n";
  }
  planted_gps += "400,51.7520,abc\n400,123.456789,-1.2577,\n401,0,0,\n402,nan,-1.2577,\n";
  planted_gps += "10,51.7520,-1.2577,\n403,-51.7520,-1.2577,\n" + std::string(70000, '5') + "\n";
  const std::string gps_planted = dir.WriteFile("gp.csv", planted_gps).string();
  const std::vector<std::vector<std::string>> runs = {
      {"replay", "--accel", accel, "--report", "-"},
      {"replay", "--accel", accel, "--report", "-", "--format", "text"},
      {"replay", "--accel", headerless},
      {"replay", "--accel", accel, "--gps", gps},
      {"replay", "--accel", accel, "--deny", "location", "--gps", gps, "--report", "-"},
      {"replay", "--gps", gps_headerless},
      {"replay", "--gps", accel},
      {"replay", "--accel", gps},
      {"replay", "--gps", gps_planted, "--report", "-", "--emit", "window"},
      {"replay", "--gps", gps_planted, "--report", "-", "--format", "text"},
      {"replay", "--accel", accel, "--gps", gps_planted, "--report", "-"},
      {"replay", "--accel", accel, "--deny", "motion", "--gps", gps_planted, "--report", "-"},
      {"replay", "--gps", dir.File("none.gps.csv").string()},
      {"train-gps", "--corpus", dir.path().string(), "--out", dir.File("m.txtpb").string()},
      {"replay", "--accel", accel, "--report", dir.File("no/such/dir/r.json").string()},
      {"replay", "--accel", accel, "--format", "xml"},
      {"replay", "--accel", accel, "--policy", accel},
      {"explain", "--accel", accel},
      {"explain", "--accel", headerless},
      {"explain", "--report", accel},
      {"explain", "--report", headerless},
  };
  for (const auto& args : runs) {
    const auto r = Minsense(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    ExpectClean(r.stderr_text, joined + "(stderr)");
    ExpectClean(r.stdout_text, joined + "(stdout)");
  }
}

}  // namespace
}  // namespace minsense
