// corpus_data.h: access to the real recordings for accuracy tests.
//
// The corpora live in MINSENSE_DATA_DIR (default ../shared/data beside the
// source tree). Without them a test skips with a message; with
// MINSENSE_REQUIRE_DATA=1 (set by .ci/run) it fails instead.
//
//   TEST(X, Y) {
//     MINSENSE_REQUIRE_CORPUS("oxford-steps");
//     const auto* m = minsense::testing::EvaluateCached({"oxford-steps"});
//   }
#ifndef MINSENSE_TESTS_SUPPORT_CORPUS_DATA_H_
#define MINSENSE_TESTS_SUPPORT_CORPUS_DATA_H_

#include <string>
#include <vector>

#include "tools/eval/corpus_evaluator.h"

namespace minsense::testing {

// DataDir is the folder that holds the corpora.
std::string DataDir();

// DataRequired is true when missing data must fail the test.
bool DataRequired();

// CorpusPresent is true when DataDir()/name/manifest.csv exists.
bool CorpusPresent(const std::string& name);

// EvaluateCached replays the named corpora with `options` once per process
// (keyed by names and decimation rate) and returns their metrics, or nullptr
// after reporting a failure.
const std::vector<eval::RecordingMetrics>* EvaluateCached(
    const std::vector<std::string>& corpora,
    const eval::EvaluateOptions& options = eval::EvaluateOptions());

}  // namespace minsense::testing

// MINSENSE_REQUIRE_CORPUS skips (or fails, when data is required) the
// current test when the corpus is missing.
#define MINSENSE_REQUIRE_CORPUS(name)                                                              \
  do {                                                                                             \
    if (!::minsense::testing::CorpusPresent(name)) {                                               \
      if (::minsense::testing::DataRequired()) {                                                   \
        FAIL() << "corpus " << (name) << " missing under " << ::minsense::testing::DataDir();      \
      }                                                                                            \
      GTEST_SKIP() << "corpus " << (name) << " not found under " << ::minsense::testing::DataDir() \
                   << " (set MINSENSE_DATA_DIR to the recordings folder)";                         \
    }                                                                                              \
  } while (0)

#endif  // MINSENSE_TESTS_SUPPORT_CORPUS_DATA_H_
