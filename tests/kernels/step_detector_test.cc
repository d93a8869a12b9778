// step_detector_test.cc: step counts on synthetic walking, quiet input and double bumps.
#include "kernels/step_detector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <span>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

double Gaussian(double t, double center, double width) {
  const double u = (t - center) / width;
  return std::exp(-0.5 * u * u);
}

struct Bump {
  double delay_s;    // After the step time.
  double amplitude;  // Relative to the step amplitude.
  double width_s;
};

// StepSignal renders steps at the given times and amplitudes (m/s^2), each as a sharp main
// bump, optional extra bumps, and a broad negative rebound, plus white noise. Returns samples at
// fs covering [0, duration_s).
std::vector<float> StepSignal(const std::vector<double>& times, const std::vector<double>& amps,
                              const std::vector<Bump>& extra, double fs, double duration_s,
                              double noise, unsigned seed) {
  const std::size_t n = static_cast<std::size_t>(duration_s * fs);
  std::vector<double> x(n, 0.0);
  for (std::size_t k = 0; k < times.size(); ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / fs;
      double v = Gaussian(t, times[k], 0.04) - 0.3 * Gaussian(t, times[k] + 0.18, 0.09);
      for (const Bump& b : extra) v += b.amplitude * Gaussian(t, times[k] + b.delay_s, b.width_s);
      x[i] += amps[k] * v;
    }
  }
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(x[i] + noise * gauss(rng));
  return out;
}

// RegularSteps: n steps every period_s from start_s with amplitude amp * (1 +- spread).
void RegularSteps(int n, double start_s, double period_s, double amp, double spread, unsigned seed,
                  std::vector<double>* times, std::vector<double>* amps) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-spread, spread);
  for (int k = 0; k < n; ++k) {
    times->push_back(start_s + k * period_s);
    amps->push_back(amp * (1.0 + u(rng)));
  }
}

int CountSteps(StepDetector& detector, const std::vector<float>& x,
               std::vector<std::size_t>* at = nullptr) {
  int count = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (detector.Push(x[i])) {
      ++count;
      if (at != nullptr) at->push_back(i);
    }
  }
  return count;
}

TEST(StepDetectorTest, InitRejectsBadConfig) {
  StepDetector d;
  EXPECT_TRUE(d.Init(StepDetectorConfig{}));
  StepDetectorConfig c;
  c.sample_rate_hz = 0.0f;
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.sample_rate_hz = -50.0f;
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.sample_rate_hz = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.min_step_interval_s = 0.0f;
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.max_step_interval_s = 0.2f;  // Below min_step_interval_s.
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.min_peak_mps2 = -1.0f;
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.threshold_fraction = 1.5f;
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.threshold_fraction = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(d.Init(c));
  c = {};
  c.sample_rate_hz = 1.0f;  // 0.25 s rounds to 0 samples.
  EXPECT_FALSE(d.Init(c));
  // A failed Init leaves a detector that never fires.
  for (float v : {0.0f, 5.0f, 0.0f, 5.0f, 0.0f}) EXPECT_FALSE(d.Push(v));
}

TEST(StepDetectorTest, CountsKnownStepsInNoise) {
  for (float fs : {50.0f, 100.0f}) {
    std::vector<double> times, amps;
    RegularSteps(40, 1.0, 0.55, 2.0, 0.2, 1, &times, &amps);
    const std::vector<float> x = StepSignal(times, amps, {}, fs, 24.0, 0.15, 2);
    StepDetectorConfig config;
    config.sample_rate_hz = fs;
    StepDetector d;
    ASSERT_TRUE(d.Init(config));
    std::vector<std::size_t> at;
    const int count = CountSteps(d, x, &at);
    EXPECT_NEAR(count, 40, 1) << "fs " << fs;
    // Each detection is near a true step peak. (Unfiltered white noise can put a local maximum
    // above the threshold on the rising edge, a few samples early; the band-pass of the real
    // pipeline smooths those away.)
    for (std::size_t i : at) {
      const double t = static_cast<double>(i) / fs;
      double nearest = 1e9;
      for (double s : times) nearest = std::min(nearest, std::abs(t - s));
      EXPECT_LT(nearest, 0.1) << "fs " << fs << " t " << t;
    }
  }
}

TEST(StepDetectorTest, QuietSignalsGiveNoSteps) {
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  EXPECT_EQ(CountSteps(d, std::vector<float>(3000, 0.0f)), 0);
  d.Reset();
  EXPECT_EQ(CountSteps(d, std::vector<float>(3000, 9.80665f)), 0);
  d.Reset();
  // Sensor noise (0.1 m/s^2 rms) stays far below min_peak_mps2 = 0.6.
  std::mt19937 rng(9);
  std::normal_distribution<float> gauss(0.0f, 0.1f);
  std::vector<float> noise(3000);
  for (float& v : noise) v = gauss(rng);
  EXPECT_EQ(CountSteps(d, noise), 0);
}

// Each step has a second bump 0.3 s after the heel strike (0.7 of it), outside the default
// 0.25 s refractory interval: unknown period double counts, the expected period does not.
TEST(StepDetectorTest, DoubleBumpIsOneStepWithExpectedPeriod) {
  std::vector<double> times, amps;
  RegularSteps(30, 1.0, 0.75, 2.0, 0.1, 4, &times, &amps);
  const std::vector<Bump> second = {{0.30, 0.7, 0.04}};
  const std::vector<float> x = StepSignal(times, amps, second, 50.0, 25.0, 0.05, 5);

  StepDetector unknown;
  ASSERT_TRUE(unknown.Init(StepDetectorConfig{}));
  EXPECT_GT(CountSteps(unknown, x), 45);

  StepDetector expected;
  ASSERT_TRUE(expected.Init(StepDetectorConfig{}));
  expected.SetExpectedStepPeriod(0.75f);
  EXPECT_NEAR(CountSteps(expected, x), 30, 1);
}

// The second bump is the larger one: merging keeps one step per period, timed at the larger.
TEST(StepDetectorTest, DoubleBumpWithLargerSecondBumpIsOneStep) {
  std::vector<double> times, amps;
  RegularSteps(30, 1.0, 0.8, 1.5, 0.1, 6, &times, &amps);
  const std::vector<Bump> second = {{0.28, 1.4, 0.05}};
  const std::vector<float> x = StepSignal(times, amps, second, 50.0, 26.0, 0.05, 7);
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  d.SetExpectedStepPeriod(0.8f);
  EXPECT_NEAR(CountSteps(d, x), 30, 1);
}

TEST(StepDetectorTest, PeaksCloserThanMinIntervalAreMerged) {
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));  // 0.25 s at 50 Hz = 12.5, rounded to 13 samples.
  std::vector<float> x(100, 0.0f);
  x[20] = 3.0f;  // Step.
  x[25] = 2.5f;  // 5 samples later, smaller: same step.
  x[31] = 3.5f;  // 11 samples after the first, larger: becomes the step's peak, still one step.
  x[40] = 3.0f;  // 20 after the first but only 9 after the step's peak at 31: same step.
  x[55] = 3.0f;  // 24 after the step's peak: a new step.
  std::vector<std::size_t> at;
  EXPECT_EQ(CountSteps(d, x, &at), 2);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], 21u);  // Confirmed one sample after the peak.
  EXPECT_EQ(at[1], 56u);
}

// Between strong steps, bumps above min_peak_mps2 but far below the step peaks are rejected by
// the adaptive threshold.
TEST(StepDetectorTest, AdaptiveThresholdRejectsSmallBumpsBetweenStrongSteps) {
  std::vector<double> times, amps;
  RegularSteps(30, 1.0, 0.6, 5.0, 0.1, 8, &times, &amps);
  const std::vector<Bump> mid = {{0.3, 0.35, 0.04}};  // Half-way bumps, ~1.1 m/s^2 net.
  const std::vector<float> x = StepSignal(times, amps, mid, 50.0, 20.0, 0.05, 9);
  // Precondition: the bumps clear min_peak_mps2 (0.6), so only the adaptive part rejects them.
  for (int k = 1; k < 30; ++k) {
    const std::size_t i = static_cast<std::size_t>(std::lround((times[k] + 0.3) * 50.0));
    ASSERT_GT(x[i], 0.8f) << k;
  }
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  EXPECT_NEAR(CountSteps(d, x), 30, 1);
}

// Strong steps, a 3 s pause, then soft steps: the amplitude estimate decays during the pause
// and the soft steps are counted.
TEST(StepDetectorTest, SofterStepsAfterAPauseAreFound) {
  std::vector<double> times, amps;
  RegularSteps(20, 1.0, 0.5, 6.0, 0.1, 10, &times, &amps);
  RegularSteps(20, 13.0, 0.5, 1.2, 0.1, 11, &times, &amps);
  const std::vector<float> x = StepSignal(times, amps, {}, 50.0, 24.0, 0.05, 12);
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  EXPECT_NEAR(CountSteps(d, x), 40, 1);
}

TEST(StepDetectorTest, ResetRestoresTheInitialState) {
  std::vector<double> times, amps;
  RegularSteps(10, 0.5, 0.5, 2.0, 0.0, 13, &times, &amps);
  const std::vector<float> x = StepSignal(times, amps, {}, 50.0, 6.0, 0.0, 14);
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  d.SetExpectedStepPeriod(1.5f);  // Would merge every other step.
  const int merged = CountSteps(d, x);
  d.Reset();  // Also forgets the expected period.
  const int fresh = CountSteps(d, x);
  EXPECT_EQ(fresh, 10);
  EXPECT_LT(merged, 7);
  d.Reset();
  d.SetExpectedStepPeriod(std::numeric_limits<float>::quiet_NaN());  // Unknown.
  EXPECT_EQ(CountSteps(d, x), 10);
}

// PushBlock is Push of each sample in order: the same steps at the same samples, and the same
// state after every block (checked by pushing the rest of the signal one sample at a time into
// both after each block), on steps in noise with merged double bumps, an expected period set
// between blocks, and blocks of 0 to 17 samples.
TEST(StepDetectorTest, PushBlockIsPushOneByOne) {
  for (const unsigned seed : {21u, 22u, 23u}) {
    std::vector<double> times, amps;
    RegularSteps(30, 0.7, 0.52, 2.0, 0.4, seed, &times, &amps);
    const std::vector<float> x =
        StepSignal(times, amps, {{0.12, 0.7, 0.03}}, 50.0, 17.0, 0.3, seed + 100);
    StepDetector one, block;
    ASSERT_TRUE(one.Init(StepDetectorConfig{}));
    ASSERT_TRUE(block.Init(StepDetectorConfig{}));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> length(0, 17);
    std::vector<std::size_t> steps_one, steps_block;
    std::size_t i = 0;
    int blocks = 0;
    while (i < x.size()) {
      const std::size_t n = std::min(length(rng), x.size() - i);
      for (std::size_t k = i; k < i + n; ++k) {
        if (one.Push(x[k])) steps_one.push_back(k);
      }
      block.PushBlock(std::span<const float>(x).subspan(i, n),
                      [&](std::size_t k) { steps_block.push_back(i + k); });
      i += n;
      ASSERT_EQ(steps_block, steps_one) << "seed " << seed << " at " << i;
      if (++blocks % 40 == 0) {
        one.SetExpectedStepPeriod(0.5f);
        block.SetExpectedStepPeriod(0.5f);
      }
      // The state: the rest of the signal, one sample at a time, gives the same steps.
      StepDetector rest_one = one, rest_block = block;
      for (std::size_t k = i; k < x.size(); ++k) {
        ASSERT_EQ(rest_block.Push(x[k]), rest_one.Push(x[k])) << "seed " << seed << " at " << k;
      }
    }
    EXPECT_GE(steps_one.size(), 20u) << "seed " << seed;
  }
  StepDetector uninitialised;  // Never fires, as Push.
  const std::vector<float> bumps = {0.0f, 5.0f, 0.0f, 5.0f, 0.0f};
  uninitialised.PushBlock(bumps, [](std::size_t) { ADD_FAILURE() << "a step before Init"; });
}

TEST(StepDetectorTest, PushDoesNotAllocate) {
  std::vector<double> times, amps;
  RegularSteps(20, 0.5, 0.5, 2.0, 0.1, 15, &times, &amps);
  const std::vector<float> x = StepSignal(times, amps, {}, 50.0, 11.0, 0.1, 16);
  StepDetector d;
  ASSERT_TRUE(d.Init(StepDetectorConfig{}));
  minsense::testing::ScopedAllocationCounter counter;
  int count = 0;
  for (float v : x) count += d.Push(v) ? 1 : 0;
  d.PushBlock(std::span<const float>(x).first(16), [&](std::size_t) { ++count; });
  d.SetExpectedStepPeriod(0.5f);
  d.Reset();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_NEAR(count, 20, 1);
}

}  // namespace
}  // namespace minsense::kernels
