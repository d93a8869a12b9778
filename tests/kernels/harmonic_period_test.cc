// harmonic_period_test.cc: the harmonic sum against a direct reference, its period search on
// exact and aliased periodic signals, invariances and bad input.
#include "kernels/harmonic_period.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "kernels/cadence_estimator.h"
#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

constexpr double kPi = std::numbers::pi;

// ReferenceHarmonicSum is the definition, one std::cos and std::sin per term: the oracle for the
// phasor recurrence of HarmonicSum.
double ReferenceHarmonicSum(const std::vector<float>& x, double period, int harmonics) {
  double mean = 0.0;
  for (const float v : x) mean += static_cast<double>(v);
  mean /= static_cast<double>(x.size());
  double energy = 0.0;
  for (int k = 1; k <= harmonics; ++k) {
    double re = 0.0;
    double im = 0.0;
    for (std::size_t n = 0; n < x.size(); ++n) {
      const double phase = 2.0 * kPi * k * static_cast<double>(n) / period;
      re += (static_cast<double>(x[n]) - mean) * std::cos(phase);
      im -= (static_cast<double>(x[n]) - mean) * std::sin(phase);
    }
    energy += re * re + im * im;
  }
  return energy;
}

// Harmonics: three harmonics of a period (samples) with fixed amplitudes and phases, plus an
// offset that the mean removal must ignore.
std::vector<float> Harmonics(double period, int n) {
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double w = 2.0 * kPi * i / period;
    x[static_cast<std::size_t>(i)] =
        static_cast<float>(3.0 + 1.0 * std::cos(w + 0.4) + 1.6 * std::cos(2.0 * w - 1.1) +
                           0.5 * std::cos(3.0 * w + 2.0));
  }
  return x;
}

// AliasedGait is walking as a sensor read at input_hz without an anti-aliasing filter and then
// linearly interpolated to out_hz (what BoxcarResampler does when upsampling): a heel strike per
// step, a narrow pulse rich in harmonics up to ~15 Hz, alternating in height between the legs so
// that the signal repeats at the stride, sampled only at the input instants.
std::vector<float> AliasedGait(double stride_s, double input_hz, double out_hz, int n) {
  const auto pulse_train = [&](double t) {
    double v = 0.0;
    const double step_s = 0.5 * stride_s;
    const int first = static_cast<int>(std::floor(t / step_s)) - 2;
    for (int s = first; s <= first + 4; ++s) {
      const double u = (t - (s + 0.3) * step_s) / 0.03;  // 30 ms wide impact.
      v += ((s % 2 == 0) ? 1.0 : 0.7) * std::exp(-0.5 * u * u);
    }
    return v;
  };
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double t = i / out_hz;
    const double k = std::floor(t * input_hz);
    const double w = t * input_hz - k;
    x[static_cast<std::size_t>(i)] = static_cast<float>((1.0 - w) * pulse_train(k / input_hz) +
                                                        w * pulse_train((k + 1.0) / input_hz));
  }
  return x;
}

TEST(HarmonicSumTest, MatchesTheDirectSum) {
  std::mt19937 rng(7);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::vector<float> x(300);
  for (float& v : x) v = gauss(rng);
  for (double period : {2.5, 13.27, 53.1, 149.9}) {
    for (int harmonics : {1, 3, 5}) {
      const double want = ReferenceHarmonicSum(x, period, harmonics);
      EXPECT_NEAR(HarmonicSum(x, period, harmonics), want, 1e-9 * want)
          << period << " " << harmonics;
    }
  }
}

TEST(HarmonicSumTest, GoldenValueOfOneHarmonicOverWholePeriods) {
  // 4 whole periods of cos: the first harmonic's coefficient is N / 2 = 50, the others 0.
  std::vector<float> x(100);
  for (int i = 0; i < 100; ++i) {
    x[static_cast<std::size_t>(i)] = static_cast<float>(std::cos(2.0 * kPi * i / 25.0));
  }
  EXPECT_NEAR(HarmonicSum(x, 25.0, 1), 2500.0, 1e-3);  // x is float.
  EXPECT_NEAR(HarmonicSum(x, 25.0, 3), 2500.0, 1e-3);
}

TEST(HarmonicSumPeriodTest, FindsAFractionalPeriod) {
  for (double period : {26.37, 41.8, 53.08}) {
    const std::vector<float> x = Harmonics(period, 300);
    const double found = HarmonicSumPeriod(x, 0.88 * period, 1.12 * period, 3, 48);
    EXPECT_NEAR(found, period, 0.002 * period) << period;
  }
}

TEST(HarmonicSumPeriodTest, KeepsTheStrideOfAliasedGaitBetterThanTheAutocorrelation) {
  // Strides of 0.90-1.20 s (100-133 spm) read at 12.5 Hz without an anti-aliasing filter and
  // interpolated to 50 Hz. The harmonic sum finds each within 1 %; the autocorrelation's
  // estimate is pulled towards whole input intervals and is worse on average (0.12 against
  // 0.82 spm when this test was written).
  CadenceEstimatorConfig config;
  CadenceEstimator estimator;
  ASSERT_TRUE(estimator.Init(config, 300));
  double harmonic_error = 0.0;
  double autocorrelation_error = 0.0;
  int cases = 0;
  for (double stride_s = 0.90; stride_s <= 1.2001; stride_s += 0.0125) {
    const std::vector<float> x = AliasedGait(stride_s, 12.5, 50.0, 300);
    const double truth_spm = 120.0 / stride_s;
    const CadenceEstimate c = estimator.Estimate(x);
    ASSERT_TRUE(c.valid) << stride_s;
    const double guess = 120.0 * 50.0 / c.spm;
    // Within one input interval (4 samples) of the estimator's stride, 4 harmonics: as the
    // pipeline searches.
    const double found = HarmonicSumPeriod(x, guess - 4.0, guess + 4.0, 4, 48);
    const double spm = 120.0 * 50.0 / found;
    EXPECT_NEAR(spm, truth_spm, 0.01 * truth_spm) << stride_s;
    harmonic_error += std::abs(spm - truth_spm);
    autocorrelation_error += std::abs(c.spm - truth_spm);
    ++cases;
  }
  std::cout << "mean error over " << cases << " strides: harmonic sum " << harmonic_error / cases
            << " spm, autocorrelation " << autocorrelation_error / cases << " spm\n";
  EXPECT_LT(harmonic_error, autocorrelation_error);
}

TEST(HarmonicSumPeriodTest, IgnoresScaleOffsetAndTimeReversal) {
  const std::vector<float> x = AliasedGait(1.0617, 12.5, 50.0, 300);
  const double base = HarmonicSumPeriod(x, 47.0, 59.0, 3, 48);
  ASSERT_TRUE(std::isfinite(base));
  std::vector<float> scaled(x.size());
  std::vector<float> reversed(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    scaled[i] = 4.0f * x[i] - 9.81f;
    reversed[i] = x[x.size() - 1 - i];
  }
  EXPECT_NEAR(HarmonicSumPeriod(scaled, 47.0, 59.0, 3, 48), base, 1e-6 * base);
  EXPECT_NEAR(HarmonicSumPeriod(reversed, 47.0, 59.0, 3, 48), base, 1e-6 * base);
}

TEST(HarmonicSumPeriodTest, NoPeakInsideTheRangeIsNaN) {
  // The true period lies outside the range: the energy is largest at an end of it.
  const std::vector<float> x = Harmonics(40.0, 300);
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 44.0, 50.0, 3, 12)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 36.0, 39.0, 3, 12)));
  const double found = HarmonicSumPeriod(x, 36.0, 44.0, 3, 12);
  EXPECT_GT(found, 36.0);
  EXPECT_LT(found, 44.0);
}

TEST(HarmonicSumPeriodTest, RejectsBadInput) {
  const std::vector<float> x = Harmonics(30.0, 300);
  const std::vector<float> one(1, 1.0f);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(HarmonicSum({}, 30.0, 3)));
  EXPECT_TRUE(std::isnan(HarmonicSum(x, 0.0, 3)));
  EXPECT_TRUE(std::isnan(HarmonicSum(x, nan, 3)));
  EXPECT_TRUE(std::isnan(HarmonicSum(x, 30.0, 0)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod({}, 20.0, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(one, 20.0, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 0.0, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, -5.0, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 40.0, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 40.0, 20.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, nan, 40.0, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 20.0, inf, 3, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 20.0, 40.0, 0, 48)));
  EXPECT_TRUE(std::isnan(HarmonicSumPeriod(x, 20.0, 40.0, 3, 1)));
}

TEST(HarmonicSumPeriodTest, DoesNotAllocate) {
  const std::vector<float> x = Harmonics(30.0, 300);
  minsense::testing::ScopedAllocationCounter counter;
  const double p = HarmonicSumPeriod(x, 26.0, 34.0, 3, 48);
  const double e = HarmonicSum(x, 30.0, 3);
  EXPECT_EQ(counter.count(), 0);
  EXPECT_TRUE(std::isfinite(p) && std::isfinite(e));
}

// The AVX path (chosen at run time where the CPU has AVX) against the portable code: the same
// period, bit for bit, on random windows of several lengths, ranges, harmonic counts and grids,
// including searches that find no peak (NaN on both).
TEST(HarmonicSumPeriodTest, RunTimeChoiceMatchesThePortableCodeBitForBit) {
  std::mt19937 rng(1130);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  std::uniform_real_distribution<double> period(8.0, 120.0);
  std::uniform_int_distribution<int> harmonics(1, kMaxHarmonics);
  std::uniform_int_distribution<int> grid(2, 40);
  int found = 0;
  for (const int n : {2, 3, 17, 64, 299, 300, 301}) {
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<float> x(static_cast<std::size_t>(n));
      const double p = period(rng);
      for (int i = 0; i < n; ++i) {
        x[static_cast<std::size_t>(i)] =
            static_cast<float>(2.0 * std::cos(2.0 * kPi * i / p)) + noise(rng);
      }
      const double lo = p * 0.8;
      const double hi = p * 1.2;
      const int h = harmonics(rng);
      const int g = grid(rng);
      const double chosen = HarmonicSumPeriod(x, lo, hi, h, g);
      const double portable = HarmonicSumPeriodPortable(x, lo, hi, h, g);
      if (std::isnan(portable)) {
        EXPECT_TRUE(std::isnan(chosen)) << n << " samples, trial " << trial;
      } else {
        ++found;
        EXPECT_EQ(std::bit_cast<uint64_t>(chosen), std::bit_cast<uint64_t>(portable))
            << n << " samples, trial " << trial;
      }
    }
  }
  EXPECT_GT(found, 100);  // Most searches find a peak, so the bits are compared.
}

}  // namespace
}  // namespace minsense::kernels
