// vector_ops_test.cc: magnitudes, projection and the gravity low-pass.
#include "kernels/vector_ops.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr float kG = 9.80665f;

TEST(MagnitudeTest, Golden) {
  EXPECT_FLOAT_EQ(Magnitude(3.0f, 4.0f, 12.0f), 13.0f);
  EXPECT_FLOAT_EQ(Magnitude(1.0f, 2.0f, 2.0f), 3.0f);
  EXPECT_FLOAT_EQ(Magnitude(-2.0f, -3.0f, 6.0f), 7.0f);
  EXPECT_FLOAT_EQ(Magnitude(0.0f, 0.0f, kG), kG);
  EXPECT_EQ(Magnitude(0.0f, 0.0f, 0.0f), 0.0f);
}

TEST(MagnitudesTest, GoldenAndAgreesWithScalarOnRandomInput) {
  const std::vector<float> gx = {3.0f, 1.0f, -2.0f, 0.0f, 2.0f};
  const std::vector<float> gy = {4.0f, 2.0f, -3.0f, 0.0f, 3.0f};
  const std::vector<float> gz = {12.0f, 2.0f, 6.0f, 0.0f, 6.0f};
  std::vector<float> gout(5, -1.0f);
  Magnitudes(gx, gy, gz, gout);
  const std::vector<float> expected = {13.0f, 3.0f, 7.0f, 0.0f, 7.0f};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_FLOAT_EQ(gout[i], expected[i]);

  std::mt19937 rng(5);
  std::normal_distribution<float> dist(0.0f, 10.0f);
  const std::size_t n = 1003;  // Not a multiple of the SIMD width: the tail is covered too.
  std::vector<float> x(n), y(n), z(n), out(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = dist(rng);
    y[i] = dist(rng);
    z[i] = dist(rng);
  }
  {
    minsense::testing::ScopedAllocationCounter counter;
    Magnitudes(x, y, z, out);
    EXPECT_EQ(counter.count(), 0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double ref =
        std::sqrt(static_cast<double>(x[i]) * x[i] + static_cast<double>(y[i]) * y[i] +
                  static_cast<double>(z[i]) * z[i]);
    EXPECT_NEAR(out[i], ref, 1e-6 * ref + 1e-7) << i;
  }
}

// MagnitudesExact against Magnitude one at a time (MagnitudesExactPortable), bit for bit, at
// every length up to 67 (the SSE2 blocks and every tail), on gait-like values, values over many
// binades, signed zeros, subnormals, squares that overflow and NaN.
TEST(MagnitudesExactTest, SameBitsAsScalarMagnitude) {
  std::mt19937 rng(20261130);
  std::normal_distribution<float> gait(0.0f, 6.0f);
  std::uniform_real_distribution<float> exponent(-80.0f, 70.0f);
  std::uniform_int_distribution<int> sign(0, 1);
  const float special[] = {0.0f,
                           -0.0f,
                           1e-45f,
                           -1e-40f,
                           1e-20f,
                           3e38f,
                           -2e19f,
                           1e19f,
                           1.0f,
                           -1.0f,
                           std::numeric_limits<float>::infinity(),
                           std::numeric_limits<float>::quiet_NaN()};
  constexpr std::size_t kMax = 67;
  std::vector<float> x(kMax), y(kMax), z(kMax);
  for (int set = 0; set < 3; ++set) {
    for (std::size_t i = 0; i < kMax; ++i) {
      if (set == 0) {
        x[i] = gait(rng);
        y[i] = gait(rng);
        z[i] = 9.81f + gait(rng);
      } else if (set == 1) {
        x[i] = (sign(rng) ? -1.0f : 1.0f) * std::exp2(exponent(rng));
        y[i] = (sign(rng) ? -1.0f : 1.0f) * std::exp2(exponent(rng));
        z[i] = (sign(rng) ? -1.0f : 1.0f) * std::exp2(exponent(rng));
      } else {
        x[i] = special[i % 12];
        y[i] = special[(i * 5 + 1) % 12];
        z[i] = special[(i * 7 + 3) % 12];
      }
    }
    for (std::size_t n = 0; n <= kMax; ++n) {
      std::vector<float> fast(kMax + 1, -7.0f), plain(kMax + 1, -7.0f);
      MagnitudesExact(x.data(), y.data(), z.data(), fast.data(), n);
      MagnitudesExactPortable(x.data(), y.data(), z.data(), plain.data(), n);
      for (std::size_t i = 0; i <= kMax; ++i) {
        ASSERT_EQ(std::bit_cast<uint32_t>(fast[i]), std::bit_cast<uint32_t>(plain[i]))
            << "set " << set << " n " << n << " i " << i;
        if (i < n) {
          ASSERT_EQ(std::bit_cast<uint32_t>(plain[i]),
                    std::bit_cast<uint32_t>(Magnitude(x[i], y[i], z[i])));
        }
      }
    }
  }
}

TEST(SquaredMagnitudeTest, ItsRootIsMagnitudeBitForBit) {
  std::mt19937 rng(7);
  std::normal_distribution<float> gait(0.0f, 6.0f);
  for (int i = 0; i < 10000; ++i) {
    const float x = gait(rng), y = gait(rng), z = 9.81f + gait(rng);
    ASSERT_EQ(std::bit_cast<uint32_t>(std::sqrt(SquaredMagnitude(x, y, z))),
              std::bit_cast<uint32_t>(Magnitude(x, y, z)));
  }
  EXPECT_EQ(SquaredMagnitude(1.0f, 2.0f, 2.0f), 9.0f);
}

// SquareRootsExact against std::sqrt one at a time, bit for bit, in place, at every length up
// to 67 (the SSE2 blocks and every tail), on values over many binades, zeros, subnormals and
// infinity; values past n are untouched.
TEST(SquareRootsExactTest, SameBitsAsScalarSquareRoot) {
  std::mt19937 rng(20261130);
  std::uniform_real_distribution<float> exponent(-149.0f, 127.0f);
  const float special[] = {
      0.0f, -0.0f, 1e-45f, 1e-40f, 1.0f, 4.0f, 2.0f, 3e38f, std::numeric_limits<float>::infinity()};
  constexpr std::size_t kMax = 67;
  std::vector<float> values(kMax);
  for (int set = 0; set < 2; ++set) {
    for (std::size_t i = 0; i < kMax; ++i) {
      values[i] = set == 0 ? std::exp2(exponent(rng)) : special[i % std::size(special)];
    }
    for (std::size_t n = 0; n <= kMax; ++n) {
      std::vector<float> v(values);
      v.push_back(-7.0f);  // Past the end of any n: untouched.
      SquareRootsExact(v.data(), n);
      for (std::size_t i = 0; i <= kMax; ++i) {
        const float expected =
            i < n ? std::sqrt(i < kMax ? values[i] : -7.0f) : (i < kMax ? values[i] : -7.0f);
        ASSERT_EQ(std::bit_cast<uint32_t>(v[i]), std::bit_cast<uint32_t>(expected))
            << "set " << set << " n " << n << " i " << i;
      }
    }
  }
}

TEST(MagnitudesTest, UnequalSizesStopAtTheShortest) {
  const std::vector<float> x = {3.0f, 3.0f, 3.0f};
  const std::vector<float> y = {4.0f, 4.0f};
  const std::vector<float> z = {0.0f, 0.0f, 0.0f};
  std::vector<float> out(3, -1.0f);
  Magnitudes(x, y, z, out);
  EXPECT_FLOAT_EQ(out[0], 5.0f);
  EXPECT_FLOAT_EQ(out[1], 5.0f);
  EXPECT_EQ(out[2], -1.0f);
  Magnitudes({}, {}, {}, {});  // Empty: nothing to do, no crash.
}

TEST(ProjectOntoTest, Golden) {
  EXPECT_FLOAT_EQ(ProjectOnto(1.0f, 2.0f, 3.0f, 0.0f, 0.0f, 1.0f), 3.0f);
  EXPECT_FLOAT_EQ(ProjectOnto(1.0f, 2.0f, 3.0f, 0.6f, 0.8f, 0.0f), 2.2f);
  EXPECT_FLOAT_EQ(ProjectOnto(-4.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f), -4.0f);
  // A vector orthogonal to the direction has no component along it.
  EXPECT_FLOAT_EQ(ProjectOnto(4.0f, -3.0f, 0.0f, 0.6f, 0.8f, 0.0f), 0.0f);
}

TEST(GravityFilterTest, InitRejectsBadArguments) {
  GravityFilter g;
  EXPECT_FALSE(g.Init(0.0f, 50.0f));
  EXPECT_FALSE(g.Init(-0.3f, 50.0f));
  EXPECT_FALSE(g.Init(0.3f, 0.0f));
  EXPECT_FALSE(g.Init(0.3f, -50.0f));
  EXPECT_FALSE(g.Init(25.0f, 50.0f));
  EXPECT_FALSE(g.Init(std::numeric_limits<float>::quiet_NaN(), 50.0f));
  EXPECT_TRUE(g.Init(0.3f, 50.0f));
}

TEST(GravityFilterTest, UnprimedConstantGravityConverges) {
  GravityFilter g;
  ASSERT_TRUE(g.Init(0.3f, 50.0f));
  float gx = 0, gy = 0, gz = 0;
  for (int i = 0; i < 50 * 10; ++i) g.Process(0.0f, 0.0f, kG, &gx, &gy, &gz);
  EXPECT_NEAR(gx, 0.0f, 1e-3f);
  EXPECT_NEAR(gy, 0.0f, 1e-3f);
  EXPECT_NEAR(gz, kG, 1e-2f);
}

TEST(GravityFilterTest, PrimedEstimateStartsAtTheSample) {
  GravityFilter g;
  ASSERT_TRUE(g.Init(0.3f, 50.0f));
  g.Prime(1.0f, -2.0f, 9.5f);
  float gx = 0, gy = 0, gz = 0;
  for (int i = 0; i < 200; ++i) {
    g.Process(1.0f, -2.0f, 9.5f, &gx, &gy, &gz);
    ASSERT_NEAR(gx, 1.0f, 1e-3f);
    ASSERT_NEAR(gy, -2.0f, 1e-3f);
    ASSERT_NEAR(gz, 9.5f, 1e-3f);
  }
  g.Process(1.0f, -2.0f, 9.5f, nullptr, nullptr, nullptr);  // Null outputs are allowed.
}

TEST(GravityFilterTest, RotatedGravityIsFollowed) {
  GravityFilter g;
  ASSERT_TRUE(g.Init(0.3f, 50.0f));
  g.Prime(0.0f, 0.0f, kG);
  // The phone tilts by 60 degrees about x: gravity moves from z towards y.
  const float ny = kG * static_cast<float>(std::sin(kPi / 3.0));
  const float nz = kG * static_cast<float>(std::cos(kPi / 3.0));
  float gx = 0, gy = 0, gz = 0;
  double seconds_to_settle = -1.0;
  for (int i = 0; i < 50 * 8; ++i) {
    g.Process(0.0f, ny, nz, &gx, &gy, &gz);
    const float err = Magnitude(gx, gy - ny, gz - nz);
    if (err > 0.02f * kG)
      seconds_to_settle = -1.0;
    else if (seconds_to_settle < 0.0)
      seconds_to_settle = (i + 1) / 50.0;
  }
  EXPECT_NEAR(gx, 0.0f, 1e-4f);
  EXPECT_NEAR(gy, ny, 1e-2f);
  EXPECT_NEAR(gz, nz, 1e-2f);
  // A 2nd-order Butterworth (zeta = 0.707) overshoots a step by 4.3 % and settles within 2 % in
  // about 4 / (zeta 2 pi fc) = 3.0 s at 0.3 Hz.
  EXPECT_GT(seconds_to_settle, 2.5);
  EXPECT_LT(seconds_to_settle, 3.5);
  EXPECT_NEAR(Magnitude(gx, gy, gz), kG, 1e-2f);
}

// Steps ride on gravity: the dynamic part a - g must recover the oscillation. At 2 Hz the
// 0.3 Hz low-pass leaks (0.3 / 2)^2 = 2.2 % of the oscillation into g, the tolerance.
TEST(GravityFilterTest, DynamicPartOfASineAroundGravity) {
  GravityFilter g;
  ASSERT_TRUE(g.Init(0.3f, 50.0f));
  const double amplitude = 2.0;
  auto accel = [&](int i, float* x, float* y, float* z) {
    const double t = i / 50.0;
    const double dyn = amplitude * std::sin(2 * kPi * 2.0 * t);
    // Gravity along (0, 0.6, 0.8) * g; the oscillation is vertical (along gravity).
    *x = static_cast<float>(0.3 * std::sin(2 * kPi * 1.7 * t));  // Lateral sway.
    *y = static_cast<float>(0.6 * (kG + dyn));
    *z = static_cast<float>(0.8 * (kG + dyn));
  };
  float x, y, z;
  accel(0, &x, &y, &z);
  g.Prime(x, y, z);
  double max_err = 0.0;
  for (int i = 0; i < 50 * 20; ++i) {
    accel(i, &x, &y, &z);
    float gx, gy, gz;
    g.Process(x, y, z, &gx, &gy, &gz);
    const float norm = Magnitude(gx, gy, gz);
    const float vertical = ProjectOnto(x - gx, y - gy, z - gz, gx / norm, gy / norm, gz / norm);
    if (i >= 50 * 3) {
      const double expected = amplitude * std::sin(2 * kPi * 2.0 * i / 50.0);
      max_err = std::max(max_err, std::abs(vertical - expected));
      EXPECT_NEAR(norm, kG, 0.06);
    }
  }
  EXPECT_LT(max_err, 0.03 * amplitude);
  EXPECT_GT(max_err, 0.005 * amplitude);  // The leak is real; the tolerance is not slack.
}

TEST(GravityFilterTest, ResetForgetsTheEstimate) {
  GravityFilter g;
  ASSERT_TRUE(g.Init(0.5f, 100.0f));
  g.Prime(0.0f, 0.0f, kG);
  g.Reset();
  float gx = 1, gy = 1, gz = 1;
  g.Process(0.0f, 0.0f, 0.0f, &gx, &gy, &gz);
  EXPECT_EQ(gx, 0.0f);
  EXPECT_EQ(gy, 0.0f);
  EXPECT_EQ(gz, 0.0f);
}

TEST(GravityFilterTest, ProcessingDoesNotAllocate) {
  GravityFilter g;
  minsense::testing::ScopedAllocationCounter counter;
  ASSERT_TRUE(g.Init(0.3f, 50.0f));
  g.Prime(0.0f, 0.0f, kG);
  float sum = 0.0f;
  for (int i = 0; i < 1000; ++i) {
    float gx, gy, gz;
    g.Process(0.1f, 0.2f, kG, &gx, &gy, &gz);
    sum += gx + gy + gz;
  }
  g.Reset();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_TRUE(std::isfinite(sum));
}

}  // namespace
}  // namespace minsense::kernels
