// Throughput, heap use, memory and latency of the whole accelerometer
// pipeline on a real recording, against a plain read of the same bytes in the
// same run, so the ratio holds on any machine.
//
// The recording is read once, before any timing: the first (sorted) oxford-steps
// `oxval-*.accel.csv` (~100 Hz) under MINSENSE_DATA_DIR (default
// <source>/../shared/data), else the shipped
// data/sample/walk_frontpocket_oxford.accel.csv (100 Hz). The benchmark label
// names the file. The 12.5, 50 and 400 Hz inputs are the same recording
// linearly interpolated onto those rates, also before timing. Every pipeline
// benchmark pushes one sample per PushAccel call, except the _Batch ones
// (100 Hz, and the 12.5, 50 and 400 Hz inputs), which push spans of kSensorBatch samples.
//
// Counters: allocs_per_sample (heap allocations per pushed sample after
// Create, counted by tests/kernels/allocation_counter.h, which wraps malloc so
// operator new and Eigen both count), state_bytes (Pipeline::state_bytes()).
// BM_Pipeline_WindowLatency times PushAccel of the sample that completes a
// window plus the Poll that takes its message.
//
//   build/bench/minsense_bench --benchmark_filter='Pipeline|MemoryRead'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/pipeline.h"
#include "tests/kernels/allocation_counter.h"

namespace minsense {
namespace {

struct Recording {
  std::string label;  // Which file, for the benchmark label.
  std::vector<AccelSample> samples;
};

std::vector<AccelSample> ReadAll(const std::string& path) {
  std::vector<AccelSample> out;
  auto opened = AccelCsvReader::Open(path, AccelUnits::kMetersPerSecondSquared);
  if (!opened.ok()) return out;
  std::vector<AccelSample> batch(4096);
  for (;;) {
    StatusOr<size_t> n = (*opened)->ReadBatch(batch);
    if (!n.ok() || *n == 0) break;
    out.insert(out.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  return out;
}

std::string DataDir() {
  const char* env = std::getenv("MINSENSE_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return std::string(MINSENSE_SOURCE_DIR) + "/../shared/data";
}

// RealRecording loads the ~100 Hz recording once per process.
const Recording& RealRecording() {
  static const Recording recording = [] {
    Recording r;
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::path(DataDir()) / "oxford-steps" / "rec";
    std::vector<std::filesystem::path> candidates;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("oxval-", 0) == 0 && name.ends_with(".accel.csv")) {
        candidates.push_back(entry.path());
      }
    }
    std::sort(candidates.begin(), candidates.end());
    if (!candidates.empty()) {
      r.samples = ReadAll(candidates.front().string());
      r.label = "oxford-steps/" + candidates.front().filename().string();
    }
    if (r.samples.size() < 1000) {
      r.samples = ReadAll(std::string(MINSENSE_SOURCE_DIR) +
                          "/data/sample/walk_frontpocket_oxford.accel.csv");
      r.label = "sample/walk_frontpocket_oxford.accel.csv (corpora absent)";
    }
    return r;
  }();
  return recording;
}

double MeanRateHz(const std::vector<AccelSample>& s) {
  if (s.size() < 2) return 0;
  return static_cast<double>(s.size() - 1) / (s.back().t_seconds - s.front().t_seconds);
}

std::string FormatHz(double hz) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", hz);
  return text;
}

// Resample interpolates `in` linearly onto a uniform grid at rate_hz.
std::vector<AccelSample> Resample(const std::vector<AccelSample>& in, double rate_hz) {
  std::vector<AccelSample> out;
  if (in.size() < 2) return out;
  const double t0 = in.front().t_seconds;
  size_t j = 0;
  for (int64_t k = 0;; ++k) {
    const double t = t0 + static_cast<double>(k) / rate_hz;
    if (t > in.back().t_seconds) break;
    while (j + 2 < in.size() && in[j + 1].t_seconds < t) ++j;
    const AccelSample& a = in[j];
    const AccelSample& b = in[j + 1];
    const float w = static_cast<float>((t - a.t_seconds) / (b.t_seconds - a.t_seconds));
    out.push_back({t - t0, a.x_mps2 + w * (b.x_mps2 - a.x_mps2),
                   a.y_mps2 + w * (b.y_mps2 - a.y_mps2), a.z_mps2 + w * (b.z_mps2 - a.z_mps2)});
  }
  return out;
}

std::unique_ptr<Pipeline> MakePipeline(benchmark::State& state) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  if (!created.ok()) {
    state.SkipWithError(created.status().ToString().c_str());
    return nullptr;
  }
  return std::move(created).value();
}

void BM_MemoryRead(benchmark::State& state) {
  const std::vector<AccelSample>& samples = RealRecording().samples;
  for (auto _ : state) {
    float sum = 0;
    double tsum = 0;
    for (const AccelSample& s : samples) {
      sum += s.x_mps2 + s.y_mps2 + s.z_mps2;
      tsum += s.t_seconds;
    }
    benchmark::DoNotOptimize(sum);
    benchmark::DoNotOptimize(tsum);
  }
  state.SetLabel(RealRecording().label);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(samples.size() * sizeof(AccelSample)));
}
BENCHMARK(BM_MemoryRead);

// AllocationCounterWorks proves that the counter sees a heap allocation, so
// that allocs_per_sample = 0 means none happened, not that none was counted.
bool AllocationCounterWorks() {
  minsense::testing::ScopedAllocationCounter counter;
  auto probe = std::make_unique<std::vector<float>>(16);
  benchmark::DoNotOptimize(probe->data());
  return counter.count() > 0;
}

// PreparePipeline makes the checks of every pipeline benchmark before timing (an input, an
// allocation counter that works) and creates the pipeline; nullptr after SkipWithError.
std::unique_ptr<Pipeline> PreparePipeline(benchmark::State& state,
                                          const std::vector<AccelSample>& samples) {
  if (samples.size() < 2) {
    state.SkipWithError("no recording");
    return nullptr;
  }
  if (!AllocationCounterWorks()) {
    state.SkipWithError("allocation counter inactive: allocs_per_sample would be meaningless");
    return nullptr;
  }
  return MakePipeline(state);
}

// ReportPushed sets what every pipeline benchmark reports after timing: items (samples) and
// bytes pushed, allocs_per_sample and state_bytes, for samples_per_iteration samples an
// iteration and `allocations` counted over all of them.
void ReportPushed(benchmark::State& state, const Pipeline& pipeline, size_t samples_per_iteration,
                  int64_t allocations) {
  const auto pushed =
      static_cast<double>(state.iterations()) * static_cast<double>(samples_per_iteration);
  state.counters["allocs_per_sample"] = static_cast<double>(allocations) / pushed;
  state.counters["state_bytes"] = static_cast<double>(pipeline.state_bytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(samples_per_iteration));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(samples_per_iteration * sizeof(AccelSample)));
}

// kSensorBatch: samples per PushAccel call in the batch mode, about what a phone's sensor
// batching delivers at 100 Hz with a ~1 s report latency.
constexpr size_t kSensorBatch = 128;

// How RunPipeline hands the samples over: one PushAccel(const AccelSample&) each (the
// figures of every earlier round), or PushAccel(std::span) of kSensorBatch samples (the way
// the CLI and an app with sensor batching deliver them).
enum class PushMode { kPerSample, kBatch };

// RunPipeline pushes `samples` once per iteration, time-shifted so that the
// stream stays continuous, and polls every message.
void RunPipeline(benchmark::State& state, const std::vector<AccelSample>& samples,
                 const std::string& label, PushMode mode = PushMode::kPerSample) {
  std::unique_ptr<Pipeline> pipeline = PreparePipeline(state, samples);
  if (!pipeline) return;
  const double span = samples.back().t_seconds - samples.front().t_seconds +
                      (samples[1].t_seconds - samples[0].t_seconds);
  v1::ActivityUpdate update;
  double offset = 0;
  int64_t allocations = 0;
  {
    minsense::testing::ScopedAllocationCounter counter;
    std::array<AccelSample, kSensorBatch> batch;
    for (auto _ : state) {
      if (mode == PushMode::kPerSample) {
        for (const AccelSample& s : samples) {
          pipeline->PushAccel(AccelSample{s.t_seconds + offset, s.x_mps2, s.y_mps2, s.z_mps2});
        }
      } else {
        for (size_t start = 0; start < samples.size(); start += kSensorBatch) {
          const size_t n = std::min(kSensorBatch, samples.size() - start);
          for (size_t i = 0; i < n; ++i) {
            const AccelSample& s = samples[start + i];
            batch[i] = AccelSample{s.t_seconds + offset, s.x_mps2, s.y_mps2, s.z_mps2};
          }
          pipeline->PushAccel(std::span<const AccelSample>(batch.data(), n));
        }
      }
      while (pipeline->Poll(&update)) benchmark::DoNotOptimize(update);
      offset += span;
    }
    allocations = counter.count();
  }
  ReportPushed(state, *pipeline, samples.size(), allocations);
  state.counters["windows"] = benchmark::Counter(static_cast<double>(pipeline->ledger().windows),
                                                 benchmark::Counter::kIsRate);
  state.SetLabel(label + " @" + FormatHz(MeanRateHz(samples)) + " Hz");
}

void BM_Pipeline_Accel100Hz(benchmark::State& state) {
  RunPipeline(state, RealRecording().samples, RealRecording().label);
}

void BM_Pipeline_Accel100Hz_Batch(benchmark::State& state) {
  RunPipeline(state, RealRecording().samples, RealRecording().label, PushMode::kBatch);
}

void PipelineResampled(benchmark::State& state, double rate_hz,
                       PushMode mode = PushMode::kPerSample) {
  const std::vector<AccelSample> samples = Resample(RealRecording().samples, rate_hz);
  RunPipeline(state, samples, RealRecording().label + " resampled", mode);
}

void BM_Pipeline_Accel12_5Hz(benchmark::State& state) { PipelineResampled(state, 12.5); }
void BM_Pipeline_Accel50Hz(benchmark::State& state) { PipelineResampled(state, 50); }
void BM_Pipeline_Accel400Hz(benchmark::State& state) { PipelineResampled(state, 400); }
void BM_Pipeline_Accel12_5Hz_Batch(benchmark::State& state) {
  PipelineResampled(state, 12.5, PushMode::kBatch);
}
void BM_Pipeline_Accel50Hz_Batch(benchmark::State& state) {
  PipelineResampled(state, 50, PushMode::kBatch);
}
void BM_Pipeline_Accel400Hz_Batch(benchmark::State& state) {
  PipelineResampled(state, 400, PushMode::kBatch);
}
// HourOf repeats `samples` end to end, each copy shifted to follow the last, until the stream
// covers at least an hour: the input of BM_Pipeline_Accel100Hz_Hour, built before timing.
std::vector<AccelSample> HourOf(const std::vector<AccelSample>& samples) {
  std::vector<AccelSample> hour;
  if (samples.size() < 2) return hour;
  const double span = samples.back().t_seconds - samples.front().t_seconds +
                      (samples[1].t_seconds - samples[0].t_seconds);
  double offset = 0;
  while (hour.empty() || hour.back().t_seconds - hour.front().t_seconds < 3600.0) {
    for (const AccelSample& s : samples) {
      hour.push_back(AccelSample{s.t_seconds + offset, s.x_mps2, s.y_mps2, s.z_mps2});
    }
    offset += span;
  }
  return hour;
}

// BM_Pipeline_Accel100Hz_Hour: one iteration is an hour of 100 Hz input (the real recording
// repeated, HourOf) pushed from where it lies in memory in spans of kSensorBatch samples, with
// a Poll after each span, as an app with sensor batching runs it; nothing is copied or shifted
// inside the timing. Each hour starts on a Reset pipeline (the Reset is not timed). Counter
// hours_per_second: hours of input per second of CPU time (1000 / it = ms per hour, the figure
// the goal "an hour in under 8 ms" speaks of).
void BM_Pipeline_Accel100Hz_Hour(benchmark::State& state) {
  static const std::vector<AccelSample> hour = HourOf(RealRecording().samples);
  std::unique_ptr<Pipeline> pipeline = PreparePipeline(state, hour);
  if (!pipeline) return;
  v1::ActivityUpdate update;
  int64_t allocations = 0;
  {
    minsense::testing::ScopedAllocationCounter counter;
    for (auto _ : state) {
      state.PauseTiming();
      pipeline->Reset();
      state.ResumeTiming();
      for (size_t start = 0; start < hour.size(); start += kSensorBatch) {
        const size_t n = std::min(kSensorBatch, hour.size() - start);
        pipeline->PushAccel(std::span<const AccelSample>(hour.data() + start, n));
        while (pipeline->Poll(&update)) benchmark::DoNotOptimize(update);
      }
    }
    allocations = counter.count();
  }
  ReportPushed(state, *pipeline, hour.size(), allocations);
  const double seconds = hour.back().t_seconds - hour.front().t_seconds;
  // Hours of input per second of CPU time; 1000 / hours_per_second is ms per hour.
  state.counters["hours_per_second"] =
      benchmark::Counter(seconds / 3600.0, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(RealRecording().label + " repeated to " + FormatHz(seconds / 60.0) + " min @" +
                 FormatHz(MeanRateHz(hour)) + " Hz");
}

BENCHMARK(BM_Pipeline_Accel100Hz);
BENCHMARK(BM_Pipeline_Accel100Hz_Hour);
BENCHMARK(BM_Pipeline_Accel100Hz_Batch);
BENCHMARK(BM_Pipeline_Accel12_5Hz);
BENCHMARK(BM_Pipeline_Accel50Hz);
BENCHMARK(BM_Pipeline_Accel400Hz);
BENCHMARK(BM_Pipeline_Accel12_5Hz_Batch);
BENCHMARK(BM_Pipeline_Accel50Hz_Batch);
BENCHMARK(BM_Pipeline_Accel400Hz_Batch);

// WindowLatency (BM_Pipeline_WindowLatency*): one iteration pushes samples until a window
// completes; only the PushAccel of the completing sample and the Poll of its
// message are timed (manual time). Goal: <= 20 us.
void WindowLatency(benchmark::State& state, const std::vector<AccelSample>& samples,
                   const std::string& label) {
  if (samples.size() < 2) {
    state.SkipWithError("no recording");
    return;
  }
  std::unique_ptr<Pipeline> pipeline = MakePipeline(state);
  if (!pipeline) return;
  bool window_done = false;
  pipeline->SetWindowObserver([&window_done](const WindowReport&) { window_done = true; });
  const double span = samples.back().t_seconds - samples.front().t_seconds +
                      (samples[1].t_seconds - samples[0].t_seconds);
  v1::ActivityUpdate update;
  double offset = 0;
  size_t next = 0;
  double max_seconds = 0;
  for (auto _ : state) {
    for (;;) {
      const AccelSample& s = samples[next];
      const AccelSample shifted{s.t_seconds + offset, s.x_mps2, s.y_mps2, s.z_mps2};
      if (++next == samples.size()) {
        next = 0;
        offset += span;
      }
      window_done = false;
      const auto start = std::chrono::steady_clock::now();
      pipeline->PushAccel(shifted);
      while (pipeline->Poll(&update)) benchmark::DoNotOptimize(update);
      const auto stop = std::chrono::steady_clock::now();
      if (window_done) {
        const double seconds = std::chrono::duration<double>(stop - start).count();
        max_seconds = std::max(max_seconds, seconds);
        state.SetIterationTime(seconds);
        break;
      }
    }
  }
  state.counters["max_us"] = max_seconds * 1e6;
  state.SetLabel(label + " @" + FormatHz(MeanRateHz(samples)) + " Hz");
}

void BM_Pipeline_WindowLatency(benchmark::State& state) {
  WindowLatency(state, RealRecording().samples, RealRecording().label);
}
BENCHMARK(BM_Pipeline_WindowLatency)->UseManualTime()->Unit(benchmark::kMicrosecond);

// BM_Pipeline_WindowLatency12_5Hz: the same on the recording interpolated to 12.5 Hz, where a
// window also refines its cadence by the harmonic sum (the costliest window).
void BM_Pipeline_WindowLatency12_5Hz(benchmark::State& state) {
  static const std::vector<AccelSample> samples = Resample(RealRecording().samples, 12.5);
  WindowLatency(state, samples, RealRecording().label + " resampled");
}
BENCHMARK(BM_Pipeline_WindowLatency12_5Hz)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace minsense
