// autocorrelation_test.cc: golden values, invariances and out-of-contract behaviour.
#include "kernels/autocorrelation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "kernels/window_stats.h"
#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

// Reference is an independent formulation: the biased autocovariance of an explicitly
// mean-removed copy, rescaled by N / (N - l).
std::vector<double> Reference(const std::vector<float>& x, int max_lag) {
  const std::size_t n = x.size();
  double mean = 0.0;
  for (float v : x) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = x[i] - mean;
  double c0 = 0.0;
  for (double v : d) c0 += v * v;
  std::vector<double> r(static_cast<std::size_t>(max_lag) + 1);
  for (std::size_t l = 0; l < r.size(); ++l) {
    double c = 0.0;
    for (std::size_t i = l; i < n; ++i) c += d[i] * d[i - l];
    r[l] = c / c0 * static_cast<double>(n) / static_cast<double>(n - l);
  }
  return r;
}

// Hand-computed: d = {-1.5, -0.5, 0.5, 1.5}, variance 1.25.
// l = 1: (0.75 - 0.25 + 0.75) / 3 / 1.25 = 1/3; l = 2: (-0.75 - 0.75) / 2 / 1.25 = -0.6;
// l = 3: -2.25 / 1 / 1.25 = -1.8 (the unbiased form is not bounded by 1 at lags near N).
TEST(NormalizedAutocorrelationTest, GoldenRamp) {
  const std::vector<float> x = {1.0f, 2.0f, 3.0f, 4.0f};
  std::vector<float> r(4, 99.0f);
  NormalizedAutocorrelation(x, 3, r);
  EXPECT_FLOAT_EQ(r[0], 1.0f);
  EXPECT_FLOAT_EQ(r[1], 1.0f / 3.0f);
  EXPECT_FLOAT_EQ(r[2], -0.6f);
  EXPECT_FLOAT_EQ(r[3], -1.8f);
}

TEST(NormalizedAutocorrelationTest, GoldenAlternating) {
  const std::vector<float> x = {1.0f, -1.0f, 1.0f, -1.0f, 1.0f, -1.0f};
  std::vector<float> r(5);
  NormalizedAutocorrelation(x, 4, r);
  const std::vector<float> expected = {1.0f, -1.0f, 1.0f, -1.0f, 1.0f};
  for (std::size_t l = 0; l < 5; ++l) EXPECT_FLOAT_EQ(r[l], expected[l]) << l;
}

TEST(NormalizedAutocorrelationTest, MatchesIndependentReferenceOnRandomInput) {
  std::mt19937 rng(17);
  std::normal_distribution<float> dist(1.0f, 2.0f);
  std::vector<float> x(300);
  for (float& v : x) v = dist(rng);
  std::vector<float> r(201);
  {
    minsense::testing::ScopedAllocationCounter counter;
    NormalizedAutocorrelation(x, 200, r);
    EXPECT_EQ(counter.count(), 0);
  }
  const std::vector<double> ref = Reference(x, 200);
  for (std::size_t l = 0; l <= 200; ++l) EXPECT_NEAR(r[l], ref[l], 1e-6) << l;
  EXPECT_EQ(r[0], 1.0f);
  // White noise: no lag is correlated beyond a few standard errors 1 / sqrt(N - l).
  for (std::size_t l = 1; l <= 150; ++l)
    EXPECT_LT(std::abs(r[l]), 5.0 / std::sqrt(300.0 - static_cast<double>(l)));
}

TEST(NormalizedAutocorrelationTest, SinusoidPeaksAtItsPeriod) {
  // Period 25 samples (2 Hz at 50 Hz) over 300 samples.
  std::vector<float> x(300);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(
        3.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 25.0 + 0.4));
  }
  std::vector<float> r(151);
  NormalizedAutocorrelation(x, 150, r);
  // Whole periods in every overlap at l = 25 k: r = 1 up to the edge term of the mean.
  for (int k = 1; k <= 6; ++k) EXPECT_NEAR(r[static_cast<std::size_t>(25 * k)], 1.0f, 0.02f) << k;
  // Half a period: inverted. A quarter period: uncorrelated (cos(pi / 2)).
  EXPECT_NEAR(r[50 + 12], std::cos(2.0 * std::numbers::pi * 12.0 / 25.0), 0.03);
  EXPECT_NEAR(r[75 + 6], std::cos(2.0 * std::numbers::pi * 6.0 / 25.0), 0.03);
  // The peak at 25 is a local maximum.
  EXPECT_GT(r[25], r[24]);
  EXPECT_GT(r[25], r[26]);
}

TEST(NormalizedAutocorrelationTest, InvariantToOffsetAndScale) {
  std::mt19937 rng(23);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(200), y(200);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = dist(rng) + static_cast<float>(std::sin(0.3 * static_cast<double>(i)));
    y[i] = 9.80665f + 4.0f * x[i];
  }
  std::vector<float> rx(100), ry(100);
  NormalizedAutocorrelation(x, 99, rx);
  NormalizedAutocorrelation(y, 99, ry);
  for (std::size_t l = 0; l < 100; ++l) EXPECT_NEAR(rx[l], ry[l], 1e-5) << l;
}

TEST(NormalizedAutocorrelationTest, ConstantAndEmptyWindowsGiveZeros) {
  for (float c : {0.0f, 0.1f, 9.80665f, -3.3f}) {
    const std::vector<float> x(300, c);
    std::vector<float> r(50, 7.0f);
    NormalizedAutocorrelation(x, 49, r);
    for (std::size_t l = 0; l < r.size(); ++l) EXPECT_EQ(r[l], 0.0f) << "c " << c << " l " << l;
  }
  std::vector<float> r(4, 7.0f);
  NormalizedAutocorrelation({}, 3, r);
  for (float v : r) EXPECT_EQ(v, 0.0f);
}

TEST(NormalizedAutocorrelationTest, OutOfContractCallsAreDefined) {
  const std::vector<float> x = {1.0f, 2.0f, 3.0f, 4.0f};
  // max_lag >= N: lags beyond N - 1 are 0, the others as usual.
  std::vector<float> r(7, 7.0f);
  NormalizedAutocorrelation(x, 6, r);
  EXPECT_FLOAT_EQ(r[3], -1.8f);
  EXPECT_EQ(r[4], 0.0f);
  EXPECT_EQ(r[5], 0.0f);
  EXPECT_EQ(r[6], 0.0f);
  // r shorter than max_lag + 1: only r.size() lags are written.
  std::vector<float> short_r(2, 7.0f);
  NormalizedAutocorrelation(x, 3, short_r);
  EXPECT_FLOAT_EQ(short_r[0], 1.0f);
  EXPECT_FLOAT_EQ(short_r[1], 1.0f / 3.0f);
  // Negative max_lag: nothing written.
  std::vector<float> untouched(3, 7.0f);
  NormalizedAutocorrelation(x, -1, untouched);
  for (float v : untouched) EXPECT_EQ(v, 7.0f);
  // Empty r: nothing to do.
  NormalizedAutocorrelation(x, 3, {});
}

// The fast kernel against the reference (the oracle). Stated tolerance: 1e-4 absolute over the
// lags the cadence estimator reads (up to 3/4 N); float accumulation keeps it near 1e-6.
constexpr float kFastTolerance = 1e-4f;

void ExpectFastMatchesReference(const std::vector<float>& x, int max_lag) {
  std::vector<float> reference(static_cast<std::size_t>(max_lag) + 1, 7.0f);
  std::vector<float> fast(reference.size(), -7.0f);
  NormalizedAutocorrelation(x, max_lag, reference);
  {
    minsense::testing::ScopedAllocationCounter counter;
    NormalizedAutocorrelationFast(x, max_lag, fast);
    EXPECT_EQ(counter.count(), 0);
  }
  for (std::size_t l = 0; l < reference.size(); ++l) {
    EXPECT_NEAR(fast[l], reference[l], kFastTolerance) << "lag " << l << " n " << x.size();
  }
}

TEST(NormalizedAutocorrelationFastTest, MatchesReferenceOnRandomInput) {
  std::mt19937 rng(29);
  for (const std::size_t n : {4u, 7u, 31u, 64u, 150u, 300u, 301u, 600u, 2048u}) {
    std::normal_distribution<float> dist(1.0f, 2.0f);
    std::vector<float> x(n);
    for (float& v : x) v = dist(rng);
    ExpectFastMatchesReference(x, static_cast<int>(3 * n / 4));
  }
}

TEST(NormalizedAutocorrelationFastTest, MatchesReferenceOnGaitLikeInput) {
  // Gravity offset, a step fundamental, a stride sub-harmonic, impacts and noise, at 50 Hz.
  std::mt19937 rng(31);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  for (const double spm : {60.0, 105.0, 170.0, 230.0}) {
    std::vector<float> x(300);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double t = static_cast<double>(i) / 50.0;
      const double phase = 2.0 * std::numbers::pi * spm / 60.0 * t;
      x[i] =
          static_cast<float>(9.80665 + 3.0 * std::sin(phase) + 1.2 * std::sin(phase / 2.0 + 0.3) +
                             2.0 * std::pow(std::max(0.0, std::sin(phase)), 8.0)) +
          noise(rng);
    }
    ExpectFastMatchesReference(x, 152);
  }
}

TEST(NormalizedAutocorrelationFastTest, ConstantNearConstantAndEmptyWindows) {
  for (float c : {0.0f, 0.1f, 9.80665f, -3.3f}) {
    const std::vector<float> x(300, c);
    std::vector<float> r(50, 7.0f);
    NormalizedAutocorrelationFast(x, 49, r);
    for (std::size_t l = 0; l < r.size(); ++l) EXPECT_EQ(r[l], 0.0f) << "c " << c << " l " << l;
  }
  // A tiny variation on a large offset: the mean is removed in double, so it still matches.
  std::mt19937 rng(37);
  std::normal_distribution<float> noise(0.0f, 1e-3f);
  std::vector<float> x(300);
  for (float& v : x) v = 9.80665f + noise(rng);
  ExpectFastMatchesReference(x, 152);
  std::vector<float> r(4, 7.0f);
  NormalizedAutocorrelationFast({}, 3, r);
  for (float v : r) EXPECT_EQ(v, 0.0f);
}

TEST(NormalizedAutocorrelationFastTest, OutOfContractCallsMatchReference) {
  const std::vector<float> x = {1.0f, 2.0f, 3.0f, 4.0f};
  std::vector<float> r(7, 7.0f);
  NormalizedAutocorrelationFast(x, 6, r);
  EXPECT_FLOAT_EQ(r[0], 1.0f);
  EXPECT_FLOAT_EQ(r[1], 1.0f / 3.0f);
  EXPECT_FLOAT_EQ(r[2], -0.6f);
  EXPECT_FLOAT_EQ(r[3], -1.8f);
  EXPECT_EQ(r[4], 0.0f);
  EXPECT_EQ(r[6], 0.0f);
  std::vector<float> short_r(2, 7.0f);
  NormalizedAutocorrelationFast(x, 3, short_r);
  EXPECT_FLOAT_EQ(short_r[1], 1.0f / 3.0f);
  std::vector<float> untouched(3, 7.0f);
  NormalizedAutocorrelationFast(x, -1, untouched);
  for (float v : untouched) EXPECT_EQ(v, 7.0f);
  NormalizedAutocorrelationFast(x, 3, {});
  // Longer than the stack scratch: the reference answers.
  std::mt19937 rng(41);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> long_x(static_cast<std::size_t>(kAutocorrelationFastMaxSamples) + 10);
  for (float& v : long_x) v = dist(rng);
  ExpectFastMatchesReference(long_x, 100);
}

// The sum of squares the fast kernel hands out is the one behind ComputeWindowRms, bit for bit,
// at every window length up to 70 (every tail of the four lanes) and at the pipeline's sizes.
TEST(NormalizedAutocorrelationFastTest, SumOfSquaresIsTheWindowRmsSum) {
  std::mt19937 rng(20261130);
  std::normal_distribution<float> gait(0.0f, 2.5f);
  std::vector<float> x(2100);
  for (float& v : x) v = gait(rng);
  std::vector<float> r(2100);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 1; n <= 70; ++n) sizes.push_back(n);
  for (const std::size_t n : {75, 150, 300, 301, 600, 2047, 2048}) sizes.push_back(n);
  for (const std::size_t n : sizes) {
    SCOPED_TRACE("size " + std::to_string(n));
    const std::span<const float> w(x.data(), n);
    double sum_squares = 0.0;
    NormalizedAutocorrelationFast(w, static_cast<int>(n / 2), r, &sum_squares);
    ASSERT_EQ(std::bit_cast<uint32_t>(WindowRmsFromSumOfSquares(sum_squares, n)),
              std::bit_cast<uint32_t>(ComputeWindowRms(w)));
  }
  // Not computed: NaN.
  double sum_squares = 0.0;
  NormalizedAutocorrelationFast(std::span<const float>(x.data(), 0), 3, r, &sum_squares);
  EXPECT_TRUE(std::isnan(sum_squares));
  sum_squares = 0.0;
  NormalizedAutocorrelationFast(std::span<const float>(x.data(), 50), -1, r, &sum_squares);
  EXPECT_TRUE(std::isnan(sum_squares));
  sum_squares = 0.0;
  NormalizedAutocorrelationFast(x, 10, r, &sum_squares);  // 2100 > the fast kernel's limit.
  EXPECT_TRUE(std::isnan(sum_squares));
  // A constant window (no correlation to compute) still has its sum.
  const std::vector<float> constant(301, 9.81f);
  NormalizedAutocorrelationFast(constant, 100, r, &sum_squares);
  EXPECT_EQ(std::bit_cast<uint32_t>(WindowRmsFromSumOfSquares(sum_squares, constant.size())),
            std::bit_cast<uint32_t>(ComputeWindowRms(constant)));
}

// The mean and centring passes in AVX lanes (on a CPU with AVX) give the same r and the same
// sum of squares as in Eigen's SSE2 lanes, bit for bit, at every length up to 70 and at the
// pipeline's sizes, on gait-like values, values over many binades, and near-constant windows.
TEST(NormalizedAutocorrelationFastTest, AvxSumsSameBitsAsPortableSums) {
  if (!WindowStatsAvxInUse()) GTEST_SKIP() << "no AVX path on this CPU or build";
  std::mt19937 rng(20261130);
  std::normal_distribution<float> gait(9.81f, 2.5f);
  std::uniform_real_distribution<float> exponent(-20.0f, 20.0f);
  std::uniform_int_distribution<int> sign(0, 1);
  std::vector<float> x(700);
  std::vector<float> r_fast(700), r_portable(700);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 1; n <= 70; ++n) sizes.push_back(n);
  for (const std::size_t n : {150, 299, 300, 301, 700}) sizes.push_back(n);
  for (int set = 0; set < 3; ++set) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (set == 0) x[i] = gait(rng);
      if (set == 1) x[i] = (sign(rng) ? -1.0f : 1.0f) * std::exp2(exponent(rng));
      if (set == 2) x[i] = 9.81f + (i % 7 == 0 ? 1e-6f : 0.0f);
    }
    for (const std::size_t n : sizes) {
      SCOPED_TRACE("set " + std::to_string(set) + " size " + std::to_string(n));
      const std::span<const float> w(x.data(), n);
      const int max_lag = static_cast<int>(3 * n / 4);
      double sum_fast = 0.0, sum_portable = 1.0;
      NormalizedAutocorrelationFast(w, max_lag, r_fast, &sum_fast);
      NormalizedAutocorrelationFastPortableSums(w, max_lag, r_portable, &sum_portable);
      ASSERT_EQ(std::bit_cast<uint64_t>(sum_fast), std::bit_cast<uint64_t>(sum_portable));
      for (int l = 0; l <= max_lag; ++l) {
        const auto k = static_cast<std::size_t>(l);
        ASSERT_EQ(std::bit_cast<uint32_t>(r_fast[k]), std::bit_cast<uint32_t>(r_portable[k]))
            << "lag " << l;
      }
    }
  }
}

}  // namespace
}  // namespace minsense::kernels
