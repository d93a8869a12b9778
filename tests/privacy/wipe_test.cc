// Promise 2: every buffer that holds raw samples is zeroed when it is
// released: on Reset, at the end of a stream (Finish), on destruction, and
// (copies made while a window is computed, the batch queue) once used.
// Destruction is checked at the moment of free() (allocation_counter.h
// snapshots the watched block), so nothing is read after it is freed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/gps_fix.h"
#include "pipeline/pipeline.h"
#include "tests/kernels/allocation_counter.h"
#include "tests/support/test_support.h"
#include "tools/zeroing_sample_buffer.h"

namespace minsense {
namespace {

constexpr float kPlanted = 123.456789f;

std::unique_ptr<Pipeline> NewPipeline() {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  EXPECT_TRUE(created.ok());
  return std::move(created).value();
}

// PushWalk pushes `seconds` of a synthetic walk at 50 Hz and, last, one
// sample with the planted value on the x axis.
void PushWalk(Pipeline& p, double seconds) {
  const int n = static_cast<int>(seconds * 50);
  for (int i = 0; i < n; ++i) {
    const double t = i / 50.0;
    p.PushAccel(
        AccelSample{t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 2 * t)), 0.3f});
  }
  p.PushAccel(AccelSample{n / 50.0, kPlanted, 9.81f, 0.3f});
}

bool AllZero(std::span<const float> s) {
  return std::all_of(s.begin(), s.end(), [](float v) { return v == 0.0f; });
}

bool AnyNonZero(const std::vector<std::span<const float>>& spans) {
  for (auto s : spans) {
    if (!AllZero(s)) return true;
  }
  return false;
}

// Contains: whether the bytes of `value` occur in `bytes`.
template <typename T>
bool Contains(std::span<const unsigned char> bytes, T value) {
  unsigned char pattern[sizeof(T)];
  std::memcpy(pattern, &value, sizeof(T));
  return std::search(bytes.begin(), bytes.end(), std::begin(pattern), std::end(pattern)) !=
         bytes.end();
}

TEST(WipeTest, ResetAndFinishZeroTheWindowsAndAreCounted) {
  auto p = NewPipeline();
  PushWalk(*p, 20);
  ASSERT_TRUE(AnyNonZero(p->raw_storage_for_testing()));
  EXPECT_FALSE(p->ledger().raw_buffers_clear);
  p->Reset();
  for (auto s : p->raw_storage_for_testing()) EXPECT_TRUE(AllZero(s));
  EXPECT_EQ(p->ledger().raw_wipes, 1u);
  EXPECT_TRUE(p->ledger().raw_buffers_clear);

  PushWalk(*p, 20);
  ASSERT_TRUE(AnyNonZero(p->raw_storage_for_testing()));
  const uint64_t wipes = p->ledger().raw_wipes;
  p->Finish();
  for (auto s : p->raw_storage_for_testing()) EXPECT_TRUE(AllZero(s));
  EXPECT_EQ(p->ledger().raw_wipes, wipes + 1);
  EXPECT_TRUE(p->ledger().raw_buffers_clear);
  EXPECT_GT(p->ledger().raw_bytes_wiped, 0u);
}

TEST(WipeTest, FinishForgetsTheLastRawSampleEverywhere) {
  auto p = NewPipeline();
  PushWalk(*p, 20);
  // The resampler keeps the last sample (as double), the ingest guard the
  // previous values (as float): the planted value is in the state now...
  const auto state = p->state_for_testing();
  ASSERT_TRUE(Contains(state, static_cast<double>(kPlanted)) || Contains(state, kPlanted));
  p->Finish();
  // ...and nowhere after Finish.
  EXPECT_FALSE(Contains(p->state_for_testing(), static_cast<double>(kPlanted)));
  EXPECT_FALSE(Contains(p->state_for_testing(), kPlanted));
}

bool AllZeroBytes(std::span<const std::byte> s) {
  return std::all_of(s.begin(), s.end(), [](std::byte b) { return b == std::byte{0}; });
}

// Between calls, the two sliding windows are the only raw-derived samples held: the copy a
// window's features are computed from, its autocorrelation and the batch queue are zeroed as
// soon as they are used, so that they never hold samples older than the windows'.
TEST(WipeTest, TransientCopiesAreZeroBetweenCalls) {
  std::vector<AccelSample> walk;
  for (int i = 0; i < 100 * 30; ++i) {
    const double t = i / 100.0 + 0.003 * std::sin(i);  // Jittered 100 Hz.
    walk.push_back(AccelSample{t, 0.5f + 0.1f * static_cast<float>(std::cos(7 * t)),
                               9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 1.8 * t)),
                               0.3f});
  }
  for (const size_t chunk : {size_t{1}, size_t{37}, size_t{500}}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    auto p = NewPipeline();
    int calls_checked = 0;
    for (size_t start = 0; start < walk.size(); start += chunk) {
      const std::span<const AccelSample> part =
          std::span(walk).subspan(start, std::min(chunk, walk.size() - start));
      if (chunk == 1) {
        p->PushAccel(part[0]);
      } else {
        p->PushAccel(part);
      }
      const auto transient = p->transient_raw_storage_for_testing();
      ASSERT_EQ(transient.size(), 7u);
      for (size_t b = 0; b < transient.size(); ++b) {
        ASSERT_TRUE(AllZeroBytes(transient[b])) << "block " << b << " after sample " << start;
      }
      ++calls_checked;
    }
    EXPECT_GT(p->ledger().windows, 10u);  // Windows were computed from these buffers...
    EXPECT_TRUE(AnyNonZero(p->raw_storage_for_testing()));  // ...and the windows hold data.
    EXPECT_GT(calls_checked, 5);
  }
}

// One sample at a time, part of each internal-rate sample's work waits for the next window or
// a block (MotionAnalyzer::ProcessInternalSample): its |a| is in the magnitude window, while
// the gait window has not taken it yet. The gait window's slots those samples will take hold
// samples that have left the magnitude window, so they are zeroed at once: the two windows
// together never hold a sample older than one window.
TEST(WipeTest, LaggingGaitWindowHoldsNothingOlderThanTheWindow) {
  auto p = NewPipeline();
  bool saw_lag = false;
  for (int i = 0; i < 100 * 40; ++i) {
    const double t = i / 100.0;
    const uint64_t windows_before = p->ledger().windows;
    p->PushAccel(AccelSample{t, 0.5f + 0.1f * static_cast<float>(std::cos(7 * t)),
                             9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 1.8 * t)),
                             0.3f});
    if (p->ledger().windows < 2) continue;  // Both windows full and wrapped around.
    const auto windows = p->raw_storage_for_testing();
    const auto zeros = [](std::span<const float> s) {
      return std::count(s.begin(), s.end(), 0.0f);
    };
    ASSERT_EQ(zeros(windows[0]), 0) << "magnitude window, sample " << i;
    const auto lag = zeros(windows[1]);  // Slots of the gait window still to be taken.
    if (p->ledger().windows > windows_before) {
      ASSERT_EQ(lag, 0) << "a window takes every deferred sample, sample " << i;
    }
    ASSERT_LE(lag, 64) << "sample " << i;
    saw_lag = saw_lag || lag > 0;
  }
  EXPECT_TRUE(saw_lag);
}

TEST(WipeTest, DestructionZeroesWindowsAndStateBeforeFreeing) {
  // Every raw-derived block of the hook (the windows, the feature copy, the autocorrelation),
  // then the pipeline's own state object.
  const size_t blocks = NewPipeline()->raw_storage_for_testing().size() + 1;
  for (size_t block = 0; block < blocks; ++block) {
    auto p = NewPipeline();
    PushWalk(*p, 20);
    const auto windows = p->raw_storage_for_testing();
    ASSERT_TRUE(AnyNonZero(windows));
    const auto state = p->state_for_testing();
    const bool is_window = block < windows.size();
    const void* watched = is_window ? static_cast<const void*>(windows[block].data())
                                    : static_cast<const void*>(state.data());
    const size_t bytes = is_window ? windows[block].size_bytes() : state.size();
    testing::ScopedFreeSnapshot snapshot(watched, bytes);
    p.reset();
    ASSERT_TRUE(snapshot.captured()) << "block " << block;
    if (is_window) {
      EXPECT_TRUE(snapshot.all_zero()) << "window " << block;
    } else {
      const std::span<const unsigned char> freed(testing::internal::g_snapshot.data(), bytes);
      EXPECT_FALSE(Contains(freed, static_cast<double>(kPlanted)));
      EXPECT_FALSE(Contains(freed, kPlanted));
    }
  }
}

TEST(WipeTest, CsvReaderBufferIsZeroAtDestruction) {
  testing::TempDir dir;
  std::string text = "t,x,y,z\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i * 0.02) + ",123.456789,1,2\n";
  const auto path = dir.WriteFile("planted.accel.csv", text);
  auto opened = AccelCsvReader::Open(path.string(), AccelUnits::kMetersPerSecondSquared);
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
  std::vector<AccelSample> batch(100);
  ASSERT_TRUE(reader->ReadBatch(batch).ok());
  const auto buffer = reader->buffer_for_testing();
  ASSERT_NE(std::string_view(buffer.data(), buffer.size()).find("123.456789"),
            std::string_view::npos);
  // The first 64 KiB of the buffer (all of the text here) are captured at free.
  testing::ScopedFreeSnapshot snapshot(buffer.data(), buffer.size());
  reader.reset();  // No Close(): the destructor must wipe.
  ASSERT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
}

TEST(WipeTest, CliBatchBufferIsZeroAtDestruction) {
  auto buffer = std::make_unique<tools::ZeroingSampleBuffer<AccelSample>>(256);
  for (AccelSample& s : buffer->span()) s = AccelSample{1.0, kPlanted, kPlanted, kPlanted};
  const auto span = buffer->span();
  testing::ScopedFreeSnapshot snapshot(span.data(), span.size_bytes());
  buffer.reset();
  ASSERT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
}

TEST(WipeTest, CliGpsBatchBufferIsZeroAtDestruction) {
  auto buffer = std::make_unique<tools::ZeroingSampleBuffer<GpsFix>>(256);
  for (GpsFix& f : buffer->span()) {
    f = GpsFix{};
    f.t_seconds = 1.0;
    f.latitude_deg = kPlanted;
    f.longitude_deg = kPlanted;
  }
  const auto span = buffer->span();
  testing::ScopedFreeSnapshot snapshot(span.data(), span.size_bytes());
  buffer.reset();
  ASSERT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
}

TEST(WipeTest, ReplayWritesNothingRawToDisk) {
  // The CLI writes only to stdout, stderr and --report; the report holds
  // counts. Replaying a planted file into a fresh folder leaves only the
  // report there, without the planted value.
  testing::TempDir dir;
  std::string text = "t,x,y,z\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i * 0.02) + ",123.456789,1,2\n";
  const auto csv = dir.WriteFile("in.accel.csv", text);
  testing::TempDir out;
  const auto report = out.File("ledger.json");
  const auto r = testing::RunCommand({testing::MinsenseBinary().string(), "replay", "--accel",
                                      csv.string(), "--report", report.string()});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    ++files;
    EXPECT_EQ(testing::ReadFile(entry.path()).find("123.456"), std::string::npos);
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(r.stdout_text.find("123.456"), std::string::npos);
}

}  // namespace
}  // namespace minsense
