// Throughput of the whole accelerometer pipeline against a plain read of the
// same bytes, in one run, so the ratio holds on any machine.
//
// Inputs are synthetic gait at fixed seeds, prepared outside the timed loop.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "pipeline/pipeline.h"

namespace minsense {
namespace {

std::vector<AccelSample> MakeGait(double seconds, double rate_hz) {
  std::mt19937 rng(42);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::vector<AccelSample> out;
  out.reserve(static_cast<size_t>(seconds * rate_hz));
  for (int i = 0; i < static_cast<int>(seconds * rate_hz); ++i) {
    const double t = i / rate_hz;
    const double phase = 2 * std::numbers::pi * 1.9 * t;
    const float bounce = 3.0f * static_cast<float>(std::sin(phase) + 0.3 * std::sin(phase / 2));
    out.push_back({t, noise(rng), 0.3f + noise(rng), 9.81f + bounce + noise(rng)});
  }
  return out;
}

void BM_MemoryRead(benchmark::State& state) {
  const std::vector<AccelSample> samples = MakeGait(600, 100);
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
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(samples.size() * sizeof(AccelSample)));
}
BENCHMARK(BM_MemoryRead);

void PipelineAt(benchmark::State& state, double rate_hz) {
  const std::vector<AccelSample> samples = MakeGait(600, rate_hz);
  v1::EgressPolicy policy = DefaultEgressPolicy();
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  if (!created.ok()) {
    state.SkipWithError(created.status().ToString().c_str());
    return;
  }
  Pipeline& pipeline = **created;
  v1::ActivityUpdate update;
  double offset = 0;
  for (auto _ : state) {
    // Shift time forward each pass so the stream stays continuous.
    for (const AccelSample& s : samples) {
      pipeline.PushAccel(AccelSample{s.t_seconds + offset, s.x_mps2, s.y_mps2, s.z_mps2});
    }
    while (pipeline.Poll(&update)) benchmark::DoNotOptimize(update);
    offset += 600;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(samples.size() * sizeof(AccelSample)));
}

void BM_Pipeline_Accel12_5Hz(benchmark::State& state) { PipelineAt(state, 12.5); }
void BM_Pipeline_Accel50Hz(benchmark::State& state) { PipelineAt(state, 50); }
void BM_Pipeline_Accel100Hz(benchmark::State& state) { PipelineAt(state, 100); }
void BM_Pipeline_Accel400Hz(benchmark::State& state) { PipelineAt(state, 400); }
BENCHMARK(BM_Pipeline_Accel12_5Hz);
BENCHMARK(BM_Pipeline_Accel50Hz);
BENCHMARK(BM_Pipeline_Accel100Hz);
BENCHMARK(BM_Pipeline_Accel400Hz);

}  // namespace
}  // namespace minsense
