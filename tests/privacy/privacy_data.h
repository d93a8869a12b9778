// privacy_data.h: where the privacy tests find the real recordings
// (MINSENSE_DATA_DIR, default ../shared/data), and how they skip or fail
// without them (fail with MINSENSE_REQUIRE_DATA=1), after
// tests/accuracy/corpus_accuracy_test.cc.
#ifndef MINSENSE_TESTS_PRIVACY_PRIVACY_DATA_H_
#define MINSENSE_TESTS_PRIVACY_PRIVACY_DATA_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/test_support.h"

namespace minsense::testing {

inline std::string DataDir() {
  if (const char* dir = std::getenv("MINSENSE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return SourceDir().string() + "/../shared/data";
}

inline bool DataRequired() {
  const char* v = std::getenv("MINSENSE_REQUIRE_DATA");
  return v != nullptr && std::string(v) == "1";
}

}  // namespace minsense::testing

// REQUIRE_CORPUS skips the test (or fails it with MINSENSE_REQUIRE_DATA=1)
// when the named corpus is not under DataDir().
#define REQUIRE_CORPUS(name)                                                                   \
  do {                                                                                         \
    if (!std::filesystem::exists(::minsense::testing::DataDir() + "/" name "/manifest.csv")) { \
      if (::minsense::testing::DataRequired()) {                                               \
        FAIL() << "corpus " name " missing under " << ::minsense::testing::DataDir();          \
      }                                                                                        \
      GTEST_SKIP() << "corpus " name " not found under " << ::minsense::testing::DataDir()     \
                   << " (set MINSENSE_DATA_DIR to the recordings folder)";                     \
    }                                                                                          \
  } while (0)

#endif  // MINSENSE_TESTS_PRIVACY_PRIVACY_DATA_H_
