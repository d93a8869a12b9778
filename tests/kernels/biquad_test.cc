// biquad_test.cc: DesignButterworth against closed forms, BiquadCascade against a double DF-I.
#include "kernels/biquad.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

constexpr double kPi = std::numbers::pi;

// ReferenceDirectFormOne is an independent double-precision oracle: each section in direct form I
// with its own input/output history.
class ReferenceDirectFormOne {
 public:
  explicit ReferenceDirectFormOne(std::span<const BiquadCoefficients> sections)
      : sections_(sections.begin(), sections.end()), history_(sections.size()) {}
  double Process(double x) {
    double v = x;
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      const BiquadCoefficients& c = sections_[i];
      History& h = history_[i];
      const double y = c.b0 * v + c.b1 * h.x1 + c.b2 * h.x2 - c.a1 * h.y1 - c.a2 * h.y2;
      h.x2 = h.x1;
      h.x1 = v;
      h.y2 = h.y1;
      h.y1 = y;
      v = y;
    }
    return v;
  }

 private:
  struct History {
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  };
  std::vector<BiquadCoefficients> sections_;
  std::vector<History> history_;
};

// ResponseMagnitude evaluates |H(e^{jw})| of the float coefficients in double.
double ResponseMagnitude(std::span<const BiquadCoefficients> sections, double f_hz, double fs_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2.0 * kPi * f_hz / fs_hz);  // z^-1
  std::complex<double> h = 1.0;
  for (const BiquadCoefficients& c : sections) {
    const std::complex<double> num = static_cast<double>(c.b0) + static_cast<double>(c.b1) * z1 +
                                     static_cast<double>(c.b2) * z1 * z1;
    const std::complex<double> den =
        1.0 + static_cast<double>(c.a1) * z1 + static_cast<double>(c.a2) * z1 * z1;
    h *= num / den;
  }
  return std::abs(h);
}

// ButterworthMagnitude is the closed-form magnitude of a bilinear (pre-warped) Butterworth.
double ButterworthMagnitude(FilterType type, int order, double fc, double f, double fs) {
  const double ratio = std::tan(kPi * f / fs) / std::tan(kPi * fc / fs);
  const double w = type == FilterType::kLowPass ? ratio : 1.0 / ratio;
  return 1.0 / std::sqrt(1.0 + std::pow(w, 2 * order));
}

// MeasureGain runs a unit sinusoid at f through a fresh cascade and returns the output amplitude
// measured by projection onto sin/cos over `periods` whole periods after `settle` samples.
double MeasureGain(std::span<const BiquadCoefficients> sections, double f, double fs, int settle,
                   int samples) {
  BiquadCascade cascade;
  EXPECT_TRUE(cascade.Init(sections));
  double s = 0, c = 0;
  for (int n = 0; n < settle + samples; ++n) {
    const double phase = 2.0 * kPi * f * n / fs;
    const float y = cascade.Process(static_cast<float>(std::sin(phase)));
    if (n >= settle) {
      s += y * std::sin(phase);
      c += y * std::cos(phase);
    }
  }
  return 2.0 / samples * std::hypot(s, c);
}

TEST(DesignButterworthTest, RejectsInvalidArguments) {
  std::array<BiquadCoefficients, 4> out{};
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 3, 5.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 0, 5.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, -2, 5.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 10, 5.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 0.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, -1.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 25.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kHighPass, 2, 30.0f, 50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 5.0f, 0.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 5.0f, -50.0f, out), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, std::numeric_limits<float>::quiet_NaN(),
                              50.0f, out),
            0);
  EXPECT_EQ(
      DesignButterworth(FilterType::kLowPass, 2, 5.0f, std::numeric_limits<float>::infinity(), out),
      0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 6, 5.0f, 50.0f, std::span(out).first(2)), 0);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 5.0f, 50.0f, {}), 0);
}

TEST(DesignButterworthTest, ReturnsOrderOverTwoSections) {
  std::array<BiquadCoefficients, 4> out{};
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 2, 5.0f, 50.0f, out), 1);
  EXPECT_EQ(DesignButterworth(FilterType::kLowPass, 4, 5.0f, 50.0f, out), 2);
  EXPECT_EQ(DesignButterworth(FilterType::kHighPass, 6, 5.0f, 50.0f, out), 3);
  EXPECT_EQ(DesignButterworth(FilterType::kHighPass, 8, 5.0f, 50.0f, out), 4);
}

// Hand-computed golden: cutoff at fs/4 gives k = tan(pi/4) = 1, so for order 2 (1/Q = sqrt 2)
// norm = 1 / (2 + sqrt 2), b0 = norm, a1 = 0, a2 = (2 - sqrt 2) / (2 + sqrt 2).
TEST(DesignButterworthTest, SecondOrderQuarterBandGolden) {
  std::array<BiquadCoefficients, 1> lp{}, hp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 2, 100.0f, 400.0f, lp), 1);
  ASSERT_EQ(DesignButterworth(FilterType::kHighPass, 2, 100.0f, 400.0f, hp), 1);
  const float norm = 0.29289322f;  // 1 / (2 + sqrt 2)
  const float a2 = 0.17157288f;    // (2 - sqrt 2) / (2 + sqrt 2)
  EXPECT_NEAR(lp[0].b0, norm, 1e-6f);
  EXPECT_NEAR(lp[0].b1, 2.0f * norm, 1e-6f);
  EXPECT_NEAR(lp[0].b2, norm, 1e-6f);
  EXPECT_NEAR(lp[0].a1, 0.0f, 1e-6f);
  EXPECT_NEAR(lp[0].a2, a2, 1e-6f);
  EXPECT_NEAR(hp[0].b0, norm, 1e-6f);
  EXPECT_NEAR(hp[0].b1, -2.0f * norm, 1e-6f);
  EXPECT_NEAR(hp[0].b2, norm, 1e-6f);
  EXPECT_NEAR(hp[0].a1, 0.0f, 1e-6f);
  EXPECT_NEAR(hp[0].a2, a2, 1e-6f);
}

// Hand-computed golden for order 4 at fs/4: Q values 1/(2 sin(3pi/8)) then 1/(2 sin(pi/8)).
TEST(DesignButterworthTest, FourthOrderSectionsLowestQFirst) {
  std::array<BiquadCoefficients, 2> lp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 4, 12.5f, 50.0f, lp), 2);
  const double inv_q[2] = {2.0 * std::sin(3.0 * kPi / 8.0), 2.0 * std::sin(kPi / 8.0)};
  for (int i = 0; i < 2; ++i) {
    const double norm = 1.0 / (2.0 + inv_q[i]);
    EXPECT_NEAR(lp[i].b0, norm, 1e-6);
    EXPECT_NEAR(lp[i].a1, 0.0, 1e-6);
    EXPECT_NEAR(lp[i].a2, (2.0 - inv_q[i]) * norm, 1e-6);
  }
}

TEST(DesignButterworthTest, FrequencyResponseMatchesClosedForm) {
  const float fs = 50.0f;
  for (FilterType type : {FilterType::kLowPass, FilterType::kHighPass}) {
    for (int order : {2, 4, 6, 8}) {
      for (float fc : {0.3f, 0.5f, 3.0f, 5.0f, 12.0f, 20.0f}) {
        std::array<BiquadCoefficients, 4> sections{};
        const int n = DesignButterworth(type, order, fc, fs, sections);
        ASSERT_EQ(n, order / 2);
        const auto used = std::span<const BiquadCoefficients>(sections).first(n);
        for (double f : {0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 24.0}) {
          const double expected = ButterworthMagnitude(type, order, fc, f, fs);
          // Float coefficients with poles near z = 1 (low cutoffs) carry ~1e-4 relative error.
          EXPECT_NEAR(ResponseMagnitude(used, f, fs), expected, 2e-3 * expected + 1e-5)
              << "order " << order << " fc " << fc << " f " << f;
        }
        EXPECT_NEAR(ResponseMagnitude(used, fc, fs), std::sqrt(0.5), 1e-3);
      }
    }
  }
}

TEST(DesignButterworthTest, LowPassDcGainIsOneHighPassDcGainIsZero) {
  for (float fc : {0.05f, 0.3f, 2.0f, 20.0f}) {
    for (int order : {2, 4, 6, 8}) {
      std::array<BiquadCoefficients, 4> lp{}, hp{};
      ASSERT_EQ(DesignButterworth(FilterType::kLowPass, order, fc, 50.0f, lp), order / 2);
      ASSERT_EQ(DesignButterworth(FilterType::kHighPass, order, fc, 50.0f, hp), order / 2);
      for (int i = 0; i < order / 2; ++i) {
        const double lp_num = static_cast<double>(lp[i].b0) + lp[i].b1 + lp[i].b2;
        const double lp_den = 1.0 + static_cast<double>(lp[i].a1) + lp[i].a2;
        EXPECT_NEAR(lp_num / lp_den, 1.0, 1e-5) << "fc " << fc << " order " << order;
        EXPECT_EQ(static_cast<double>(hp[i].b0) + hp[i].b1 + hp[i].b2, 0.0);
      }
    }
  }
}

TEST(BiquadCascadeTest, InitRejectsBadStageCounts) {
  BiquadCascade cascade;
  EXPECT_EQ(cascade.num_stages(), 0);
  EXPECT_FALSE(cascade.Init({}));
  std::array<BiquadCoefficients, 5> five{};
  for (auto& c : five) c = {1.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  EXPECT_FALSE(cascade.Init(five));
  EXPECT_EQ(cascade.num_stages(), 0);
  EXPECT_TRUE(cascade.Init(std::span(five).first(4)));
  EXPECT_EQ(cascade.num_stages(), 4);
  five[0].a1 = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(cascade.Init(std::span(five).first(1)));
  EXPECT_EQ(cascade.num_stages(), 0);
}

TEST(BiquadCascadeTest, UninitialisedCascadePassesThrough) {
  BiquadCascade cascade;
  EXPECT_EQ(cascade.Process(3.25f), 3.25f);
  EXPECT_EQ(cascade.Process(-1.5f), -1.5f);
}

// Golden impulse response of the quarter-band 2nd-order low-pass, computed by hand from
// y[n] = b0 x[n] + 2 b0 x[n-1] + b0 x[n-2] - a2 y[n-2] with a1 = 0.
TEST(BiquadCascadeTest, ImpulseResponseGolden) {
  std::array<BiquadCoefficients, 1> lp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 2, 100.0f, 400.0f, lp), 1);
  BiquadCascade cascade;
  ASSERT_TRUE(cascade.Init(lp));
  const double b0 = 1.0 / (2.0 + std::sqrt(2.0));
  const double a2 = (2.0 - std::sqrt(2.0)) / (2.0 + std::sqrt(2.0));
  const double expected[6] = {
      b0, 2 * b0, b0 - a2 * b0, -a2 * 2 * b0, -a2 * (b0 - a2 * b0), a2 * a2 * 2 * b0};
  for (int n = 0; n < 6; ++n) {
    EXPECT_NEAR(cascade.Process(n == 0 ? 1.0f : 0.0f), expected[n], 1e-6) << "n " << n;
  }
}

TEST(BiquadCascadeTest, MatchesDoubleDirectFormOneOnRandomInput) {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  struct Case {
    FilterType type;
    int order;
    float fc;
  };
  for (const Case& k : {Case{FilterType::kLowPass, 2, 5.0f}, Case{FilterType::kLowPass, 4, 3.0f},
                        Case{FilterType::kLowPass, 8, 10.0f}, Case{FilterType::kHighPass, 2, 0.5f},
                        Case{FilterType::kHighPass, 6, 2.0f}}) {
    std::array<BiquadCoefficients, 4> sections{};
    const int n = DesignButterworth(k.type, k.order, k.fc, 50.0f, sections);
    ASSERT_EQ(n, k.order / 2);
    const auto used = std::span<const BiquadCoefficients>(sections).first(n);
    BiquadCascade cascade;
    ASSERT_TRUE(cascade.Init(used));
    ReferenceDirectFormOne reference(used);
    double max_err = 0.0;
    for (int i = 0; i < 5000; ++i) {
      const float x = dist(rng);
      const double err = std::abs(cascade.Process(x) - reference.Process(x));
      max_err = std::max(max_err, err);
    }
    EXPECT_LT(max_err, 1e-4) << "order " << k.order << " fc " << k.fc;
  }
}

TEST(BiquadCascadeTest, GainAtCutoffIsMinus3dB) {
  const double fs = 50.0;
  for (FilterType type : {FilterType::kLowPass, FilterType::kHighPass}) {
    for (int order : {2, 4, 6, 8}) {
      // fc = 0.3 Hz is the gravity filter (166.67 samples per period: 3 periods = 500 samples).
      for (float fc : {0.3f, 5.0f}) {
        std::array<BiquadCoefficients, 4> sections{};
        const int n = DesignButterworth(type, order, fc, static_cast<float>(fs), sections);
        ASSERT_EQ(n, order / 2);
        const auto used = std::span<const BiquadCoefficients>(sections).first(n);
        const int samples = fc < 1.0f ? 3000 : 1000;  // Whole periods in both cases.
        const double gain = MeasureGain(used, fc, fs, 10000, samples);
        EXPECT_NEAR(gain, std::sqrt(0.5), 0.01 * std::sqrt(0.5)) << "order " << order;
      }
    }
  }
}

TEST(BiquadCascadeTest, PassbandAndStopbandGainsMeasuredWithSinusoids) {
  std::array<BiquadCoefficients, 2> lp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 4, 5.0f, 50.0f, lp), 2);
  // 1 Hz: |H| = 1/sqrt(1 + (tan(pi/50)/tan(pi/10))^8) ~ 0.99997; 10 Hz: ~0.0562.
  EXPECT_NEAR(MeasureGain(lp, 1.0, 50.0, 2000, 1000),
              ButterworthMagnitude(FilterType::kLowPass, 4, 5.0, 1.0, 50.0), 2e-3);
  EXPECT_NEAR(MeasureGain(lp, 10.0, 50.0, 2000, 1000),
              ButterworthMagnitude(FilterType::kLowPass, 4, 5.0, 10.0, 50.0), 1e-3);
}

TEST(BiquadCascadeTest, DcGainsFromLongConstantInput) {
  std::array<BiquadCoefficients, 4> lp{}, hp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 8, 2.0f, 50.0f, lp), 4);
  ASSERT_EQ(DesignButterworth(FilterType::kHighPass, 8, 2.0f, 50.0f, hp), 4);
  BiquadCascade low, high;
  ASSERT_TRUE(low.Init(lp));
  ASSERT_TRUE(high.Init(hp));
  float y_low = 0.0f, y_high = 0.0f;
  for (int i = 0; i < 5000; ++i) {
    y_low = low.Process(9.80665f);
    y_high = high.Process(9.80665f);
  }
  EXPECT_NEAR(y_low, 9.80665f, 1e-4f);
  EXPECT_NEAR(y_high, 0.0f, 1e-4f);
}

TEST(BiquadCascadeTest, PrimeSteadyStateRemovesTheTransient) {
  // Without priming, a 0.3 Hz low-pass fed 9.8 m/s^2 starts at 0 and needs seconds to settle.
  // Primed, the output stays at the input. The tolerance is the float DF2T recursion's own DC
  // error: rounding errors are amplified by 1 / (1 + a1 + a2), ~3000 for fc/fs = 0.006.
  struct Case {
    float fc;
    float tolerance;
  };
  for (const Case& k : {Case{0.3f, 1e-3f}, Case{5.0f, 1e-5f}}) {
    const float fc = k.fc;
    std::array<BiquadCoefficients, 4> lp{}, hp{};
    ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 4, fc, 50.0f, lp), 2);
    ASSERT_EQ(DesignButterworth(FilterType::kHighPass, 4, fc, 50.0f, hp), 2);
    BiquadCascade low, high;
    ASSERT_TRUE(low.Init(std::span(lp).first(2)));
    ASSERT_TRUE(high.Init(std::span(hp).first(2)));
    low.PrimeSteadyState(9.80665f);
    high.PrimeSteadyState(9.80665f);
    for (int i = 0; i < 2000; ++i) {
      ASSERT_NEAR(low.Process(9.80665f), 9.80665f, k.tolerance) << "fc " << fc << " i " << i;
      ASSERT_NEAR(high.Process(9.80665f), 0.0f, k.tolerance) << "fc " << fc << " i " << i;
    }
  }
}

TEST(BiquadCascadeTest, ResetRestoresTheFreshResponse) {
  std::array<BiquadCoefficients, 2> lp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 4, 5.0f, 50.0f, lp), 2);
  BiquadCascade a, b;
  ASSERT_TRUE(a.Init(lp));
  ASSERT_TRUE(b.Init(lp));
  for (int i = 0; i < 100; ++i) a.Process(static_cast<float>(i % 7));
  a.Reset();
  EXPECT_EQ(a.num_stages(), 2);
  for (int i = 0; i < 100; ++i) {
    const float x = static_cast<float>(std::sin(0.3 * i));
    EXPECT_EQ(a.Process(x), b.Process(x));
  }
}

TEST(BiquadCascadeTest, ProcessBlockInPlaceMatchesProcess) {
  std::array<BiquadCoefficients, 3> hp{};
  ASSERT_EQ(DesignButterworth(FilterType::kHighPass, 6, 1.0f, 50.0f, hp), 3);
  BiquadCascade block, single;
  ASSERT_TRUE(block.Init(hp));
  ASSERT_TRUE(single.Init(hp));
  std::vector<float> buffer(256);
  for (std::size_t i = 0; i < buffer.size(); ++i)
    buffer[i] = static_cast<float>(std::cos(0.1 * static_cast<double>(i)));
  std::vector<float> expected(buffer.size());
  for (std::size_t i = 0; i < buffer.size(); ++i) expected[i] = single.Process(buffer[i]);
  {
    minsense::testing::ScopedAllocationCounter counter;
    block.ProcessBlock(buffer, buffer);
    EXPECT_EQ(counter.count(), 0);
  }
  for (std::size_t i = 0; i < buffer.size(); ++i) EXPECT_EQ(buffer[i], expected[i]) << i;
}

// ProcessBlock (state in registers, one loop per stage count) against Process, its reference:
// the same outputs bit for bit and the same state afterwards, for 1 to 4 stages, across blocks
// of several sizes, from a primed state, with steps, noise, signed zeros and subnormals.
TEST(BiquadCascadeTest, ProcessBlockMatchesProcessBitForBitAtEveryStageCount) {
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.0f, 4.0f);
  std::vector<float> input(3000);
  for (std::size_t i = 0; i < input.size(); ++i) {
    input[i] = 9.81f + noise(rng) + (i / 500 % 2 == 1 ? 20.0f : 0.0f);
    if (i % 97 == 0) input[i] = -0.0f;
    if (i % 89 == 0) input[i] = 1.0e-42f;
  }
  for (int order = 2; order <= 8; order += 2) {
    std::array<BiquadCoefficients, 4> sections{};
    const int stages =
        DesignButterworth(order % 4 == 0 ? FilterType::kLowPass : FilterType::kHighPass, order,
                          3.0f, 50.0f, sections);
    ASSERT_EQ(stages, order / 2);
    const std::span<const BiquadCoefficients> used(sections.data(),
                                                   static_cast<std::size_t>(stages));
    for (const std::size_t block_size :
         {std::size_t{1}, std::size_t{5}, std::size_t{16}, input.size()}) {
      SCOPED_TRACE(std::to_string(stages) + " stages, blocks of " + std::to_string(block_size));
      BiquadCascade block, single;
      ASSERT_TRUE(block.Init(used));
      ASSERT_TRUE(single.Init(used));
      block.PrimeSteadyState(input[0]);
      single.PrimeSteadyState(input[0]);
      std::vector<float> got(input.size());
      for (std::size_t start = 0; start < input.size(); start += block_size) {
        const std::size_t n = std::min(block_size, input.size() - start);
        block.ProcessBlock(std::span<const float>(input).subspan(start, n),
                           std::span<float>(got).subspan(start, n));
      }
      for (std::size_t i = 0; i < input.size(); ++i) {
        ASSERT_EQ(std::bit_cast<uint32_t>(got[i]),
                  std::bit_cast<uint32_t>(single.Process(input[i])))
            << "sample " << i;
      }
      // The state carries on: the next samples agree too.
      for (const float x : {1.0f, -2.0f, 0.5f}) {
        ASSERT_EQ(std::bit_cast<uint32_t>(block.Process(x)),
                  std::bit_cast<uint32_t>(single.Process(x)));
      }
    }
  }
}

TEST(BiquadCascadeTest, ProcessBlockWithUnequalSizesStopsAtTheShorter) {
  std::array<BiquadCoefficients, 1> lp{};
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 2, 5.0f, 50.0f, lp), 1);
  BiquadCascade cascade;
  ASSERT_TRUE(cascade.Init(lp));
  std::array<float, 4> in = {1.0f, 1.0f, 1.0f, 1.0f};
  std::array<float, 2> out = {-7.0f, -7.0f};
  cascade.ProcessBlock(in, out);
  EXPECT_NEAR(out[0], lp[0].b0, 1e-7f);
  EXPECT_NE(out[1], -7.0f);
}

TEST(BiquadCascadeTest, NothingAllocates) {
  std::array<BiquadCoefficients, 4> lp{};
  minsense::testing::ScopedAllocationCounter counter;
  ASSERT_EQ(DesignButterworth(FilterType::kLowPass, 8, 5.0f, 50.0f, lp), 4);
  BiquadCascade cascade;
  ASSERT_TRUE(cascade.Init(lp));
  cascade.PrimeSteadyState(1.0f);
  float acc = 0.0f;
  for (int i = 0; i < 1000; ++i) acc += cascade.Process(static_cast<float>(i));
  cascade.Reset();
  EXPECT_TRUE(std::isfinite(acc));
  EXPECT_EQ(counter.count(), 0);
}

TEST(AllocationCounterTest, SeesHeapAllocations) {
  minsense::testing::ScopedAllocationCounter counter;
  auto* volatile p = new std::vector<float>(100);
  delete p;
  EXPECT_GE(counter.count(), 2);
}

}  // namespace
}  // namespace minsense::kernels
