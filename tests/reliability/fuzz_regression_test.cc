// Replays the fuzz seeds (tests/fuzz/corpus/<target>/) and every saved crash
// input (tests/fuzz/regressions/<target>/) through the fuzz target bodies in
// the normal build: an input that once broke an invariant must pass now.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

using TargetFn = int (*)(const uint8_t*, size_t);

// Inputs lists the files of corpus/<target> and regressions/<target>.
std::vector<std::filesystem::path> Inputs(const std::string& target) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = testing::SourceDir() / "tests/fuzz";
  for (const char* kind : {"corpus", "regressions"}) {
    const std::filesystem::path dir = root / kind / target;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  return files;
}

void ReplayAll(const std::string& target, TargetFn fn, size_t min_inputs) {
  const std::vector<std::filesystem::path> files = Inputs(target);
  EXPECT_GE(files.size(), min_inputs) << "seeds missing for " << target;
  for (const std::filesystem::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string bytes = testing::ReadFile(file);
    EXPECT_EQ(fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

TEST(FuzzRegressionTest, CsvReader) { ReplayAll("csv_reader", &fuzz::FuzzCsvReader, 5); }
TEST(FuzzRegressionTest, PolicyParser) { ReplayAll("policy_parser", &fuzz::FuzzPolicyParser, 5); }
TEST(FuzzRegressionTest, PushApi) { ReplayAll("push_api", &fuzz::FuzzPushApi, 3); }
TEST(FuzzRegressionTest, GpsCsvReader) { ReplayAll("gps_csv_reader", &fuzz::FuzzGpsCsvReader, 4); }

// Edge inputs that need no file.
TEST(FuzzRegressionTest, EmptyAndTinyInputs) {
  const uint8_t bytes[] = {0, 1, 2, 3, 0xff, '\n', ',', 0xA5};
  for (size_t n = 0; n <= sizeof(bytes); ++n) {
    EXPECT_EQ(fuzz::FuzzCsvReader(bytes, n), 0);
    EXPECT_EQ(fuzz::FuzzPolicyParser(bytes, n), 0);
    EXPECT_EQ(fuzz::FuzzPushApi(bytes, n), 0);
    EXPECT_EQ(fuzz::FuzzGpsCsvReader(bytes, n), 0);
  }
}

}  // namespace
}  // namespace minsense
