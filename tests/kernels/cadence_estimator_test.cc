// cadence_estimator_test.cc: cadence on sinusoids and synthetic gait, and the rate-error guards.
#include "kernels/cadence_estimator.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "kernels/autocorrelation.h"
#include "kernels/biquad.h"
#include "kernels/window_stats.h"
#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

constexpr double kPi = std::numbers::pi;

// Config disables the gait prior (likely_min_spm = min_spm) so that the autocorrelation guards
// are tested down to min_spm; GaitPrior* tests use the default prior.
CadenceEstimatorConfig Config(float fs) {
  CadenceEstimatorConfig c;
  c.sample_rate_hz = fs;
  c.likely_min_spm = c.min_spm;
  return c;
}

CadenceEstimatorConfig ConfigWithGaitPrior(float fs) {
  CadenceEstimatorConfig c;
  c.sample_rate_hz = fs;
  return c;
}

// Sinusoid: a pure tone at spm / 60 Hz.
std::vector<float> Sinusoid(double spm, double fs, int n, double phase = 0.3) {
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    x[static_cast<std::size_t>(i)] =
        static_cast<float>(2.0 * std::sin(2.0 * kPi * spm / 60.0 * i / fs + phase));
  }
  return x;
}

double Gaussian(double t, double center, double width) {
  const double u = (t - center) / width;
  return std::exp(-0.5 * u * u);
}

// Gait: one heel-strike pulse per step (a sharp positive peak followed by a broad negative
// rebound), with odd and even steps of different amplitude and width, plus white noise.
std::vector<float> Gait(double spm, double fs, int n, double even_amplitude, double even_width_s,
                        double noise, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  const double step_s = 60.0 / spm;
  std::vector<double> x(static_cast<std::size_t>(n), 0.0);
  for (int k = -2; k * step_s < n / fs + 1.0; ++k) {
    const double center = 0.11 + k * step_s;
    const bool even = k % 2 == 0;
    const double amplitude = even ? even_amplitude : 3.0;
    const double width = even ? even_width_s : 0.04;
    for (int i = 0; i < n; ++i) {
      const double t = i / fs;
      x[static_cast<std::size_t>(i)] +=
          amplitude * (Gaussian(t, center, width) - 0.35 * Gaussian(t, center + 0.15, 0.08));
    }
  }
  std::vector<float> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = static_cast<float>(x[i] + noise * gauss(rng));
  return out;
}

TEST(CadenceEstimatorTest, InitRejectsBadConfig) {
  CadenceEstimator e;
  EXPECT_TRUE(e.Init(CadenceEstimatorConfig{}, 300));
  CadenceEstimatorConfig c;
  c.sample_rate_hz = 0.0f;
  EXPECT_FALSE(e.Init(c, 300));
  c.sample_rate_hz = -50.0f;
  EXPECT_FALSE(e.Init(c, 300));
  c.sample_rate_hz = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.min_spm = 0.0f;
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.min_spm = -10.0f;
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.max_spm = 40.0f;  // Not above min_spm.
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.min_periodicity = -0.1f;
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.min_periodicity = 1.0f;
  EXPECT_FALSE(e.Init(c, 300));
  c = {};
  c.sample_rate_hz = 5.0f;  // Shortest step period 0.25 s = 1.25 samples: unresolvable.
  EXPECT_FALSE(e.Init(c, 300));
  EXPECT_FALSE(e.Init(CadenceEstimatorConfig{}, 0));
  EXPECT_FALSE(e.Init(CadenceEstimatorConfig{}, -300));
  EXPECT_FALSE(e.Init(CadenceEstimatorConfig{}, 27));  // < 2 * 12.5 + 3 samples.
  EXPECT_TRUE(e.Init(CadenceEstimatorConfig{}, 28));
}

TEST(CadenceEstimatorTest, UninitialisedOrBadWindowIsInvalid) {
  CadenceEstimator e;
  EXPECT_FALSE(e.Estimate(Sinusoid(108, 50, 300)).valid);
  ASSERT_TRUE(e.Init(Config(50), 300));
  EXPECT_FALSE(e.Estimate({}).valid);
  EXPECT_FALSE(e.Estimate(Sinusoid(108, 50, 301)).valid);  // Longer than max_window_samples.
  EXPECT_FALSE(e.Estimate(Sinusoid(108, 50, 20)).valid);   // Shorter than two short steps.
}

TEST(CadenceEstimatorTest, PureSinusoidAt1p8HzIs108Spm) {
  for (float fs : {50.0f, 100.0f}) {
    const int n = static_cast<int>(6 * fs);
    CadenceEstimator e;
    ASSERT_TRUE(e.Init(Config(fs), n));
    const CadenceEstimate c = e.Estimate(Sinusoid(108.0, fs, n));
    EXPECT_TRUE(c.valid) << "fs " << fs;
    EXPECT_NEAR(c.spm, 108.0f, 0.5f) << "fs " << fs;
    EXPECT_GT(c.periodicity, 0.9f);
    EXPECT_GT(c.stride_periodicity, 0.9f);
  }
}

// Periods that fall between integer lags are located by the parabolic refinement (and halved
// stride lag) to well under the 0.5 spm required.
TEST(CadenceEstimatorTest, NonIntegerLagPeriodsWithinHalfSpm) {
  for (float fs : {50.0f, 100.0f}) {
    const int n = static_cast<int>(6 * fs);
    CadenceEstimator e;
    ASSERT_TRUE(e.Init(Config(fs), n));
    for (double spm = 47.3; spm < 235.0; spm += 7.9) {
      const CadenceEstimate c = e.Estimate(Sinusoid(spm, fs, n, spm * 0.1));
      ASSERT_TRUE(c.valid) << "fs " << fs << " spm " << spm;
      EXPECT_NEAR(c.spm, spm, 0.5) << "fs " << fs << " lag " << 60.0 / spm * fs;
    }
  }
}

// Phone-in-pocket gait: odd steps strong and sharp, even steps weaker and broader, so the
// stride (2-step) peak is the strongest; the answer must still be the step rate, not half.
TEST(CadenceEstimatorTest, AsymmetricGaitAt100SpmIsNotHalved) {
  for (float fs : {50.0f, 100.0f}) {
    const int n = static_cast<int>(6 * fs);
    const std::vector<float> x = Gait(100.0, fs, n, 1.5, 0.07, 0.1, 42);
    // Precondition of the scenario: the stride peak beats the step peak.
    std::vector<float> r(static_cast<std::size_t>(n / 2));
    NormalizedAutocorrelation(x, n / 2 - 1, r);
    const std::size_t step_lag = static_cast<std::size_t>(std::lround(0.6 * fs));
    ASSERT_GT(r[2 * step_lag], r[step_lag] + 0.1f) << "fs " << fs;

    CadenceEstimator e;
    ASSERT_TRUE(e.Init(Config(fs), n));
    const CadenceEstimate c = e.Estimate(x);
    EXPECT_TRUE(c.valid) << "fs " << fs;
    EXPECT_NEAR(c.spm, 100.0f, 1.0f) << "fs " << fs;
    // The stride repeats more exactly than the step: periodicity is the stronger of the two.
    EXPECT_FLOAT_EQ(c.periodicity, c.stride_periodicity);
  }
}

TEST(CadenceEstimatorTest, AsymmetricGaitAcrossCadences) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  for (double spm = 70.0; spm <= 190.0; spm += 10.0) {
    const CadenceEstimate c = e.Estimate(Gait(spm, 50, 300, 1.5, 0.07, 0.1, 7));
    EXPECT_TRUE(c.valid) << spm;
    EXPECT_NEAR(c.spm, spm, 1.5) << spm;
  }
}

// Running at 170 spm: a strong 2nd harmonic (80 % of the fundamental) and a slight left/right
// difference. Must not report 340 (harmonic) or 85 (stride).
TEST(CadenceEstimatorTest, RunningWithStrongSecondHarmonicIs170) {
  for (float fs : {50.0f, 100.0f}) {
    const int n = static_cast<int>(6 * fs);
    std::mt19937 rng(170);
    std::normal_distribution<double> gauss(0.0, 0.2);
    std::vector<float> x(static_cast<std::size_t>(n));
    const double f = 170.0 / 60.0;
    for (int i = 0; i < n; ++i) {
      const double t = i / static_cast<double>(fs);
      const double ph = 2.0 * kPi * f * t;
      x[static_cast<std::size_t>(i)] =
          static_cast<float>(4.0 * std::sin(ph) + 3.2 * std::sin(2.0 * ph + 0.9) +
                             0.8 * std::sin(0.5 * ph + 0.2) + gauss(rng));
    }
    CadenceEstimator e;
    ASSERT_TRUE(e.Init(Config(fs), n));
    const CadenceEstimate c = e.Estimate(x);
    EXPECT_TRUE(c.valid) << "fs " << fs;
    EXPECT_NEAR(c.spm, 170.0f, 1.5f) << "fs " << fs;
  }
}

// Slow walking at 60 spm whose 2nd harmonic is stronger than the fundamental (1.2x): the
// half-step lag is a local maximum of r, but a weak one (r = (1.44 - 1) / 2.44 = 0.18), so the
// answer stays 60, not 120.
TEST(CadenceEstimatorTest, DominantHarmonicDoesNotDoubleTheRate) {
  for (float fs : {50.0f, 100.0f}) {
    const int n = static_cast<int>(6 * fs);
    std::vector<float> x(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const double ph = 2.0 * kPi * 1.0 * i / fs;
      x[static_cast<std::size_t>(i)] = static_cast<float>(std::sin(ph) + 1.2 * std::sin(2.0 * ph));
    }
    CadenceEstimator e;
    ASSERT_TRUE(e.Init(Config(fs), n));
    const CadenceEstimate c = e.Estimate(x);
    EXPECT_TRUE(c.valid) << "fs " << fs;
    EXPECT_NEAR(c.spm, 60.0f, 0.5f) << "fs " << fs;
  }
}

// Clear wipes what a window left in the scratch (its autocorrelation) and keeps the
// configuration: the next window gives the same estimate as before the wipe.
TEST(CadenceEstimatorTest, ClearZeroesTheScratchAndKeepsTheConfiguration) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  const std::vector<float> x = Gait(112.0, 50.0, 300, 1.5, 0.06, 0.2, 3);
  const CadenceEstimate before = e.Estimate(x);
  ASSERT_TRUE(before.valid);
  int nonzero = 0;
  for (const float v : e.autocorrelation_for_testing()) nonzero += v != 0.0f ? 1 : 0;
  EXPECT_GT(nonzero, 100);
  e.Clear();
  for (const float v : e.autocorrelation_for_testing()) ASSERT_EQ(v, 0.0f);
  const CadenceEstimate after = e.Estimate(x);
  EXPECT_TRUE(after.valid);
  EXPECT_EQ(after.spm, before.spm);
  EXPECT_EQ(after.periodicity, before.periodicity);
}

TEST(CadenceEstimatorTest, WhiteNoiseIsInvalid) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    std::vector<float> x(300);
    for (float& v : x) v = gauss(rng);
    const CadenceEstimate c = e.Estimate(x);
    EXPECT_FALSE(c.valid) << "seed " << seed << " spm " << c.spm;
    EXPECT_EQ(c.spm, 0.0f);
  }
}

TEST(CadenceEstimatorTest, ConstantIsInvalid) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  for (float v : {0.0f, 1.0f, 9.80665f}) {
    const CadenceEstimate c = e.Estimate(std::vector<float>(300, v));
    EXPECT_FALSE(c.valid);
    EXPECT_EQ(c.spm, 0.0f);
    EXPECT_EQ(c.periodicity, 0.0f);
  }
}

// A 6 Hz vibration repeats every 8.3 samples at 50 Hz; its multiple at 16.7 samples would read
// as 180 spm if only the step range were searched.
TEST(CadenceEstimatorTest, VibrationFasterThanAnyCadenceIsInvalid) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  const CadenceEstimate c = e.Estimate(Sinusoid(360.0, 50, 300));
  EXPECT_FALSE(c.valid);
  EXPECT_GT(c.periodicity, 0.9f);  // Periodic, just not gait.
}

// A 0.4 Hz sway (2.5 s period, 24 "spm") is periodic only beyond the longest step period.
TEST(CadenceEstimatorTest, PeriodLongerThanTheSlowestStepIsInvalid) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  // 18 per minute: even as a stride (36 spm) slower than min_spm (40).
  const CadenceEstimate c = e.Estimate(Sinusoid(18.0, 50, 300));
  EXPECT_FALSE(c.valid);
  EXPECT_EQ(c.spm, 0.0f);
}

TEST(CadenceEstimatorTest, GaitPriorReadsASlowPeriodAsAStride) {
  // A pure 55-per-minute oscillation has no peak at half its lag; read as one step it would be
  // slower than likely_min_spm (70), so it is a stride of two steps: 110 spm.
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(ConfigWithGaitPrior(50), 300));
  const CadenceEstimate c = e.Estimate(Sinusoid(55.0, 50, 300));
  EXPECT_TRUE(c.valid);
  EXPECT_NEAR(c.spm, 110.0f, 1.0f);
  // 24 per minute read as one stride would be 48 spm, itself slower than likely_min_spm: the
  // 2.5 s period is two strides, 96 spm (the prior halves until plausible).
  const CadenceEstimate slow = e.Estimate(Sinusoid(24.0, 50, 300));
  EXPECT_TRUE(slow.valid);
  EXPECT_NEAR(slow.spm, 96.0f, 2.0f);
  // With the prior disabled the same window is a 48 spm stride.
  ASSERT_TRUE(e.Init(Config(50), 300));
  const CadenceEstimate unbiased = e.Estimate(Sinusoid(24.0, 50, 300));
  EXPECT_TRUE(unbiased.valid);
  EXPECT_NEAR(unbiased.spm, 48.0f, 1.0f);
}

// step_lag_periodicity is r at the step lag itself: for a stride read by the gait prior from a
// smooth oscillation (a pedal stroke), r half a period on is strongly negative; for gait whose
// second step is present, even if weak, it is positive. periodicity stays the stronger of the
// two lags in both cases.
TEST(CadenceEstimatorTest, StepLagPeriodicityTellsASmoothCycleFromTwoSteps) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(ConfigWithGaitPrior(50), 300));
  const CadenceEstimate smooth = e.Estimate(Sinusoid(55.0, 50, 300));
  ASSERT_TRUE(smooth.valid);
  EXPECT_LT(smooth.step_lag_periodicity, -0.8f);
  EXPECT_GT(smooth.periodicity, 0.8f);
  EXPECT_EQ(smooth.periodicity, smooth.stride_periodicity);

  const CadenceEstimate gait = e.Estimate(Gait(110.0, 50, 300, 1.5, 0.07, 0.1, 7));
  ASSERT_TRUE(gait.valid);
  EXPECT_NEAR(gait.spm, 110.0f, 2.0f);
  EXPECT_GT(gait.step_lag_periodicity, 0.3f);
  EXPECT_LE(gait.step_lag_periodicity, gait.periodicity);
}

// StrideGait: a walk at `spm` with one heel strike per stride (the phone rides on one leg; the
// other step is absent), plus a sway that repeats every `strides_per_sway` strides, of
// `sway_amplitude`. The sway makes the autocorrelation highest at the sway period, a whole
// number of strides, with weaker (but clear) stride peaks in between.
std::vector<float> StrideGait(double spm, double fs, int n, int strides_per_sway,
                              double sway_amplitude) {
  const double stride_s = 120.0 / spm;
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double t = i / fs;
    double v = 0.0;
    for (int k = -1; k * stride_s < n / fs + 1.0; ++k) {
      const double center = 0.13 + k * stride_s;
      v += 3.0 * (Gaussian(t, center, 0.06) - 0.35 * Gaussian(t, center + 0.2, 0.12));
    }
    v += sway_amplitude * std::sin(2.0 * kPi * t / (strides_per_sway * stride_s) + 0.4);
    x[static_cast<std::size_t>(i)] = static_cast<float>(v);
  }
  return x;
}

// A period of two strides (the sway) whose halves carry no step-strength peak: the gait prior
// halves it until the cadence is plausible, at every internal rate (one halving gave 60 spm for
// a 120 spm walk).
TEST(CadenceEstimatorTest, GaitPriorResolvesAPeriodOfTwoStrides) {
  for (float fs : {12.5f, 25.0f, 50.0f}) {
    for (double spm : {100.0, 120.0}) {
      const int n = static_cast<int>(6 * fs);
      CadenceEstimator e;
      ASSERT_TRUE(e.Init(ConfigWithGaitPrior(fs), n));
      const CadenceEstimate c = e.Estimate(StrideGait(spm, fs, n, 2, 2.0));
      EXPECT_TRUE(c.valid) << fs << " Hz " << spm;
      EXPECT_NEAR(c.spm, spm, 0.03 * spm) << fs << " Hz " << spm;
    }
  }
}

// A period of three strides: halving cannot reach the step (it gives 2/3 or 4/3 of it); peaks at
// a third and two thirds of the period reveal the stride.
TEST(CadenceEstimatorTest, PeriodOfThreeStridesIsDividedByThree) {
  for (float fs : {12.5f, 25.0f, 50.0f}) {
    for (double spm : {125.0, 135.0}) {
      const int n = static_cast<int>(6 * fs);
      CadenceEstimator e;
      ASSERT_TRUE(e.Init(ConfigWithGaitPrior(fs), n));
      const CadenceEstimate c = e.Estimate(StrideGait(spm, fs, n, 3, 1.0));
      EXPECT_TRUE(c.valid) << fs << " Hz " << spm;
      EXPECT_NEAR(c.spm, spm, 0.03 * spm) << fs << " Hz " << spm;
    }
  }
}

// AliasedRun: running at `spm` (heel strikes of 10 ms, the two legs a little different) sampled
// at 12.5 Hz with no anti-aliasing filter, as a phone's accelerometer at a low rate can be,
// brought to 50 Hz by linear interpolation and band-passed to the gait band (0.5-5 Hz), as the
// analyzer does. The strikes' harmonics fold below 6.25 Hz, so that the samples repeat well only
// at lags where whole steps meet whole input samples. `phase_s` places the first strike.
std::vector<float> AliasedRun(double spm, double phase_s) {
  constexpr double kInputHz = 12.5;
  constexpr double kFs = 50.0;
  constexpr int kSettle = 200;  // Samples run through the filters before the window starts.
  constexpr int kN = 300;
  const double step_s = 60.0 / spm;
  const auto strikes = [&](double t) {
    double v = 0.0;
    for (int k = -80; k * step_s < kN / kFs + 1.0; ++k) {
      const double center = phase_s + k * step_s;
      const double amplitude = k % 2 == 0 ? 3.0 : 2.6;
      v += amplitude * (Gaussian(t, center, 0.01) - 0.3 * Gaussian(t, center + 0.09, 0.05));
    }
    return v;
  };
  std::array<BiquadCoefficients, 3> sections{};
  const int high = DesignButterworth(FilterType::kHighPass, 2, 0.5f, static_cast<float>(kFs),
                                     std::span<BiquadCoefficients>(sections).first(1));
  const int low = DesignButterworth(FilterType::kLowPass, 4, 5.0f, static_cast<float>(kFs),
                                    std::span<BiquadCoefficients>(sections).subspan(1));
  BiquadCascade band;
  EXPECT_TRUE(band.Init(
      std::span<const BiquadCoefficients>(sections).first(static_cast<std::size_t>(high + low))));
  std::vector<float> x;
  for (int i = -kSettle; i < kN; ++i) {
    const double u = i / kFs * kInputHz;  // Position on the input's sample grid.
    const double before = std::floor(u);
    const double w = u - before;
    const double sample =
        (1.0 - w) * strikes(before / kInputHz) + w * strikes((before + 1.0) / kInputHz);
    const float filtered = band.Process(static_cast<float>(sample));
    if (i >= 0) x.push_back(filtered);
  }
  return x;
}

// Running read through a 12.5 Hz input: the strongest repeat spans several steps, and halving
// it lands where the signal is in opposite phase. Step 7b reads the step from the sub-multiple
// whose in-between lags repeat; without it these windows read 107 and 136 spm. (This input,
// strikes far shorter than the input's sample period, is misread in other ways at other
// cadences, 2/3 of the rate with r > 0 at the read step, which step 7b does not address.)
TEST(CadenceEstimatorTest, RunningAliasedByACoarseInputIsReadAtItsStepRate) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(ConfigWithGaitPrior(50), 300));
  for (double spm : {160.0, 170.0}) {
    for (double phase_s : {0.0, 0.05}) {
      const CadenceEstimate c = e.Estimate(AliasedRun(spm, phase_s));
      EXPECT_TRUE(c.valid) << spm << " " << phase_s;
      EXPECT_NEAR(c.spm, spm, 0.02 * spm) << spm << " " << phase_s;
      EXPECT_GT(c.step_lag_periodicity, 0.0f) << spm << " " << phase_s;
    }
  }
}

TEST(CadenceEstimatorTest, ShorterWindowThanMaximumWorks) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  const CadenceEstimate c = e.Estimate(Sinusoid(108.0, 50, 150));  // 3 s.
  EXPECT_TRUE(c.valid);
  EXPECT_NEAR(c.spm, 108.0f, 0.5f);
}

TEST(CadenceEstimatorTest, EstimateDoesNotAllocate) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(Config(50), 300));
  const std::vector<float> x = Gait(115.0, 50, 300, 1.5, 0.07, 0.1, 3);
  minsense::testing::ScopedAllocationCounter counter;
  const CadenceEstimate c = e.Estimate(x);
  EXPECT_EQ(counter.count(), 0);
  EXPECT_TRUE(c.valid);
}

// Estimate hands out the window's sum of squares exactly as ComputeWindowRms forms it (the
// pipeline's gait RMS reads it), and NaN when it did not analyse the window.
TEST(CadenceEstimatorTest, WindowSumOfSquaresGivesTheWindowRms) {
  CadenceEstimator e;
  ASSERT_TRUE(e.Init(CadenceEstimatorConfig{}, 300));
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  for (const std::size_t n : {37, 150, 297, 298, 299, 300}) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] =
          2.0f * std::sin(2.0f * std::numbers::pi_v<float> * 1.8f * static_cast<float>(i) / 50.0f) +
          noise(rng);
    }
    const CadenceEstimate c = e.Estimate(x);
    ASSERT_FALSE(std::isnan(c.window_sum_squares)) << n;
    EXPECT_EQ(std::bit_cast<uint32_t>(WindowRmsFromSumOfSquares(c.window_sum_squares, n)),
              std::bit_cast<uint32_t>(ComputeWindowRms(x)))
        << n;
  }
  const std::vector<float> too_long(301, 1.0f);
  EXPECT_TRUE(std::isnan(e.Estimate(too_long).window_sum_squares));
  const std::vector<float> too_short(3, 1.0f);
  EXPECT_TRUE(std::isnan(e.Estimate(too_short).window_sum_squares));
}

}  // namespace
}  // namespace minsense::kernels
