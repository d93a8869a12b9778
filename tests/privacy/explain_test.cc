// Promise 5: `minsense explain` tells a person, on one screen (<= 24 lines of
// <= 80 columns), what was read, rejected, wiped and sent, and which fields.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/ledger.h"
#include "tests/support/test_support.h"
#include "tools/explain_command.h"

namespace minsense {
namespace {

std::string Sample() {
  return (testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv").string();
}

testing::CommandResult Minsense(std::vector<std::string> args) {
  args.insert(args.begin(), testing::MinsenseBinary().string());
  return testing::RunCommand(args);
}

void ExpectOneScreen(const std::string& text) {
  ASSERT_FALSE(text.empty());
  size_t lines = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    EXPECT_LE(end - start, static_cast<size_t>(tools::kExplainMaxColumns))
        << text.substr(start, end - start);
    ++lines;
    start = end + 1;
  }
  EXPECT_LE(lines, static_cast<size_t>(tools::kExplainMaxLines)) << text;
}

TEST(ExplainTest, ReplayThenExplainTellsWhatLeft) {
  testing::TempDir dir;
  const std::string report = dir.File("ledger.json").string();
  const auto replay = Minsense({"replay", "--accel", Sample(), "--report", report});
  ASSERT_EQ(replay.exit_code, 0) << replay.stderr_text;
  const auto from_report = Minsense({"explain", "--report", report});
  ASSERT_EQ(from_report.exit_code, 0) << from_report.stderr_text;
  const auto from_accel = Minsense({"explain", "--accel", Sample()});
  ASSERT_EQ(from_accel.exit_code, 0) << from_accel.stderr_text;
  EXPECT_EQ(from_report.stdout_text, from_accel.stdout_text);
  std::printf("%s", from_accel.stdout_text.c_str());

  const std::string& text = from_accel.stdout_text;
  ExpectOneScreen(text);
  const size_t messages = testing::CountLines(replay.stdout_text);
  EXPECT_NE(text.find(std::to_string(messages) + " message"), std::string::npos) << text;
  for (const char* words : {"Read:", "Checked:", "Wiped:      yes", "Sent:", "activity ",
                            "confidence ", "cadence_spm", "time_bucket_minutes", "Never sent:"}) {
    EXPECT_NE(text.find(words), std::string::npos) << words << " in\n" << text;
  }
}

TEST(ExplainTest, WorstCaseLedgerStillFitsOneScreen) {
  Ledger l;
  l.samples_in = 18'000'000'000'000'000'000u;
  l.bytes_in = 18'000'000'000'000'000'000u;
  l.samples_accepted = 17'000'000'000'000'000'000u;
  for (auto& r : l.rejected) r = 123'456'789'012'345'678u;
  l.denied_samples = 999'999'999'999'999'999u;
  l.gap_resets = 999'999'999'999u;
  l.seconds_accepted = 1e12;
  l.windows = 999'999'999'999'999u;
  l.raw_wipes = 999'999'999'999u;
  l.messages_out = 999'999'999'999u;
  l.bytes_out = 9'999'999'999'999u;
  l.messages_dropped = 99'999'999u;
  l.activity_fields_out = l.confidence_fields_out = l.cadence_fields_out =
      l.time_bucket_fields_out = 999'999'999'999u;
  l.masked_labels = 999'999'999u;
  l.steps = 999'999'999'999u;
  l.ldp_epsilon = 0.125;
  l.randomised_messages = 999'999'999'999u;
  ExpectOneScreen(tools::ExplainLedger(l));
}

// Every reason the ledger counts is told in words (its report name is for machines), and its
// count survives the JSON report.
TEST(ExplainTest, EveryRejectReasonIsWorded) {
  for (int i = 0; i < kRejectReasonCount; ++i) {
    Ledger l;
    l.samples_in = 5;
    l.samples_accepted = 2;
    l.rejected[i] = 3;
    const std::string text = tools::ExplainLedger(l);
    const std::string name(RejectReasonName(static_cast<RejectReason>(i)));
    EXPECT_NE(text.find("3 "), std::string::npos) << text;
    EXPECT_EQ(text.find(name), std::string::npos) << name << " in\n" << text;
    auto back = tools::LedgerFromJson(LedgerToJson(l));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->rejected[i], 3u) << name;
  }
}

TEST(ExplainTest, AnUnwipedLedgerIsNotCalledWiped) {
  Ledger l;
  l.samples_in = l.samples_accepted = 100;
  l.raw_buffers_clear = false;
  const std::string text = tools::ExplainLedger(l);
  EXPECT_EQ(text.find("Wiped:      yes"), std::string::npos) << text;
  EXPECT_NE(text.find("NOT CONFIRMED"), std::string::npos) << text;
}

TEST(ExplainTest, LedgerJsonRoundTrips) {
  Ledger l;
  l.samples_in = 10;
  l.bytes_in = 200;
  l.samples_accepted = 8;
  l.rejected[0] = 2;
  l.messages_out = 3;
  l.bytes_out = 24;
  l.activity_fields_out = 3;
  l.time_bucket_fields_out = 3;
  l.cadence_fields_out = 1;
  l.raw_wipes = 2;
  l.denied_samples = 5;
  l.steps = 7;
  auto back = tools::LedgerFromJson(LedgerToJson(l));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(LedgerToJson(*back), LedgerToJson(l));
  EXPECT_FALSE(tools::LedgerFromJson("{\"samples_in\":1}").ok());
  EXPECT_FALSE(tools::LedgerFromJson("t,x,y,z").ok());
}

// Totals of counts near the uint64 limit (a long-lived ledger, or a report read back) saturate:
// a wrapped sum would tell a person that almost nothing was rejected.
TEST(ExplainTest, RejectedTotalsSaturateInsteadOfWrapping) {
  Ledger l;
  l.samples_in = UINT64_MAX;
  l.rejected[0] = UINT64_MAX;
  l.rejected[1] = 5;
  l.gps_fixes_in = UINT64_MAX;
  l.gps_rejected[0] = UINT64_MAX;
  l.gps_rejected[1] = 5;
  EXPECT_EQ(l.rejected_total(), UINT64_MAX);
  const std::string text = tools::ExplainLedger(l);
  EXPECT_EQ(text.find("0 accepted, 4 rejected"), std::string::npos) << text;
  EXPECT_NE(text.find("0 accepted, 18.4 quintillion rejected"), std::string::npos) << text;
  EXPECT_EQ(l.gps_rejected_total(), UINT64_MAX);
  EXPECT_EQ(text.find(" 4 rejected"), std::string::npos) << text;  // Nor the GPS line.
}

TEST(ExplainTest, CountsBeyondUint64AreRejectedNotWrapped) {
  // The largest count a ledger can hold round-trips (JSON numbers are
  // doubles: 2^64 - 1 is read back as 2^64).
  Ledger l;
  l.samples_in = UINT64_MAX;
  l.rejected[0] = UINT64_MAX;
  auto back = tools::LedgerFromJson(LedgerToJson(l));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->samples_in, UINT64_MAX);
  EXPECT_EQ(back->rejected[0], UINT64_MAX);
  // A count no ledger can hold, or a negative one, is a damaged report, not
  // a number to convert (converting it to uint64 is undefined behaviour).
  const std::string good = LedgerToJson(Ledger{});
  auto with = [&good](const std::string& key, const std::string& value) {
    std::string json = good;
    const size_t at = json.find("\"" + key + "\":");
    EXPECT_NE(at, std::string::npos) << key;
    const size_t start = at + key.size() + 3;
    json.replace(start, json.find_first_of(",}", start) - start, value);
    return json;
  };
  ASSERT_TRUE(tools::LedgerFromJson(with("samples_in", "0")).ok());
  for (const std::string key : {"samples_in", "bytes_out", "windows", "non_finite", "activity"}) {
    for (const std::string value : {"1e30", "-5", "3e19"}) {
      const auto parsed = tools::LedgerFromJson(with(key, value));
      EXPECT_FALSE(parsed.ok()) << key << "=" << value;
    }
  }
  EXPECT_FALSE(tools::LedgerFromJson(with("seconds_accepted", "-1")).ok());
  // An absurd but finite duration is shown saturated, not as a wrapped value.
  Ledger long_run;
  long_run.seconds_accepted = 1e300;
  EXPECT_NE(tools::ExplainLedger(long_run).find("277777777777777 h"), std::string::npos)
      << tools::ExplainLedger(long_run);
  // The report carries every digit of it, so it reads back as the same duration, not a cut one.
  const auto long_back = tools::LedgerFromJson(LedgerToJson(long_run));
  ASSERT_TRUE(long_back.ok()) << long_back.status().ToString();
  EXPECT_DOUBLE_EQ(long_back->seconds_accepted, 1e300);
}

TEST(ExplainTest, UnusableArgumentsFailWithOneLine) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"explain"},
                                               {"explain", "--report", "a", "--accel", "b"},
                                               {"explain", "--report", "/nonexistent/ledger.json"},
                                               {"explain", "--report", "x", "--policy", "p"},
                                               {"explain", "--accel", "/nonexistent.csv"}}) {
    const auto r = Minsense(args);
    EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
    EXPECT_EQ(testing::CountLines(r.stderr_text), 1u) << r.stderr_text;
    EXPECT_EQ(r.stderr_text.rfind("minsense explain: ", 0), 0u) << r.stderr_text;
  }
}

}  // namespace
}  // namespace minsense
