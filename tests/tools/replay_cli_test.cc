// End-to-end tests of `minsense replay`: the built binary is run on temporary
// files and on the shipped sample (data/sample), and its exit status, stdout,
// stderr and report are checked against the contract of PRODUCT.md.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/activity_labels.h"
#include "tests/support/gps_track.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

using ::minsense::testing::CommandResult;
using ::minsense::testing::CountLines;
using ::minsense::testing::ReadFile;
using ::minsense::testing::TempDir;

// A value planted in inputs; it must never show up in an error or a report.
constexpr std::string_view kPlantedValue = "123.456789";

std::string WalkSample() {
  return (testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv").string();
}
std::string JogSample() {
  return (testing::SourceDir() / "data/sample/jog_frontpocket_motionsense.accel.csv").string();
}

CommandResult Minsense(std::vector<std::string> args) {
  args.insert(args.begin(), testing::MinsenseBinary().string());
  return testing::RunCommand(args);
}

// SplitLines splits text into its '\n'-terminated lines.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// ExpectOneLineError: exit status 2, nothing on stdout, exactly one line on
// stderr that starts with `prefix` and contains `reason`.
void ExpectOneLineError(const CommandResult& r, std::string_view prefix, std::string_view reason) {
  EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
  EXPECT_TRUE(r.stdout_text.empty()) << r.stdout_text;
  ASSERT_FALSE(r.stderr_text.empty());
  EXPECT_EQ(r.stderr_text.back(), '\n');
  EXPECT_EQ(CountLines(r.stderr_text), 1u) << r.stderr_text;
  EXPECT_EQ(r.stderr_text.rfind(prefix, 0), 0u) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find(reason), std::string::npos)
      << "expected '" << reason << "' in: " << r.stderr_text;
}

// ParseJson parses a JSON object into a Struct; a failure is a test failure.
google::protobuf::Struct ParseJson(const std::string& json) {
  google::protobuf::Struct parsed;
  auto status = google::protobuf::util::JsonStringToMessage(json, &parsed);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in: " << json;
  return parsed;
}

double NumberField(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    ADD_FAILURE() << "no key " << key;
    return -1;
  }
  return it->second.number_value();
}

std::vector<v1::ActivityUpdate> ParseJsonl(const std::string& text) {
  std::vector<v1::ActivityUpdate> messages;
  for (const std::string& line : SplitLines(text)) {
    v1::ActivityUpdate message;
    auto status = google::protobuf::util::JsonStringToMessage(line, &message);
    EXPECT_TRUE(status.ok()) << status.ToString() << " in: " << line;
    messages.push_back(message);
  }
  return messages;
}

TEST(MinsenseCliTest, NoArgumentsPrintsUsageAndFails) {
  const CommandResult r = Minsense({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.stdout_text.empty());
  EXPECT_NE(r.stderr_text.find("usage: minsense"), std::string::npos);
}

TEST(MinsenseCliTest, HelpPrintsUsage) {
  for (const char* flag : {"--help", "-h"}) {
    const CommandResult r = Minsense({flag});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.stdout_text.find("usage: minsense"), std::string::npos);
    EXPECT_NE(r.stdout_text.find("replay"), std::string::npos);
    EXPECT_TRUE(r.stderr_text.empty());
  }
}

TEST(MinsenseCliTest, UnknownCommandFails) {
  ExpectOneLineError(Minsense({"frobnicate", "--accel", "x"}), "minsense: ", "'frobnicate'");
}

TEST(ReplayCliTest, HelpPrintsReplayUsage) {
  const CommandResult r = Minsense({"replay", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.stderr_text.empty());
  for (const char* text :
       {"usage: minsense replay --accel FILE", "--accel-units mps2|g", "--gps FILE",
        "--deny location|motion", "--policy FILE", "--emit window|change",
        "--format jsonl|text|binary", "--report FILE", "not read at all"}) {
    EXPECT_NE(r.stdout_text.find(text), std::string::npos) << text;
  }
}

TEST(ReplayCliTest, UnusableArgumentsFailWithOneLineReason) {
  TempDir dir;
  const std::string csv = dir.WriteFile("ok.accel.csv", "t,x,y,z\n0,0,0,9.8\n").string();
  struct Case {
    std::vector<std::string> args;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {{}, "missing --accel FILE"},
      {{"--accel"}, "--accel needs a value"},
      {{"--accel", "--format", "text"}, "--accel needs a value"},
      {{"--accel="}, "--accel has an empty value"},
      {{"--accel", csv, "--bogus", "1"}, "unknown flag --bogus"},
      {{"--accel", csv, "--accel", csv}, "--accel given twice"},
      {{"--accel", csv, "--format", "text", "--format=jsonl"}, "--format given twice"},
      {{"--accel", csv, "--format", "xml"}, "--format must be jsonl, text or binary"},
      {{"--accel", csv, "--emit", "sometimes"}, "--emit must be window or change"},
      {{"--accel", csv, "--accel-units", "kg"}, "--accel-units must be mps2 or g"},
      {{"--accel", csv, "--deny", "camera"}, "--deny must be location or motion"},
      {{"--accel", csv, "extra"}, "unexpected argument 'extra'"},
      {{"--accel", csv, "--gps", csv}, "expected header t,lat,lon"},
      {{"--gps", dir.File("absent.gps.csv").string()}, "no such file"},
      {{"--accel", csv, "--policy", dir.File("absent.pbtxt").string()}, "absent.pbtxt"},
      {{"--accel", csv, "--report", dir.File("no/such/dir/r.json").string()},
       "cannot write report"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"replay"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    SCOPED_TRACE(c.reason);
    ExpectOneLineError(Minsense(args), "minsense replay: ", c.reason);
  }
}

TEST(ReplayCliTest, ReportOverAnInputFileIsRefusedAndTheInputKept) {
  // --report truncates its file before the replay reads anything: naming an
  // input there (a slip of the shell) must not destroy the recording.
  TempDir dir;
  const std::string recording = ReadFile(WalkSample());
  const std::string accel = dir.WriteFile("walk.accel.csv", recording).string();
  const std::string gps = dir.WriteFile("t.gps.csv", "t,lat,lon\n0,51.75,-1.25\n").string();
  const std::string policy = dir.WriteFile("p.txtpb", "emit_confidence: false\n").string();
  for (const std::string& input : {accel, gps, policy}) {
    SCOPED_TRACE(input);
    ExpectOneLineError(
        Minsense({"replay", "--accel", accel, "--gps", gps, "--policy", policy, "--report", input}),
        "minsense replay: ", "is an input file");
  }
  EXPECT_EQ(ReadFile(accel), recording);
  EXPECT_EQ(ReadFile(gps), "t,lat,lon\n0,51.75,-1.25\n");
  EXPECT_EQ(ReadFile(policy), "emit_confidence: false\n");
}

TEST(ReplayCliTest, GpsHeaderMessageIsExact) {
  TempDir dir;
  const std::string csv = dir.WriteFile("ok.accel.csv", "t,x,y,z\n0,0,0,9.8\n").string();
  const CommandResult r = Minsense({"replay", "--accel", csv, "--gps", csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stderr_text,
            "minsense replay: " + csv + ":1: expected header t,lat,lon[,alt_m][,accuracy_m]\n");
  EXPECT_TRUE(r.stdout_text.empty());
}

TEST(ReplayCliTest, UnreadableAccelFilesFailWithOneLineReason) {
  TempDir dir;
  const std::string missing = dir.File("missing.accel.csv").string();
  ExpectOneLineError(Minsense({"replay", "--accel", missing}), "minsense replay: ", missing);
  ExpectOneLineError(Minsense({"replay", "--accel", dir.path().string()}),
                     "minsense replay: ", "directory");
  const std::string empty = dir.WriteFile("empty.accel.csv", "").string();
  ExpectOneLineError(Minsense({"replay", "--accel", empty}),
                     "minsense replay: ", "expected header t,x,y,z");
  const std::string bad = dir.WriteFile("bad.accel.csv", "time,ax,ay,az\n0,1,2,3\n").string();
  ExpectOneLineError(Minsense({"replay", "--accel", bad}),
                     "minsense replay: ", bad + ":1: expected header t,x,y,z");
}

TEST(ReplayCliTest, BadPolicyFilesFailNamingTheFile) {
  TempDir dir;
  const std::string syntax = dir.WriteFile("syntax.pbtxt", "emit_mode: EMIT_SOMETIMES\n").string();
  ExpectOneLineError(Minsense({"replay", "--accel", WalkSample(), "--policy", syntax}),
                     "minsense replay: ", syntax + ":");
  const std::string unknown = dir.WriteFile("unknown.pbtxt", "\n\nvolume: 11\n").string();
  ExpectOneLineError(Minsense({"replay", "--accel", WalkSample(), "--policy", unknown}),
                     "minsense replay: ", unknown + ":3:");
  const std::string invalid = dir.WriteFile("invalid.pbtxt", "heartbeat_minutes: 0\n").string();
  ExpectOneLineError(Minsense({"replay", "--accel", WalkSample(), "--policy", invalid}),
                     "minsense replay: ", invalid);
  ExpectOneLineError(Minsense({"replay", "--accel", WalkSample(), "--policy", dir.path().string()}),
                     "minsense replay: ", "directory");
}

TEST(ReplayCliTest, JsonlLinesParseAsActivityUpdates) {
  for (const std::string& sample : {WalkSample(), JogSample()}) {
    const CommandResult r = Minsense({"replay", "--accel", sample, "--emit", "window"});
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    EXPECT_TRUE(r.stderr_text.empty()) << r.stderr_text;
    const std::vector<v1::ActivityUpdate> messages = ParseJsonl(r.stdout_text);
    EXPECT_GE(messages.size(), 5u) << sample;  // 6 s windows every 2 s.
    for (const std::string& line : SplitLines(r.stdout_text)) {
      EXPECT_EQ(line.rfind("{\"activity\":\"ACTIVITY_", 0), 0u) << line;
      EXPECT_NE(line.find("\"time_bucket_minutes\":"), std::string::npos) << line;
    }
    for (const v1::ActivityUpdate& m : messages) {
      EXPECT_NE(m.activity(), v1::ACTIVITY_UNSPECIFIED);
      if (!IsStepping(m.activity())) {
        EXPECT_FALSE(m.has_cadence_spm());
      }
    }
  }
}

TEST(ReplayCliTest, EmitChangeIsTheDefaultAndSendsFewerMessages) {
  const CommandResult change = Minsense({"replay", "--accel", WalkSample()});
  const CommandResult explicit_change =
      Minsense({"replay", "--accel", WalkSample(), "--emit", "change"});
  const CommandResult window = Minsense({"replay", "--accel", WalkSample(), "--emit", "window"});
  ASSERT_EQ(change.exit_code, 0) << change.stderr_text;
  ASSERT_EQ(window.exit_code, 0) << window.stderr_text;
  EXPECT_EQ(change.stdout_text, explicit_change.stdout_text);
  EXPECT_GE(CountLines(change.stdout_text), 1u);
  EXPECT_LT(CountLines(change.stdout_text), CountLines(window.stdout_text));
}

TEST(ReplayCliTest, PolicyFileSetsEmitModeAndEmitFlagOverridesIt) {
  TempDir dir;
  const std::string policy =
      dir.WriteFile("window.pbtxt", "# every window\nemit_mode: EMIT_EVERY_WINDOW\n").string();
  const CommandResult window = Minsense({"replay", "--accel", WalkSample(), "--emit", "window"});
  const CommandResult by_policy = Minsense({"replay", "--accel", WalkSample(), "--policy", policy});
  const CommandResult overridden =
      Minsense({"replay", "--accel", WalkSample(), "--policy", policy, "--emit", "change"});
  const CommandResult change = Minsense({"replay", "--accel", WalkSample()});
  ASSERT_EQ(by_policy.exit_code, 0) << by_policy.stderr_text;
  EXPECT_EQ(by_policy.stdout_text, window.stdout_text);
  EXPECT_EQ(overridden.stdout_text, change.stdout_text);
}

TEST(ReplayCliTest, TextAndBinaryCarryTheSameMessagesAsJsonl) {
  const CommandResult jsonl = Minsense({"replay", "--accel", JogSample(), "--emit", "window"});
  const CommandResult text =
      Minsense({"replay", "--accel", JogSample(), "--emit", "window", "--format", "text"});
  const CommandResult binary =
      Minsense({"replay", "--accel", JogSample(), "--emit", "window", "--format", "binary"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.stderr_text;
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  ASSERT_EQ(binary.exit_code, 0) << binary.stderr_text;
  const std::vector<v1::ActivityUpdate> expected = ParseJsonl(jsonl.stdout_text);
  ASSERT_FALSE(expected.empty());

  const std::vector<std::string> lines = SplitLines(text.stdout_text);
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string activity = v1::Activity_Name(expected[i].activity()).substr(9);
    EXPECT_NE(lines[i].find(activity), std::string::npos) << lines[i];
    EXPECT_EQ(lines[i].find("spm") != std::string::npos, expected[i].has_cadence_spm()) << lines[i];
  }

  google::protobuf::io::ArrayInputStream input(binary.stdout_text.data(),
                                               static_cast<int>(binary.stdout_text.size()));
  google::protobuf::io::CodedInputStream coded(&input);
  std::vector<v1::ActivityUpdate> decoded;
  for (;;) {
    v1::ActivityUpdate message;
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromCodedStream(&message, &coded, &clean_eof)) {
      EXPECT_TRUE(clean_eof) << "truncated message after " << decoded.size();
      break;
    }
    decoded.push_back(message);
  }
  ASSERT_EQ(decoded.size(), expected.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    EXPECT_EQ(decoded[i].SerializeAsString(), expected[i].SerializeAsString()) << i;
  }
}

TEST(ReplayCliTest, ReportCountsWhatWasReadAndSent) {
  TempDir dir;
  const std::string report = dir.File("ledger.json").string();
  const CommandResult r =
      Minsense({"replay", "--accel", WalkSample(), "--report", report, "--emit", "window"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::string json = ReadFile(report);
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(CountLines(json), 1u);
  const google::protobuf::Struct ledger = ParseJson(json);
  for (const char* key :
       {"samples_in", "bytes_in", "messages_out", "bytes_out", "rejected", "steps"}) {
    EXPECT_TRUE(ledger.fields().contains(key)) << key << " in " << json;
  }
  EXPECT_TRUE(ledger.fields().at("rejected").has_struct_value()) << json;

  const std::string csv = ReadFile(WalkSample());
  const size_t data_rows = CountLines(csv) - 1;
  EXPECT_EQ(NumberField(ledger, "samples_in"), static_cast<double>(data_rows));
  EXPECT_EQ(NumberField(ledger, "bytes_in"), static_cast<double>(csv.size()));
  EXPECT_EQ(NumberField(ledger, "messages_out"), static_cast<double>(CountLines(r.stdout_text)));
  EXPECT_GT(NumberField(ledger, "bytes_out"), 0);
  EXPECT_GT(NumberField(ledger, "steps"), 0);
}

TEST(ReplayCliTest, ReportDashGoesToStderr) {
  const CommandResult r = Minsense({"replay", "--accel", JogSample(), "--report", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(CountLines(r.stderr_text), 1u) << r.stderr_text;
  const google::protobuf::Struct ledger = ParseJson(r.stderr_text);
  EXPECT_EQ(NumberField(ledger, "samples_in"),
            static_cast<double>(CountLines(ReadFile(JogSample())) - 1));
}

TEST(ReplayCliTest, DeniedMotionReadsNothing) {
  TempDir dir;
  const std::string report = dir.File("ledger.json").string();
  for (const std::string& accel : {WalkSample(), dir.File("never-opened.csv").string()}) {
    const CommandResult r =
        Minsense({"replay", "--accel", accel, "--deny", "motion", "--report", report});
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    EXPECT_TRUE(r.stdout_text.empty());
    EXPECT_TRUE(r.stderr_text.empty());
    const google::protobuf::Struct ledger = ParseJson(ReadFile(report));
    EXPECT_EQ(NumberField(ledger, "samples_in"), 0);
    EXPECT_EQ(NumberField(ledger, "bytes_in"), 0);
    EXPECT_EQ(NumberField(ledger, "messages_out"), 0);
  }
}

TEST(ReplayCliTest, DeniedLocationIgnoresGps) {
  TempDir dir;
  const CommandResult plain = Minsense({"replay", "--accel", WalkSample()});
  const CommandResult denied = Minsense({"replay", "--accel", WalkSample(), "--gps",
                                         dir.File("gps.csv").string(), "--deny", "location"});
  const CommandResult both =
      Minsense({"replay", "--accel", WalkSample(), "--deny", "location", "--deny", "motion"});
  ASSERT_EQ(denied.exit_code, 0) << denied.stderr_text;
  EXPECT_EQ(denied.stdout_text, plain.stdout_text);
  ASSERT_EQ(both.exit_code, 0) << both.stderr_text;
  EXPECT_TRUE(both.stdout_text.empty());
}

TEST(ReplayCliTest, GpsAloneGivesLabelsAndALedgerAndDropsNoMessage) {
  // Three hours of GPS at 1 Hz with --emit window: far more messages than
  // the pending queue holds; the replay polls as it goes.
  TempDir dir;
  testing::TrackSpec spec;
  spec.t0 = 1.2e9;
  spec.speeds_mps = testing::Speeds(3 * 3600, 9, 0.5, 120, 25);
  const std::string gps =
      dir.WriteFile("bus.gps.csv", testing::TrackCsv(testing::SyntheticTrack(spec))).string();
  const std::string report = dir.File("r.json").string();
  const CommandResult r =
      Minsense({"replay", "--gps", gps, "--emit", "window", "--report", report});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::vector<v1::ActivityUpdate> messages = ParseJsonl(r.stdout_text);
  EXPECT_GT(messages.size(), 300u);
  for (const v1::ActivityUpdate& m : messages) EXPECT_FALSE(m.has_cadence_spm());
  const google::protobuf::Struct ledger = ParseJson(ReadFile(report));
  EXPECT_EQ(NumberField(ledger, "messages_dropped"), 0);
  EXPECT_EQ(NumberField(ledger, "messages_out"), static_cast<double>(messages.size()));
  EXPECT_EQ(NumberField(ledger, "gps_fixes_in"), 3 * 3600 + 1);
  EXPECT_EQ(NumberField(ledger, "gps_windows"), static_cast<double>(messages.size()));
}

TEST(ReplayCliTest, SlowSensorsDropNoMessageWithEmitWindow) {
  // --emit window is one message per analysis window. A batch of samples or
  // fixes read from a slow sensor spans many windows (4096 samples at 10 Hz
  // are 200 windows, 256 fixes every 10 s are 85): the replay must poll
  // within every 64 windows, whatever the rate, or the pipeline drops them.
  TempDir dir;
  std::string csv = "t,x,y,z\n";
  for (int i = 0; i < 10000; ++i) {
    char row[96];
    std::snprintf(row, sizeof(row), "%.1f,%.3f,%.3f,%.3f\n", i / 10.0, 0.1 * std::sin(0.7 * i),
                  0.05 * std::cos(1.3 * i), 9.81 + 0.02 * std::sin(2.1 * i));
    csv += row;
  }
  const std::string accel = dir.WriteFile("slow.accel.csv", csv).string();
  testing::TrackSpec spec;
  spec.dt = 10;
  spec.speeds_mps = testing::Speeds(720, 9, 0.3);
  const std::string gps =
      dir.WriteFile("slow.gps.csv", testing::TrackCsv(testing::SyntheticTrack(spec))).string();
  const std::string report = dir.File("r.json").string();
  for (const std::vector<std::string>& input : std::vector<std::vector<std::string>>{
           {"--accel", accel}, {"--gps", gps}, {"--accel", accel, "--gps", gps}}) {
    std::vector<std::string> args = {"replay", "--emit", "window", "--report", report};
    args.insert(args.end(), input.begin(), input.end());
    const CommandResult r = Minsense(args);
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    const google::protobuf::Struct ledger = ParseJson(ReadFile(report));
    EXPECT_EQ(NumberField(ledger, "messages_dropped"), 0) << input[0];
    const double windows =
        NumberField(ledger, "windows") +
        (ledger.fields().contains("gps_windows") ? NumberField(ledger, "gps_windows") : 0.0);
    EXPECT_GT(windows, 80) << input[0];
    EXPECT_EQ(NumberField(ledger, "messages_out"), windows) << input[0];
    EXPECT_EQ(static_cast<double>(CountLines(r.stdout_text)), windows) << input[0];
  }
}

TEST(ReplayCliTest, GUnitsMatchTheSameRecordingInMetersPerSecondSquared) {
  // Rewrite the jogging sample in g; the messages must not change.
  TempDir dir;
  std::string g_text = "t,x,y,z\n";
  const std::vector<std::string> lines = SplitLines(ReadFile(JogSample()));
  for (size_t i = 1; i < lines.size(); ++i) {
    double t = 0, x = 0, y = 0, z = 0;
    ASSERT_EQ(std::sscanf(lines[i].c_str(), "%lf,%lf,%lf,%lf", &t, &x, &y, &z), 4);
    char row[128];
    std::snprintf(row, sizeof(row), "%.17g,%.9g,%.9g,%.9g\n", t, x / 9.80665, y / 9.80665,
                  z / 9.80665);
    g_text += row;
  }
  const std::string g_file = dir.WriteFile("jog_g.accel.csv", g_text).string();
  const CommandResult mps2 = Minsense({"replay", "--accel", JogSample(), "--emit", "window"});
  const CommandResult g =
      Minsense({"replay", "--accel", g_file, "--accel-units", "g", "--emit", "window"});
  ASSERT_EQ(g.exit_code, 0) << g.stderr_text;
  EXPECT_FALSE(g.stdout_text.empty());
  EXPECT_EQ(g.stdout_text, mps2.stdout_text);
}

TEST(ReplayCliTest, BadRowsAreCountedAndNeverEchoed) {
  TempDir dir;
  // A real recording with planted bad rows: malformed, non-finite, absurd.
  std::string text = ReadFile(JogSample());
  text += "40,123.456789,abc\n";
  text += "40.02,123.456789;1;2\n";
  text += "40.04,nan,123.456789,1\n";
  text += "40.06,123456789,1,1\n";
  text += "40.08,inf,1,1\n";
  text += "123.456789,1,2,3,4\n";
  const std::string csv = dir.WriteFile("planted.accel.csv", text).string();
  const std::string report = dir.File("ledger.json").string();
  for (const char* format : {"jsonl", "text", "binary"}) {
    const CommandResult r =
        Minsense({"replay", "--accel", csv, "--report", "-", "--format", format});
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    EXPECT_EQ(r.stderr_text.find(kPlantedValue), std::string::npos) << r.stderr_text;
    EXPECT_EQ(r.stdout_text.find(kPlantedValue), std::string::npos);
    const google::protobuf::Struct ledger = ParseJson(r.stderr_text);
    const google::protobuf::Struct& rejected = ledger.fields().at("rejected").struct_value();
    EXPECT_EQ(rejected.fields().at("malformed_row").number_value(), 3) << r.stderr_text;
    EXPECT_GE(rejected.fields().at("non_finite").number_value(), 2) << r.stderr_text;
  }
  // A planted value in a header must not be echoed either.
  const std::string header = dir.WriteFile("header.accel.csv", "123.456789,1,2,3\n").string();
  const CommandResult r = Minsense({"replay", "--accel", header, "--report", "-"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stderr_text.find(kPlantedValue), std::string::npos) << r.stderr_text;
}

}  // namespace
}  // namespace minsense
