// Determinism: the same input gives byte-identical output across runs and
// across thread counts. In the ThreadSanitizer build (scripts/ci_sanitizers.sh)
// this program is also the TSan test of the parallel EvaluateCorpora.
//
// A small corpus is built from the shipped samples (data/sample/) so that the
// tests always run; the CLI test also uses ../shared/data (MINSENSE_DATA_DIR)
// when it is there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/gps_track.h"
#include "tests/support/test_support.h"
#include "tools/eval/corpus_evaluator.h"

namespace minsense {
namespace {

using ::minsense::testing::CommandResult;
using ::minsense::testing::TempDir;

std::string DataDir() {
  if (const char* dir = std::getenv("MINSENSE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return testing::SourceDir().string() + "/../shared/data";
}

// WriteSampleCorpus writes a manifest that lists each shipped sample three
// times (six recordings) into `dir`; returns the corpus folder.
std::string WriteSampleCorpus(const TempDir& dir) {
  const std::filesystem::path sample = testing::SourceDir() / "data/sample";
  const std::filesystem::path corpus = dir.path() / "samples";
  std::filesystem::create_directories(corpus / "rec");
  std::filesystem::copy_file(sample / "walk_frontpocket_oxford.accel.csv",
                             corpus / "rec/walk.accel.csv");
  std::filesystem::copy_file(sample / "jog_frontpocket_motionsense.accel.csv",
                             corpus / "rec/jog.accel.csv");
  std::string manifest =
      "id,dataset,subject,device,position,activity,detail,rate_hz,rate_note,duration_s,steps_gt,"
      "cadence_spm_gt,files\n";
  for (int copy = 0; copy < 3; ++copy) {
    const std::string n = std::to_string(copy);
    manifest += "walk-" + n + ",samples,s" + n +
                ",phone,front_pocket,walking,walking,,,60,,,rec/walk.accel.csv\n";
    manifest += "jog-" + n + ",samples,s" + n +
                ",phone,front_pocket,running,jogging,50,,60,,,rec/jog.accel.csv\n";
  }
  testing::WriteFile(corpus / "manifest.csv", manifest);
  return corpus.string();
}

std::string EvaluateToJson(const std::vector<std::string>& dirs, int threads) {
  eval::EvaluateOptions options;
  options.threads = threads;
  auto metrics = eval::EvaluateCorpora(dirs, options);
  EXPECT_TRUE(metrics.ok()) << metrics.status().ToString();
  if (!metrics.ok()) return "";
  return eval::FormatJson(eval::Summarise(*metrics), *metrics);
}

// RunEvalWithOneAndTwoThreads runs `args` (a minsense eval command line) with --threads 1 and then
// --threads 2, each within 10 minutes.
std::pair<CommandResult, CommandResult> RunEvalWithOneAndTwoThreads(
    const std::vector<std::string>& args) {
  std::vector<std::string> one = args;
  one.insert(one.end(), {"--threads", "1"});
  std::vector<std::string> two = args;
  two.insert(two.end(), {"--threads", "2"});
  return {testing::RunCommand(one, 600), testing::RunCommand(two, 600)};
}

TEST(EvalDeterminismTest, EvaluateCorporaIsIndependentOfThreadCount) {
  TempDir dir;
  const std::vector<std::string> dirs = {WriteSampleCorpus(dir)};
  const std::string one = EvaluateToJson(dirs, 1);
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, EvaluateToJson(dirs, 2));
  EXPECT_EQ(one, EvaluateToJson(dirs, 2));  // And across runs.
}

TEST(EvalDeterminismTest, EvalJsonIsByteIdenticalWithOneAndTwoThreads) {
  TempDir dir;
  std::vector<std::string> args = {testing::MinsenseBinary().string(), "eval", "--json", "--corpus",
                                   WriteSampleCorpus(dir)};
  for (const char* corpus : {"motionsense", "sisfall"}) {
    const std::string path = DataDir() + "/" + corpus;
    if (std::filesystem::exists(path + "/manifest.csv")) args.push_back(path);
  }
  const auto [a, b] = RunEvalWithOneAndTwoThreads(args);
  ASSERT_EQ(a.exit_code, 0) << a.stderr_text;
  ASSERT_EQ(b.exit_code, 0) << b.stderr_text;
  EXPECT_GT(a.stdout_text.size(), 100u);
  EXPECT_TRUE(a.stdout_text == b.stdout_text) << "eval --json differs between 1 and 2 threads";
}

TEST(EvalDeterminismTest, EvalWithAGpsCorpusIsByteIdenticalWithOneAndTwoThreads) {
  // The GPS corpus's recordings and folds share one set of jobs with the
  // accelerometer replays; neither the figures nor their order may move.
  TempDir dir;
  const std::string gps = testing::WriteGpsCorpus(dir.path() / "gps", 6);
  const std::string samples = WriteSampleCorpus(dir);
  for (const std::vector<std::string>& corpora :
       std::vector<std::vector<std::string>>{{gps, samples}, {samples, gps}, {gps}}) {
    for (bool json : {true, false}) {
      std::vector<std::string> args = {testing::MinsenseBinary().string(), "eval", "--corpus"};
      args.insert(args.end(), corpora.begin(), corpora.end());
      if (json) args.push_back("--json");
      const auto [a, b] = RunEvalWithOneAndTwoThreads(args);
      ASSERT_EQ(a.exit_code, 0) << a.stderr_text;
      ASSERT_EQ(b.exit_code, 0) << b.stderr_text;
      EXPECT_NE(a.stdout_text.find("gps"), std::string::npos);
      if (corpora.size() > 1) {
        EXPECT_NE(a.stdout_text.find("samples"), std::string::npos);
      }
      EXPECT_TRUE(a.stdout_text == b.stdout_text)
          << "eval differs between 1 and 2 threads, json " << json << "\n"
          << a.stdout_text << "\n"
          << b.stdout_text;
    }
  }
}

TEST(EvalDeterminismTest, EvalReportsTheFirstErrorInCorpusOrderWhateverTheThreadCount) {
  TempDir dir;
  const std::string gps = testing::WriteGpsCorpus(dir.path() / "gps", 6);
  const std::string samples = WriteSampleCorpus(dir);
  const std::filesystem::path missing_gps = std::filesystem::path(gps) / "rec/syn3-walk.gps.csv";
  const std::filesystem::path missing_accel = std::filesystem::path(samples) / "rec/jog.accel.csv";
  struct Case {
    std::vector<std::string> corpora;
    bool remove_gps, remove_accel;
    std::string expected;  // In the error message.
    bool gps_table;        // The GPS table is printed before the error.
  };
  const std::vector<Case> cases = {
      {{samples, gps}, true, true, "syn3-walk.gps.csv", false},
      {{gps, samples}, false, true, "jog.accel.csv", true},
      {{gps, (dir.path() / "absent").string(), samples}, false, false, "absent/manifest.csv", true},
      {{(dir.path() / "absent").string(), gps}, false, false, "absent/manifest.csv", false},
  };
  for (const Case& c : cases) {
    // Put the files back, then take away this case's.
    testing::WriteGpsCorpus(dir.path() / "gps", 6);
    std::filesystem::copy_file(
        testing::SourceDir() / "data/sample/jog_frontpocket_motionsense.accel.csv", missing_accel,
        std::filesystem::copy_options::overwrite_existing);
    if (c.remove_gps) std::filesystem::remove(missing_gps);
    if (c.remove_accel) std::filesystem::remove(missing_accel);
    std::string first_stderr;
    for (const char* threads : {"1", "2"}) {
      std::vector<std::string> args = {testing::MinsenseBinary().string(), "eval", "--corpus"};
      args.insert(args.end(), c.corpora.begin(), c.corpora.end());
      args.insert(args.end(), {"--threads", threads});
      const CommandResult r = testing::RunCommand(args, 600);
      EXPECT_NE(r.exit_code, 0);
      EXPECT_NE(r.stderr_text.find(c.expected), std::string::npos) << r.stderr_text;
      EXPECT_EQ(r.stdout_text.find("GPS-only transport mode") != std::string::npos, c.gps_table)
          << r.stdout_text;
      if (first_stderr.empty()) {
        first_stderr = r.stderr_text;
      } else {
        EXPECT_EQ(r.stderr_text, first_stderr);
      }
    }
  }
}

TEST(EvalDeterminismTest, ReplayMessagesAreByteIdenticalAcrossRuns) {
  const std::string walk =
      (testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv").string();
  for (const char* emit : {"window", "change"}) {
    const std::vector<std::string> argv = {testing::MinsenseBinary().string(),
                                           "replay",
                                           "--accel",
                                           walk,
                                           "--emit",
                                           emit,
                                           "--format",
                                           "binary",
                                           "--report",
                                           "-"};
    const CommandResult first = testing::RunCommand(argv);
    const CommandResult second = testing::RunCommand(argv);
    ASSERT_EQ(first.exit_code, 0) << first.stderr_text;
    EXPECT_FALSE(first.stdout_text.empty());
    EXPECT_TRUE(first.stdout_text == second.stdout_text) << emit;
    EXPECT_EQ(first.stderr_text, second.stderr_text) << emit;  // The ledger.
  }
}

}  // namespace
}  // namespace minsense
