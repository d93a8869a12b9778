// One benchmark per kernel of the per-sample and per-window path, at the
// pipeline's default sizes (50 Hz internal rate, 6 s = 300-sample windows,
// 152 lags). Inputs are synthetic gait at fixed seeds, prepared outside the
// timed loop. items_per_second counts samples (windows for the per-window
// kernels: autocorrelation, cadence, window stats, CopyOrdered, the classifier's network).
//
//   build/bench/minsense_bench --benchmark_filter=Kernel
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "kernels/autocorrelation.h"
#include "kernels/autocorrelation_lag_products.h"
#include "kernels/biquad.h"
#include "kernels/boxcar_resampler.h"
#include "kernels/cadence_estimator.h"
#include "kernels/harmonic_period.h"
#include "kernels/mlp.h"
#include "kernels/sliding_window.h"
#include "kernels/step_detector.h"
#include "kernels/vector_ops.h"
#include "kernels/window_stats.h"

namespace minsense::kernels {
namespace {

constexpr float kRateHz = 50.0f;
constexpr int kWindow = 300;
constexpr int kMaxLag = 152;

// Gait: a 1.8 Hz step, its stride sub-harmonic and noise, around zero (gait band), at kRateHz.
std::vector<float> MakeGaitBand(int n) {
  std::mt19937 rng(42);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  std::vector<float> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double phase = 2.0 * std::numbers::pi * 1.8 * i / static_cast<double>(kRateHz);
    out[static_cast<size_t>(i)] =
        static_cast<float>(3.0 * std::sin(phase) + 1.0 * std::sin(phase / 2.0)) + noise(rng);
  }
  return out;
}

void BM_Kernel_AutocorrelationReference(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  std::array<float, kMaxLag + 1> r{};
  for (auto _ : state) {
    NormalizedAutocorrelation(x, kMaxLag, r);
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationReference);

void BM_Kernel_AutocorrelationFast(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  std::array<float, kMaxLag + 1> r{};
  for (auto _ : state) {
    NormalizedAutocorrelationFast(x, kMaxLag, r);
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationFast);

// The fast kernel with its mean and centring passes in Eigen's SSE2 lanes (the AVX lanes are
// what BM_Kernel_AutocorrelationFast runs on a CPU with AVX).
void BM_Kernel_AutocorrelationFastPortableSums(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  std::array<float, kMaxLag + 1> r{};
  for (auto _ : state) {
    NormalizedAutocorrelationFastPortableSums(x, kMaxLag, r);
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationFastPortableSums);

// The lag products alone (the autocorrelation's multiply-adds): the mean-removed window padded
// with zeros, kMaxLag + 1 lags, the portable kernel and the AVX one (same bits; skipped where
// the CPU or the build has no AVX kernel).
std::vector<float> PaddedWindow() {
  std::vector<float> d = MakeGaitBand(kWindow);
  double mean = 0.0;
  for (const float v : d) mean += static_cast<double>(v);
  mean /= kWindow;
  for (float& v : d) v = static_cast<float>(static_cast<double>(v) - mean);
  d.resize(static_cast<size_t>(2 * kWindow) + kLagProductsPadding, 0.0f);
  return d;
}

void BM_Kernel_AutocorrelationLagProductsPortable(benchmark::State& state) {
  const std::vector<float> d = PaddedWindow();
  std::array<float, kMaxLag + 1> p{};
  for (auto _ : state) {
    AutocorrelationLagProductsPortable(d.data(), kWindow, 0, p.size(), p.data());
    benchmark::DoNotOptimize(p.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationLagProductsPortable);

void BM_Kernel_AutocorrelationLagProductsAvx(benchmark::State& state) {
  if (!AutocorrelationLagProductsAvxUsable()) {
    state.SkipWithError("no AVX kernel on this build or CPU");
    return;
  }
  const std::vector<float> d = PaddedWindow();
  std::array<float, kMaxLag + 1> p{};
  for (auto _ : state) {
    const size_t done = AutocorrelationLagProductsAvx(d.data(), kWindow, p.size(), p.data());
    AutocorrelationLagProductsPortable(d.data(), kWindow, done, p.size(), p.data());
    benchmark::DoNotOptimize(p.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationLagProductsAvx);

void BM_Kernel_AutocorrelationLagProductsAvx512(benchmark::State& state) {
  if (!AutocorrelationLagProductsAvx512Usable()) {
    state.SkipWithError("no AVX-512 kernel on this build or CPU");
    return;
  }
  const std::vector<float> d = PaddedWindow();
  std::array<float, kMaxLag + 1> p{};
  for (auto _ : state) {
    const size_t done = AutocorrelationLagProductsAvx512(d.data(), kWindow, p.size(), p.data());
    AutocorrelationLagProductsPortable(d.data(), kWindow, done, p.size(), p.data());
    benchmark::DoNotOptimize(p.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_AutocorrelationLagProductsAvx512);

void BM_Kernel_CadenceEstimator(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  CadenceEstimatorConfig config;
  config.sample_rate_hz = kRateHz;
  CadenceEstimator estimator;
  if (!estimator.Init(config, kWindow)) {
    state.SkipWithError("Init");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(estimator.Estimate(x));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_CadenceEstimator);

// HarmonicSearch: the cadence refinement of input below 20 Hz at the pipeline's sizes
// (pipeline/motion_analyzer.cc): a window, 4 harmonics, a 16-step grid over one 12.5 Hz input
// interval (4 samples at kRateHz) either side of the stride (1.8 Hz steps: 55.6 samples), through
// `search` (HarmonicSumPeriod, with the AVX filters where the CPU has AVX, or its portable
// reference HarmonicSumPeriodPortable).
void HarmonicSearch(benchmark::State& state,
                    double (*search)(std::span<const float>, double, double, int, int)) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  const double stride = 2.0 * kRateHz / 1.8;
  for (auto _ : state) benchmark::DoNotOptimize(search(x, stride - 4.0, stride + 4.0, 4, 16));
  state.SetItemsProcessed(state.iterations());
}

void BM_Kernel_HarmonicSumPeriod(benchmark::State& state) {
  HarmonicSearch(state, HarmonicSumPeriod);
}
BENCHMARK(BM_Kernel_HarmonicSumPeriod);

void BM_Kernel_HarmonicSumPeriodPortable(benchmark::State& state) {
  HarmonicSearch(state, HarmonicSumPeriodPortable);
}
BENCHMARK(BM_Kernel_HarmonicSumPeriodPortable);

void BM_Kernel_WindowStats(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowStats(x));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowStats);

void BM_Kernel_WindowStatsReference(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowStatsReference(x));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowStatsReference);

// The Eigen (SSE2) lanes alone; BM_Kernel_WindowStats takes the AVX lanes on a CPU with AVX.
void BM_Kernel_WindowStatsPortable(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowStatsPortable(x));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(WindowStatsAvxInUse() ? "fast kernel: AVX lanes" : "fast kernel: portable");
}
BENCHMARK(BM_Kernel_WindowStatsPortable);

void BM_Kernel_WindowRms(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowRms(x));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowRms);

void BM_Kernel_WindowShapeSums(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  const float mean = ComputeWindowStats(x).mean;
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowShapeSums(x, mean));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowShapeSums);

void BM_Kernel_WindowShapeSumsPortable(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  const float mean = ComputeWindowStats(x).mean;
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowShapeSumsPortable(x, mean));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowShapeSumsPortable);

// What the pipeline runs on the magnitude window: statistics and shape sums in two passes,
// against BM_Kernel_WindowStats plus BM_Kernel_WindowShapeSums (three passes).
void BM_Kernel_WindowStatsAndShapeSums(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  WindowShapeSums shape;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ComputeWindowStatsAndShapeSums(x, &shape));
    benchmark::DoNotOptimize(shape);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowStatsAndShapeSums);

void BM_Kernel_WindowStatsAndShapeSumsPortable(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  WindowShapeSums shape;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ComputeWindowStatsAndShapeSumsPortable(x, &shape));
    benchmark::DoNotOptimize(shape);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowStatsAndShapeSumsPortable);

void BM_Kernel_WindowShapeSumsReference(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow);
  const float mean = ComputeWindowStats(x).mean;
  for (auto _ : state) benchmark::DoNotOptimize(ComputeWindowShapeSumsReference(x, mean));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_WindowShapeSumsReference);

// MagnitudesBench runs |a| over a queue of 16 internal samples (MotionAnalyzer's batch);
// items = samples.
template <bool kExact>
void MagnitudesBench(benchmark::State& state) {
  constexpr int kBatch = 16;
  const std::vector<float> x = MakeGaitBand(kBatch);
  std::vector<float> y(kBatch), z(kBatch), out(kBatch);
  for (int i = 0; i < kBatch; ++i) {
    y[static_cast<std::size_t>(i)] = 0.5f * x[static_cast<std::size_t>(kBatch - 1 - i)];
    z[static_cast<std::size_t>(i)] = 9.81f + x[static_cast<std::size_t>(i)];
  }
  for (auto _ : state) {
    if constexpr (kExact) {
      MagnitudesExact(x.data(), y.data(), z.data(), out.data(), kBatch);
    } else {
      MagnitudesExactPortable(x.data(), y.data(), z.data(), out.data(), kBatch);
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void BM_Kernel_MagnitudesExact(benchmark::State& state) { MagnitudesBench<true>(state); }
BENCHMARK(BM_Kernel_MagnitudesExact);

void BM_Kernel_MagnitudesExactPortable(benchmark::State& state) { MagnitudesBench<false>(state); }
BENCHMARK(BM_Kernel_MagnitudesExactPortable);

void BM_Kernel_SlidingWindowPush(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(4096);
  SlidingWindow window;
  if (!window.Init(kWindow)) {
    state.SkipWithError("Init");
    return;
  }
  for (auto _ : state) {
    for (const float v : x) window.Push(v);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_SlidingWindowPush);

// BM_Kernel_SlidingWindowPushBlock: the same values through PushBlock in blocks of 16 (the
// analyzer's queue of internal samples at most).
void BM_Kernel_SlidingWindowPushBlock(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(4096);
  SlidingWindow window;
  if (!window.Init(kWindow)) {
    state.SkipWithError("Init");
    return;
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < x.size(); i += 16) {
      window.PushBlock(std::span<const float>(x).subspan(i, 16));
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_SlidingWindowPushBlock);

void BM_Kernel_SlidingWindowCopyOrdered(benchmark::State& state) {
  const std::vector<float> x = MakeGaitBand(kWindow + 123);
  SlidingWindow window;
  if (!window.Init(kWindow)) {
    state.SkipWithError("Init");
    return;
  }
  for (const float v : x) window.Push(v);  // Wrapped: the copy has two parts.
  std::vector<float> out(kWindow);
  for (auto _ : state) {
    window.CopyOrdered(out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Kernel_SlidingWindowCopyOrdered);

void BM_Kernel_Biquad(benchmark::State& state) {
  std::array<BiquadCoefficients, 2> sections{};
  if (DesignButterworth(FilterType::kHighPass, 2, 0.5f, kRateHz, std::span(sections).first(1)) !=
          1 ||
      DesignButterworth(FilterType::kLowPass, 2, 5.0f, kRateHz,
                        std::span(sections).subspan(1, 1)) != 1) {
    state.SkipWithError("DesignButterworth");
    return;
  }
  BiquadCascade filter;
  if (!filter.Init(sections)) {
    state.SkipWithError("Init");
    return;
  }
  const std::vector<float> x = MakeGaitBand(4096);
  for (auto _ : state) {
    float acc = 0;
    for (const float v : x) acc += filter.Process(v);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_Biquad);

// BM_Kernel_BiquadBlock: the gait filter of BM_Kernel_Biquad through ProcessBlock in blocks of
// 16 (MotionAnalyzer's batches), against Process a sample at a time above.
void BM_Kernel_BiquadBlock(benchmark::State& state) {
  std::array<BiquadCoefficients, 2> sections{};
  if (DesignButterworth(FilterType::kHighPass, 2, 0.5f, kRateHz, std::span(sections).first(1)) !=
          1 ||
      DesignButterworth(FilterType::kLowPass, 2, 5.0f, kRateHz,
                        std::span(sections).subspan(1, 1)) != 1) {
    state.SkipWithError("DesignButterworth");
    return;
  }
  BiquadCascade filter;
  if (!filter.Init(sections)) {
    state.SkipWithError("Init");
    return;
  }
  constexpr size_t kBlock = 16;
  const std::vector<float> x = MakeGaitBand(4096);
  std::array<float, kBlock> out{};
  for (auto _ : state) {
    float acc = 0;
    for (size_t start = 0; start < x.size(); start += kBlock) {
      filter.ProcessBlock(std::span(x).subspan(start, kBlock), out);
      for (const float v : out) acc += v;
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_BiquadBlock);

void BM_Kernel_StepDetector(benchmark::State& state) {
  StepDetectorConfig config;
  config.sample_rate_hz = kRateHz;
  StepDetector detector;
  if (!detector.Init(config)) {
    state.SkipWithError("Init");
    return;
  }
  const std::vector<float> x = MakeGaitBand(4096);
  for (auto _ : state) {
    int steps = 0;
    for (const float v : x) steps += detector.Push(v) ? 1 : 0;
    benchmark::DoNotOptimize(steps);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_StepDetector);

// BM_Kernel_StepDetectorBlock: the same samples through PushBlock in blocks of 16.
void BM_Kernel_StepDetectorBlock(benchmark::State& state) {
  StepDetectorConfig config;
  config.sample_rate_hz = kRateHz;
  StepDetector detector;
  if (!detector.Init(config)) {
    state.SkipWithError("Init");
    return;
  }
  const std::vector<float> x = MakeGaitBand(4096);
  for (auto _ : state) {
    int steps = 0;
    for (std::size_t i = 0; i < x.size(); i += 16) {
      detector.PushBlock(std::span<const float>(x).subspan(i, 16), [&](std::size_t) { ++steps; });
    }
    benchmark::DoNotOptimize(steps);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_StepDetectorBlock);

// JitteredTimes100Hz: n sample times 10 ms apart, each off by up to 1 ms (the resampler
// benchmarks' input clock).
std::vector<double> JitteredTimes100Hz(int n) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(-0.001, 0.001);
  std::vector<double> t(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) t[static_cast<size_t>(i)] = i * 0.01 + jitter(rng);
  return t;
}

// BM_Kernel_BoxcarResampler: 100 Hz input with jitter to the 50 Hz internal rate.
void BM_Kernel_BoxcarResampler(benchmark::State& state) {
  constexpr int kSamples = 4096;
  const std::vector<double> t = JitteredTimes100Hz(kSamples);
  const std::vector<float> x = MakeGaitBand(kSamples);
  BoxcarResampler resampler;
  if (!resampler.Init(kRateHz)) {
    state.SkipWithError("Init");
    return;
  }
  double offset = 0;
  for (auto _ : state) {
    float acc = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      resampler.Push(t[i] + offset, x[i], 0.3f, 9.8f,
                     [&acc](double, float a, float b, float c) { acc += a + b + c; });
    }
    benchmark::DoNotOptimize(acc);
    offset += kSamples * 0.01;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_Kernel_BoxcarResampler);

// BoxcarRun runs the input of BM_Kernel_BoxcarResampler through PushRun in runs of 128
// samples (the span path of the pipeline), with the SSE2 code (x86-64) or the plain scalar
// reference (portable), so that the two compare in one run; kIncreasing: through
// PushRunIncreasing (the input's times increase), as the pipeline's span path now does.
template <bool kPortable, bool kIncreasing = false>
void BoxcarRun(benchmark::State& state) {
  constexpr int kSamples = 4096;
  constexpr size_t kRun = 128;
  const std::vector<double> t = JitteredTimes100Hz(kSamples);
  const std::vector<float> x = MakeGaitBand(kSamples);
  BoxcarResampler resampler;
  if (!resampler.Init(kRateHz)) {
    state.SkipWithError("Init");
    return;
  }
  double offset = 0;
  for (auto _ : state) {
    float acc = 0;
    for (size_t start = 0; start < x.size(); start += kRun) {
      auto fetch = [&](size_t k) {
        return BoxcarResampler::Input{t[start + k] + offset, x[start + k], 0.3f, 9.8f};
      };
      auto sink = [&acc](double, float a, float b, float c) { acc += a + b + c; };
      if constexpr (kIncreasing) {
        resampler.PushRunIncreasing(kRun, fetch, sink);
      } else if constexpr (kPortable) {
        resampler.PushRunPortable(kRun, fetch, sink);
      } else {
        resampler.PushRun(kRun, fetch, sink);
      }
    }
    benchmark::DoNotOptimize(acc);
    offset += kSamples * 0.01;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}

void BM_Kernel_BoxcarResamplerRun(benchmark::State& state) { BoxcarRun<false>(state); }
BENCHMARK(BM_Kernel_BoxcarResamplerRun);

void BM_Kernel_BoxcarResamplerRunPortable(benchmark::State& state) { BoxcarRun<true>(state); }
BENCHMARK(BM_Kernel_BoxcarResamplerRunPortable);

void BM_Kernel_BoxcarResamplerRunIncreasing(benchmark::State& state) {
  BoxcarRun<false, true>(state);
}
BENCHMARK(BM_Kernel_BoxcarResamplerRunIncreasing);

// MlpBench runs one forward pass a window through a network of the shipped activity model's
// shape (11 features, 16 hidden units, 5 classes) with random weights and inputs at a fixed
// seed: MlpForward (Eigen, vectorised tanh) or the plain double reference, in one run.
template <bool kReference>
void MlpBench(benchmark::State& state) {
  constexpr MlpShape kShape{11, 16, 5};
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const auto draw = [&](int n) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = normal(rng);
    return v;
  };
  const std::vector<float> w1 = draw(kShape.hidden * kShape.inputs);
  const std::vector<float> b1 = draw(kShape.hidden);
  const std::vector<float> w2 = draw(kShape.outputs * kShape.hidden);
  const std::vector<float> b2 = draw(kShape.outputs);
  const std::vector<float> x = draw(kShape.inputs);
  const MlpView net{w1, b1, w2, b2, kShape};
  std::array<float, kMlpMaxOutputs> p{};
  for (auto _ : state) {
    const bool ok = kReference ? MlpForwardReference(net, x, p) : MlpForward(net, x, p);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(p.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Kernel_MlpForward(benchmark::State& state) { MlpBench<false>(state); }
BENCHMARK(BM_Kernel_MlpForward);

void BM_Kernel_MlpForwardReference(benchmark::State& state) { MlpBench<true>(state); }
BENCHMARK(BM_Kernel_MlpForwardReference);

}  // namespace
}  // namespace minsense::kernels
