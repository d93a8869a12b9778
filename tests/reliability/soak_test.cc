// Soak: 24 hours of stream time through one Pipeline object.
//
// The stream splices real recordings (../shared/data, MINSENSE_DATA_DIR; the
// shipped data/sample recordings when it is missing) with gaps (none, 2 s,
// 30 s, 10 min) and still periods (1 to 30 min of a phone lying still, at 25,
// 50 or 100 Hz), generated on the fly from a fixed seed. It checks that
//   * after creation nothing is allocated, however long the stream
//     (a counting allocator, tests/kernels/allocation_counter.h),
//   * the ledger adds up: samples_in == pushed == accepted + rejected, no
//     message dropped,
//   * the output (every egress message's bytes, and the ledger) is the same
//     whether the stream is pushed in batches of 4096, one sample at a time
//     or in random splits.
// The figures are printed for the closing note. MINSENSE_SOAK_HOURS shortens
// (or lengthens) the stream; the sanitizer build runs it shorter.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/pipeline.h"
#include "tests/kernels/allocation_counter.h"
#include "tests/support/test_support.h"

namespace minsense {
namespace {

std::string DataDir() {
  if (const char* dir = std::getenv("MINSENSE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return testing::SourceDir().string() + "/../shared/data";
}

double SoakHours() {
  if (const char* h = std::getenv("MINSENSE_SOAK_HOURS"); h != nullptr && *h != '\0') {
    return std::atof(h);
  }
  return 24.0;
}

std::vector<AccelSample> ReadRecording(const std::filesystem::path& path) {
  std::vector<AccelSample> samples;
  auto opened = AccelCsvReader::Open(path.string(), AccelUnits::kMetersPerSecondSquared);
  if (!opened.ok()) return samples;
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
  std::vector<AccelSample> batch(4096);
  for (;;) {
    StatusOr<size_t> n = reader->ReadBatch(batch);
    if (!n.ok() || *n == 0) break;
    samples.insert(samples.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  return samples;
}

// Recordings loads up to `per_corpus` recordings of a few corpora, or the
// shipped samples when the recordings are not there.
std::vector<std::vector<AccelSample>> Recordings(std::string* source) {
  std::vector<std::vector<AccelSample>> recordings;
  constexpr size_t kPerCorpus = 8;
  for (const char* corpus : {"motionsense", "oxford-steps", "sisfall", "hugadb-thigh"}) {
    const std::filesystem::path rec = std::filesystem::path(DataDir()) / corpus / "rec";
    if (!std::filesystem::is_directory(rec)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(rec)) {
      if (entry.path().string().ends_with(".accel.csv")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    // Spread the picks over the corpus (activities are grouped by name).
    for (size_t i = 0; i < kPerCorpus && !files.empty(); ++i) {
      std::vector<AccelSample> samples = ReadRecording(files[i * files.size() / kPerCorpus]);
      if (samples.size() > 100) recordings.push_back(std::move(samples));
    }
  }
  *source = DataDir();
  if (recordings.empty()) {
    *source = "data/sample";
    for (const char* name :
         {"walk_frontpocket_oxford.accel.csv", "jog_frontpocket_motionsense.accel.csv"}) {
      recordings.push_back(ReadRecording(testing::SourceDir() / "data/sample" / name));
    }
  }
  return recordings;
}

// Segment is one piece of the spliced stream: a recording shifted to start
// at `start_seconds`, or (recording < 0) a still period.
struct Segment {
  int recording = -1;
  double start_seconds = 0;
  double still_seconds = 0;
  double still_rate_hz = 0;
};

std::vector<Segment> Plan(const std::vector<std::vector<AccelSample>>& recordings, double hours,
                          uint32_t seed) {
  std::vector<Segment> plan;
  std::mt19937 rng(seed);
  constexpr double kGaps[] = {0.0, 2.0, 30.0, 600.0};
  constexpr double kStillRates[] = {25.0, 50.0, 100.0};
  double t = 0;
  while (t < hours * 3600) {
    const int r = static_cast<int>(rng() % recordings.size());
    const std::vector<AccelSample>& rec = recordings[static_cast<size_t>(r)];
    plan.push_back({r, t, 0, 0});
    t += rec.back().t_seconds - rec.front().t_seconds + 0.02 + kGaps[rng() % 4];
    const double still = 60.0 + static_cast<double>(rng() % 1740);
    const double rate = kStillRates[rng() % 3];
    plan.push_back({-1, t, still, rate});
    t += still + kGaps[rng() % 4] + 0.02;
  }
  return plan;
}

// Stream produces the planned samples in order, without allocating.
class Stream {
 public:
  Stream(const std::vector<std::vector<AccelSample>>& recordings, const std::vector<Segment>& plan)
      : recordings_(recordings), plan_(plan) {}

  // Fill writes up to out.size() samples and returns how many (0: the end).
  size_t Fill(std::span<AccelSample> out) {
    size_t n = 0;
    while (n < out.size() && segment_ < plan_.size()) {
      const Segment& s = plan_[segment_];
      if (s.recording >= 0) {
        const std::vector<AccelSample>& rec = recordings_[static_cast<size_t>(s.recording)];
        if (index_ >= rec.size()) {
          NextSegment();
          continue;
        }
        AccelSample sample = rec[index_++];
        sample.t_seconds = s.start_seconds + (sample.t_seconds - rec.front().t_seconds);
        out[n++] = sample;
      } else {
        const double dt = static_cast<double>(index_) / s.still_rate_hz;
        if (dt >= s.still_seconds) {
          NextSegment();
          continue;
        }
        ++index_;
        out[n++] =
            AccelSample{s.start_seconds + dt, 0.12f + Noise(), 0.31f + Noise(), 9.79f + Noise()};
      }
    }
    return n;
  }

 private:
  void NextSegment() {
    ++segment_;
    index_ = 0;
  }
  // Noise: sensor noise of a still phone, +-0.04 m/s^2 (an LCG: no state
  // beyond one word, no allocation).
  float Noise() {
    lcg_ = lcg_ * 1664525u + 1013904223u;
    return (static_cast<float>(lcg_ >> 8) / 16777216.0f - 0.5f) * 0.08f;
  }

  const std::vector<std::vector<AccelSample>>& recordings_;
  const std::vector<Segment>& plan_;
  size_t segment_ = 0;
  size_t index_ = 0;
  uint32_t lcg_ = 12345u;
};

// SoakResult is what one pass leaves behind.
struct SoakResult {
  uint64_t pushed = 0;
  uint64_t messages = 0;
  uint64_t message_hash = 1469598103934665603ull;  // FNV-1a of every message's bytes.
  int allocations = -1;
  Ledger ledger;
  double wall_seconds = 0;
};

enum class Split { kFixed4096, kOneByOne, kRandom };

SoakResult RunSoak(const std::vector<std::vector<AccelSample>>& recordings,
                   const std::vector<Segment>& plan, Split split) {
  SoakResult result;
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  EXPECT_TRUE(created.ok());
  if (!created.ok()) return result;
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();
  Stream stream(recordings, plan);
  std::vector<AccelSample> batch(4096);
  std::mt19937 rng(99);
  v1::ActivityUpdate update;
  std::array<uint8_t, 64> bytes{};
  const auto start = std::chrono::steady_clock::now();
  {
    testing::ScopedAllocationCounter counter;
    for (;;) {
      size_t want = batch.size();
      if (split == Split::kOneByOne) want = 1;
      if (split == Split::kRandom) want = 1 + rng() % batch.size();
      const size_t n = stream.Fill(std::span(batch).first(want));
      if (n == 0) break;
      result.pushed += n;
      if (split == Split::kOneByOne) {
        pipeline->PushAccel(batch[0]);
      } else {
        pipeline->PushAccel(std::span<const AccelSample>(batch.data(), n));
      }
      while (pipeline->Poll(&update)) {
        const int size = static_cast<int>(update.ByteSizeLong());
        update.SerializeToArray(bytes.data(), static_cast<int>(bytes.size()));
        for (int i = 0; i < size; ++i) {
          result.message_hash =
              (result.message_hash ^ bytes[static_cast<size_t>(i)]) * 1099511628211ull;
        }
        result.message_hash = (result.message_hash ^ 0xff) * 1099511628211ull;
        ++result.messages;
      }
    }
    result.allocations = counter.count();
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.ledger = pipeline->ledger();
  return result;
}

// RssKilobytes is VmRSS of this process (0 when /proc is missing).
long RssKilobytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

TEST(SoakTest, DayLongStreamThroughOnePipeline) {
  std::string source;
  const std::vector<std::vector<AccelSample>> recordings = Recordings(&source);
  ASSERT_FALSE(recordings.empty());
  const double hours = SoakHours();
  const std::vector<Segment> plan = Plan(recordings, hours, 2024);
  const uint64_t gaps = plan.size() - 1;  // At most one gap between segments.

  const long rss_before = RssKilobytes();
  const SoakResult fixed = RunSoak(recordings, plan, Split::kFixed4096);
  const long rss_after = RssKilobytes();
  const SoakResult single = RunSoak(recordings, plan, Split::kOneByOne);
  const SoakResult random = RunSoak(recordings, plan, Split::kRandom);

  const Ledger& l = fixed.ledger;
  std::printf(
      "soak: %.1f h of stream from %zu recordings (%s) in %zu segments\n"
      "soak: %llu samples, %llu accepted, %llu rejected, %.1f h accepted, %llu gap resets,\n"
      "soak: %llu windows, %llu messages (%llu bytes), %llu dropped, %llu steps\n"
      "soak: %d allocations after creation (per pass: %d, %d, %d); RSS %ld -> %ld kB\n"
      "soak: wall %.2f s (batches of 4096), %.2f s (one by one), %.2f s (random splits)\n",
      hours, recordings.size(), source.c_str(), plan.size(),
      static_cast<unsigned long long>(l.samples_in),
      static_cast<unsigned long long>(l.samples_accepted),
      static_cast<unsigned long long>(l.rejected_total()), l.seconds_accepted / 3600,
      static_cast<unsigned long long>(l.gap_resets), static_cast<unsigned long long>(l.windows),
      static_cast<unsigned long long>(l.messages_out), static_cast<unsigned long long>(l.bytes_out),
      static_cast<unsigned long long>(l.messages_dropped), static_cast<unsigned long long>(l.steps),
      fixed.allocations + single.allocations + random.allocations, fixed.allocations,
      single.allocations, random.allocations, rss_before, rss_after, fixed.wall_seconds,
      single.wall_seconds, random.wall_seconds);

  // Memory: nothing allocated after creation, however long the stream.
  EXPECT_EQ(fixed.allocations, 0);
  EXPECT_EQ(single.allocations, 0);
  EXPECT_EQ(random.allocations, 0);

  // The books balance.
  EXPECT_EQ(l.samples_in, fixed.pushed);
  EXPECT_EQ(l.samples_in, l.samples_accepted + l.rejected_total());
  EXPECT_EQ(l.messages_dropped, 0u);
  EXPECT_GE(l.seconds_accepted, 0.5 * hours * 3600);
  EXPECT_GE(l.gap_resets, 1u);
  EXPECT_LE(l.gap_resets, gaps);
  EXPECT_GT(l.windows, static_cast<uint64_t>(hours * 3600 / 2 / 2));
  EXPECT_GT(l.messages_out, 0u);
  EXPECT_EQ(l.messages_out, fixed.messages);

  // Batch splits change nothing.
  for (const SoakResult* other : {&single, &random}) {
    EXPECT_EQ(other->pushed, fixed.pushed);
    EXPECT_EQ(other->messages, fixed.messages);
    EXPECT_EQ(other->message_hash, fixed.message_hash);
    EXPECT_EQ(LedgerToJson(other->ledger), LedgerToJson(fixed.ledger));
  }
}

}  // namespace
}  // namespace minsense
