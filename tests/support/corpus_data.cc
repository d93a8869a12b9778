#include "tests/support/corpus_data.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <utility>

#include "tests/support/test_support.h"

namespace minsense::testing {

std::string DataDir() {
  if (const char* dir = std::getenv("MINSENSE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return SourceDir().string() + "/../shared/data";
}

bool DataRequired() {
  const char* v = std::getenv("MINSENSE_REQUIRE_DATA");
  return v != nullptr && std::string(v) == "1";
}

bool CorpusPresent(const std::string& name) {
  return std::filesystem::exists(DataDir() + "/" + name + "/manifest.csv");
}

const std::vector<eval::RecordingMetrics>* EvaluateCached(const std::vector<std::string>& corpora,
                                                          const eval::EvaluateOptions& options) {
  static std::mutex mutex;
  static std::map<std::pair<std::vector<std::string>, double>, std::vector<eval::RecordingMetrics>>
      cache;
  std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_pair(corpora, options.run.decimate_to_hz);
  if (auto it = cache.find(key); it != cache.end()) return &it->second;
  std::vector<std::string> dirs;
  for (const std::string& c : corpora) dirs.push_back(DataDir() + "/" + c);
  StatusOr<std::vector<eval::RecordingMetrics>> m = eval::EvaluateCorpora(dirs, options);
  if (!m.ok()) {
    ADD_FAILURE() << m.status().ToString();
    return nullptr;
  }
  std::cout << eval::FormatTable(eval::Summarise(*m));
  return &cache.emplace(key, std::move(m).value()).first->second;
}

}  // namespace minsense::testing
