// window_stats_test.cc: golden statistics and agreement with an independent Welford reference.
#include "kernels/window_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

TEST(WindowStatsTest, EmptyWindowIsAllZero) {
  const WindowStats s = ComputeWindowStats({});
  EXPECT_EQ(s.mean, 0.0f);
  EXPECT_EQ(s.variance, 0.0f);
  EXPECT_EQ(s.stddev, 0.0f);
  EXPECT_EQ(s.rms, 0.0f);
  EXPECT_EQ(s.min, 0.0f);
  EXPECT_EQ(s.max, 0.0f);
}

// Hand-computed: mean 10/4, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, rms sqrt(30 / 4).
TEST(WindowStatsTest, GoldenOneToFour) {
  const std::vector<float> x = {3.0f, 1.0f, 4.0f, 2.0f};
  const WindowStats s = ComputeWindowStats(x);
  EXPECT_FLOAT_EQ(s.mean, 2.5f);
  EXPECT_FLOAT_EQ(s.variance, 1.25f);
  EXPECT_FLOAT_EQ(s.stddev, 1.1180340f);
  EXPECT_FLOAT_EQ(s.rms, 2.7386128f);
  EXPECT_EQ(s.min, 1.0f);
  EXPECT_EQ(s.max, 4.0f);
}

// Hand-computed: mean 40 / 8 = 5, population variance 32 / 8 = 4 (sample variance would be
// 32 / 7), rms sqrt(232 / 8) = sqrt(29).
TEST(WindowStatsTest, GoldenPopulationVariance) {
  const std::vector<float> x = {2.0f, 4.0f, 4.0f, 4.0f, 5.0f, 5.0f, 7.0f, 9.0f};
  const WindowStats s = ComputeWindowStats(x);
  EXPECT_FLOAT_EQ(s.mean, 5.0f);
  EXPECT_FLOAT_EQ(s.variance, 4.0f);
  EXPECT_FLOAT_EQ(s.stddev, 2.0f);
  EXPECT_FLOAT_EQ(s.rms, 5.3851648f);
  EXPECT_EQ(s.min, 2.0f);
  EXPECT_EQ(s.max, 9.0f);
}

TEST(WindowStatsTest, SingleNegativeSample) {
  const std::vector<float> x = {-3.0f};
  const WindowStats s = ComputeWindowStats(x);
  EXPECT_EQ(s.mean, -3.0f);
  EXPECT_EQ(s.variance, 0.0f);
  EXPECT_EQ(s.stddev, 0.0f);
  EXPECT_EQ(s.rms, 3.0f);
  EXPECT_EQ(s.min, -3.0f);
  EXPECT_EQ(s.max, -3.0f);
}

// A large offset with a small spread: E[x^2] - mean^2 in float would lose the spread entirely.
TEST(WindowStatsTest, LargeOffsetKeepsSmallSpread) {
  std::vector<float> x;
  for (int i = 0; i < 300; ++i) x.push_back(i % 2 == 0 ? 10000.5f : 9999.5f);
  const WindowStats s = ComputeWindowStats(x);
  EXPECT_FLOAT_EQ(s.mean, 10000.0f);
  EXPECT_FLOAT_EQ(s.variance, 0.25f);
  EXPECT_FLOAT_EQ(s.stddev, 0.5f);
  EXPECT_FLOAT_EQ(s.rms, 10000.0f);
}

TEST(WindowStatsTest, AgreesWithWelfordReferenceOnRandomInput) {
  std::mt19937 rng(99);
  std::normal_distribution<float> dist(9.8f, 1.5f);
  std::vector<float> x(301);
  for (float& v : x) v = dist(rng);
  // Welford's single-pass update, an independent formulation.
  double mean = 0.0, m2 = 0.0, sum_squares = 0.0;
  double lo = x[0], hi = x[0];
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    const double delta = v - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (v - mean);
    sum_squares += v * v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double n = static_cast<double>(x.size());
  WindowStats s;
  {
    minsense::testing::ScopedAllocationCounter counter;
    s = ComputeWindowStats(x);
    EXPECT_EQ(counter.count(), 0);
  }
  EXPECT_NEAR(s.mean, mean, 1e-6 * std::abs(mean));
  EXPECT_NEAR(s.variance, m2 / n, 1e-6 * m2 / n);
  EXPECT_NEAR(s.stddev, std::sqrt(m2 / n), 1e-6 * std::sqrt(m2 / n));
  EXPECT_NEAR(s.rms, std::sqrt(sum_squares / n), 1e-6 * std::sqrt(sum_squares / n));
  EXPECT_EQ(s.min, lo);
  EXPECT_EQ(s.max, hi);
  // rms^2 = mean^2 + variance.
  EXPECT_NEAR(static_cast<double>(s.rms) * s.rms, static_cast<double>(s.mean) * s.mean + s.variance,
              1e-4);
}

TEST(WindowStatsTest, SinusoidOverWholePeriods) {
  // A sine of amplitude A over whole periods: mean 0, variance A^2 / 2, range [-A, A].
  std::vector<float> x(300);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] =
        static_cast<float>(2.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 25.0));
  }
  const WindowStats s = ComputeWindowStats(x);
  EXPECT_NEAR(s.mean, 0.0f, 1e-6f);
  EXPECT_NEAR(s.variance, 2.0f, 1e-5f);
  EXPECT_NEAR(s.rms, std::sqrt(2.0f), 1e-5f);
  EXPECT_NEAR(s.max, 2.0f, 0.02f);
  EXPECT_NEAR(s.min, -2.0f, 0.02f);
}

// ComputeWindowStats (interleaved partial sums) against the plain reference: the double sums
// differ only in rounding order, so the float results agree to within one float rounding (in
// practice they are identical); min and max are exact.
void ExpectMatchesReference(const std::vector<float>& x) {
  const WindowStats reference = ComputeWindowStatsReference(x);
  WindowStats fast;
  {
    minsense::testing::ScopedAllocationCounter counter;
    fast = ComputeWindowStats(x);
    EXPECT_EQ(counter.count(), 0);
  }
  float scale = 0.0f;
  for (const float v : x) scale = std::max(scale, std::fabs(v));
  const auto one_rounding = [](float v) { return 1.2e-7f * std::fabs(v); };
  EXPECT_NEAR(fast.mean, reference.mean, 1e-12f * scale + one_rounding(reference.mean))
      << "n " << x.size();
  EXPECT_NEAR(fast.variance, reference.variance, one_rounding(reference.variance))
      << "n " << x.size();
  EXPECT_NEAR(fast.stddev, reference.stddev, one_rounding(reference.stddev)) << "n " << x.size();
  EXPECT_NEAR(fast.rms, reference.rms, one_rounding(reference.rms)) << "n " << x.size();
  EXPECT_EQ(fast.min, reference.min);
  EXPECT_EQ(fast.max, reference.max);
}

TEST(WindowStatsTest, MatchesPlainReferenceOnRandomInput) {
  std::mt19937 rng(61);
  for (const std::size_t n : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 31u, 299u, 300u, 301u, 1000u}) {
    std::normal_distribution<float> dist(9.8f, 3.0f);
    std::vector<float> x(n);
    for (float& v : x) v = dist(rng);
    ExpectMatchesReference(x);
    std::uniform_real_distribution<float> centred(-5.0f, 5.0f);
    for (float& v : x) v = centred(rng);
    ExpectMatchesReference(x);
  }
}

TEST(WindowStatsTest, MatchesPlainReferenceOnGaitLikeInput) {
  // |a| of walking and running at 50 Hz (gravity, step, stride, impacts, noise), and its
  // gait band (around zero), the two windows the pipeline describes.
  std::mt19937 rng(67);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  for (const double spm : {60.0, 105.0, 170.0, 230.0}) {
    std::vector<float> magnitude(300);
    std::vector<float> band(300);
    for (std::size_t i = 0; i < magnitude.size(); ++i) {
      const double phase = 2.0 * std::numbers::pi * spm / 60.0 * static_cast<double>(i) / 50.0;
      const double dynamic = 3.0 * std::sin(phase) + 1.2 * std::sin(phase / 2.0 + 0.3) +
                             2.0 * std::pow(std::max(0.0, std::sin(phase)), 8.0);
      magnitude[i] = static_cast<float>(9.80665 + dynamic) + noise(rng);
      band[i] = static_cast<float>(dynamic) + noise(rng);
    }
    ExpectMatchesReference(magnitude);
    ExpectMatchesReference(band);
  }
  // A still phone: a tiny spread on a large offset.
  std::vector<float> still(300);
  std::normal_distribution<float> tiny(0.0f, 0.005f);
  for (float& v : still) v = 9.81f + tiny(rng);
  ExpectMatchesReference(still);
}

// The RMS alone is bit-identical to the full statistics' RMS (the same lanes in the same
// order) and close to the plain reference's, at every length.
TEST(WindowRmsTest, BitIdenticalToWindowStatsRms) {
  EXPECT_EQ(ComputeWindowRms({}), 0.0f);
  std::mt19937 rng(73);
  for (const std::size_t n : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 31u, 299u, 300u, 301u, 1000u}) {
    for (const float offset : {0.0f, 9.8f}) {
      std::normal_distribution<float> dist(offset, 3.0f);
      std::vector<float> x(n);
      for (float& v : x) v = dist(rng);
      const float rms = ComputeWindowRms(x);
      EXPECT_EQ(std::bit_cast<uint32_t>(rms), std::bit_cast<uint32_t>(ComputeWindowStats(x).rms))
          << n;
      EXPECT_NEAR(rms, ComputeWindowStatsReference(x).rms, 2e-7f * rms) << n;
    }
  }
  const std::vector<float> x = {3.0f, 1.0f, 4.0f, 2.0f};
  EXPECT_FLOAT_EQ(ComputeWindowRms(x), 2.7386128f);  // sqrt(30 / 4)
}

// Hand-computed: differences -2, 3, -2 (squares 4 + 9 + 4); deviations about 2.5 are 0.5, 1.5,
// 1.5, 0.5 (fourth powers 0.0625 + 5.0625 + 5.0625 + 0.0625).
TEST(WindowShapeSumsTest, GoldenOneToFour) {
  const std::vector<float> x = {3.0f, 1.0f, 4.0f, 2.0f};
  for (const WindowShapeSums s :
       {ComputeWindowShapeSums(x, 2.5f), ComputeWindowShapeSumsReference(x, 2.5f)}) {
    EXPECT_EQ(s.difference_squares, 17.0);
    EXPECT_EQ(s.fourth_powers, 10.25);
  }
}

TEST(WindowShapeSumsTest, EmptyAndSingleSample) {
  const WindowShapeSums empty = ComputeWindowShapeSums({}, 1.0f);
  EXPECT_EQ(empty.difference_squares, 0.0);
  EXPECT_EQ(empty.fourth_powers, 0.0);
  const std::vector<float> one = {4.0f};
  const WindowShapeSums single = ComputeWindowShapeSums(one, 2.0f);
  EXPECT_EQ(single.difference_squares, 0.0);
  EXPECT_EQ(single.fourth_powers, 16.0);
}

// The fast sums differ from the plain ones only in the order of the double additions: relative
// differences at double rounding, at every length (each tail and head case of the four lanes).
TEST(WindowShapeSumsTest, MatchesPlainReferenceOnRandomInput) {
  std::mt19937 rng(71);
  for (const std::size_t n : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 31u, 299u, 300u, 301u, 1000u}) {
    std::normal_distribution<float> dist(9.8f, 3.0f);
    std::vector<float> x(n);
    for (float& v : x) v = dist(rng);
    const float mean = ComputeWindowStats(x).mean;
    const WindowShapeSums fast = ComputeWindowShapeSums(x, mean);
    const WindowShapeSums reference = ComputeWindowShapeSumsReference(x, mean);
    EXPECT_NEAR(fast.difference_squares, reference.difference_squares,
                1e-13 * reference.difference_squares)
        << n;
    EXPECT_NEAR(fast.fourth_powers, reference.fourth_powers, 1e-13 * reference.fourth_powers) << n;
    // The features the pipeline derives from them (float) are the same.
    if (n > 1) {
      const double pairs = static_cast<double>(n - 1);
      EXPECT_EQ(static_cast<float>(std::sqrt(fast.difference_squares / pairs)),
                static_cast<float>(std::sqrt(reference.difference_squares / pairs)))
          << n;
    }
  }
}

TEST(WindowShapeSumsTest, DoesNotAllocate) {
  std::vector<float> x(300, 1.0f);
  x[7] = 3.0f;
  minsense::testing::ScopedAllocationCounter counter;
  const WindowShapeSums s = ComputeWindowShapeSums(x, 1.0f);
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(s.difference_squares, 8.0);
  EXPECT_EQ(s.fourth_powers, 16.0);
}

// Bits of every field, so that a signed zero or a last-bit difference shows.
std::vector<uint64_t> StatsBits(const WindowStats& s) {
  return {std::bit_cast<uint32_t>(s.mean),   std::bit_cast<uint32_t>(s.variance),
          std::bit_cast<uint32_t>(s.stddev), std::bit_cast<uint32_t>(s.rms),
          std::bit_cast<uint32_t>(s.min),    std::bit_cast<uint32_t>(s.max)};
}

// ExpectSameAsPortable checks ComputeWindowStats and ComputeWindowShapeSums
// (the AVX lanes when the CPU has AVX) against the portable Eigen kernels, bit for bit, on
// every prefix length of x up to max_size.
void ExpectSameAsPortable(const std::vector<float>& x, std::size_t max_size) {
  for (std::size_t n = 0; n <= std::min(max_size, x.size()); ++n) {
    SCOPED_TRACE("size " + std::to_string(n));
    const std::span<const float> w(x.data(), n);
    ASSERT_EQ(StatsBits(ComputeWindowStats(w)), StatsBits(ComputeWindowStatsPortable(w)));
    for (const bool portable : {false, true}) {
      WindowShapeSums shape;
      const WindowStats stats = portable ? ComputeWindowStatsAndShapeSumsPortable(w, &shape)
                                         : ComputeWindowStatsAndShapeSums(w, &shape);
      const WindowShapeSums separate =
          ComputeWindowShapeSumsPortable(w, ComputeWindowStatsPortable(w).mean);
      ASSERT_EQ(StatsBits(stats), StatsBits(ComputeWindowStatsPortable(w)));
      ASSERT_EQ(std::bit_cast<uint64_t>(shape.difference_squares),
                std::bit_cast<uint64_t>(separate.difference_squares));
      ASSERT_EQ(std::bit_cast<uint64_t>(shape.fourth_powers),
                std::bit_cast<uint64_t>(separate.fourth_powers));
    }
    for (const float mean : {ComputeWindowStatsPortable(w).mean, 0.0f, -3.25f}) {
      const WindowShapeSums fast = ComputeWindowShapeSums(w, mean);
      const WindowShapeSums portable = ComputeWindowShapeSumsPortable(w, mean);
      ASSERT_EQ(std::bit_cast<uint64_t>(fast.difference_squares),
                std::bit_cast<uint64_t>(portable.difference_squares));
      ASSERT_EQ(std::bit_cast<uint64_t>(fast.fourth_powers),
                std::bit_cast<uint64_t>(portable.fourth_powers));
    }
  }
}

// The combined statistics and shape sums against the separate portable kernels, on any CPU
// (with AVX the fast kernels are checked too).
TEST(WindowStatsAndShapeSumsTest, SameBitsAsSeparateKernels) {
  std::mt19937 rng(11);
  std::normal_distribution<float> gait(9.81f, 2.0f);
  std::vector<float> x(400);
  for (float& v : x) v = gait(rng);
  ExpectSameAsPortable(x, 400);
}

TEST(WindowStatsAvxTest, SameBitsAsPortableKernels) {
  if (!WindowStatsAvxInUse()) GTEST_SKIP() << "no AVX path on this CPU or build";
  std::mt19937 rng(20261130);
  // Gait-like magnitudes with wide dynamic range: each lane's sums round many times.
  std::normal_distribution<float> gait(9.81f, 3.0f);
  std::vector<float> x(700);
  for (float& v : x) v = gait(rng);
  ExpectSameAsPortable(x, 700);
  // Values spread over many binades, both signs.
  std::uniform_real_distribution<float> exponent(-30.0f, 30.0f);
  std::uniform_int_distribution<int> sign(0, 1);
  for (float& v : x) v = (sign(rng) ? -1.0f : 1.0f) * std::exp2(exponent(rng));
  ExpectSameAsPortable(x, 300);
}

TEST(WindowStatsAvxTest, SameBitsOnSignedZerosSubnormalsAndLargeValues) {
  if (!WindowStatsAvxInUse()) GTEST_SKIP() << "no AVX path on this CPU or build";
  // Min and max ties between +0 and -0 keep the operand order of the portable kernel's packets.
  std::vector<float> zeros;
  for (int i = 0; i < 67; ++i) zeros.push_back(i % 3 == 0 ? -0.0f : 0.0f);
  ExpectSameAsPortable(zeros, zeros.size());
  std::vector<float> mixed;
  for (int i = 0; i < 67; ++i) {
    const float values[] = {0.0f, -0.0f, 1e-40f, -1e-40f, 3e38f, -3e38f, 1.0f, 1e-20f};
    mixed.push_back(values[(i * 5) % 8]);
  }
  ExpectSameAsPortable(mixed, mixed.size());
}

}  // namespace
}  // namespace minsense::kernels
