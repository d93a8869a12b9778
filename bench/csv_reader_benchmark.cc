// csv_reader_benchmark: throughput of AccelCsvReader on a canonical
// accelerometer CSV held in the page cache.
//
// The input is generated once, outside the timed loop, with a fixed seed and
// the number style of the corpora ("0.010065,1.902,6.813,5.346"), into a
// temporary file that is removed at exit. Goal: at least 200 MB/s.
//
//   build/bench/minsense_bench --benchmark_filter=ReadAccelCsv
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"

namespace minsense {
namespace {

// kRows: about 15 MB of text, far beyond the caches, like a half-hour
// recording at 200 Hz.
constexpr int kRows = 500000;

// SyntheticCsvFile writes the input once and removes it on destruction.
class SyntheticCsvFile {
 public:
  SyntheticCsvFile() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
    templ += "/minsense_bench_XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) {
      std::perror("mkstemp");
      std::abort();
    }
    ::close(fd);
    path_ = templ;

    std::mt19937 rng(12345);
    std::normal_distribution<double> dynamic(0.0, 3.0);
    std::uniform_real_distribution<double> jitter(-0.0005, 0.0005);
    std::string text = "t,x,y,z\n";
    text.reserve(static_cast<size_t>(kRows) * 32);
    char line[96];
    for (int i = 0; i < kRows; ++i) {
      const int n =
          std::snprintf(line, sizeof(line), "%.6f,%.4g,%.4g,%.4g\n", i * 0.01 + jitter(rng),
                        dynamic(rng), dynamic(rng), 9.80665 + dynamic(rng));
      text.append(line, static_cast<size_t>(n));
    }
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path_.c_str());
      std::abort();
    }
    bytes_ = text.size();
  }
  ~SyntheticCsvFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }
  size_t bytes() const { return bytes_; }

 private:
  std::string path_;
  size_t bytes_ = 0;
};

const SyntheticCsvFile& Input() {
  static const SyntheticCsvFile file;
  return file;
}

// BM_ReadAccelCsv: open, read every row in batches of state.range(0)
// samples, close (which wipes the buffer).
void BM_ReadAccelCsv(benchmark::State& state) {
  const SyntheticCsvFile& input = Input();
  std::vector<AccelSample> batch(static_cast<size_t>(state.range(0)));
  const AccelUnits units =
      state.range(1) != 0 ? AccelUnits::kStandardGravity : AccelUnits::kMetersPerSecondSquared;
  uint64_t rows = 0;
  for (auto _ : state) {
    auto opened = AccelCsvReader::Open(input.path(), units);
    if (!opened.ok()) {
      state.SkipWithError(opened.status().ToString().c_str());
      break;
    }
    AccelCsvReader& reader = **opened;
    for (;;) {
      StatusOr<size_t> n = reader.ReadBatch(batch);
      if (!n.ok() || *n == 0) break;
      benchmark::DoNotOptimize(batch.data());
    }
    rows += reader.rows();
    if (reader.malformed_rows() != 0) state.SkipWithError("malformed rows in synthetic input");
  }
  state.SetBytesProcessed(static_cast<int64_t>(input.bytes()) * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.counters["file_MB"] = static_cast<double>(input.bytes()) / 1e6;
}
BENCHMARK(BM_ReadAccelCsv)
    ->ArgNames({"batch", "g_units"})
    ->Args({256, 0})
    ->Args({4096, 0})
    ->Args({4096, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace minsense
