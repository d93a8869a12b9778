// autocorrelation_lag_products_test.cc: the lag-product kernels against a double oracle, the
// documented rounding order, and each other bit for bit.
#include "kernels/autocorrelation_lag_products.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

// Window sizes: every small size (all remainders of the 4-column steps and 8-lag blocks), the
// pipeline's 300 and its neighbours, and the AVX kernel's limit and beyond.
std::vector<std::size_t> WindowSizes() {
  std::vector<std::size_t> sizes;
  for (std::size_t n = 1; n <= 40; ++n) sizes.push_back(n);
  for (const std::size_t n : {63u, 64u, 65u, 150u, 299u, 300u, 301u, 511u, 512u, 513u, 700u}) {
    sizes.push_back(n);
  }
  return sizes;
}

// LagCounts: every count up to 20 and a few larger ones (1/2, 3/4 and all of n), within n.
std::vector<std::size_t> LagCounts(std::size_t n) {
  std::vector<std::size_t> counts;
  for (std::size_t m = 1; m <= std::min<std::size_t>(n, 20); ++m) counts.push_back(m);
  for (const std::size_t m : {n / 2, 3 * n / 4, n}) {
    if (m > 20) counts.push_back(m);
  }
  return counts;
}

// Padded is a mean-removed-like random window (scaled, so that rounding is exercised at
// several magnitudes) followed by the zeros the kernels need.
std::vector<float> Padded(std::mt19937& rng, std::size_t n, float scale) {
  std::normal_distribution<float> dist(0.0f, scale);
  std::vector<float> d(2 * n + kLagProductsPadding, 0.0f);
  for (std::size_t i = 0; i < n; ++i) d[i] = dist(rng);
  return d;
}

std::vector<float> Portable(const std::vector<float>& d, std::size_t n, std::size_t num_lags) {
  std::vector<float> p(num_lags, 7.0f);
  AutocorrelationLagProductsPortable(d.data(), n, 0, num_lags, p.data());
  return p;
}

void ExpectSameBits(const std::vector<float>& a, const std::vector<float>& b, std::size_t count,
                    std::size_t n) {
  for (std::size_t l = 0; l < count; ++l) {
    std::uint32_t ba = 0;
    std::uint32_t bb = 0;
    std::memcpy(&ba, &a[l], sizeof(ba));
    std::memcpy(&bb, &b[l], sizeof(bb));
    ASSERT_EQ(ba, bb) << "lag " << l << " n " << n << ": " << a[l] << " vs " << b[l];
  }
}

TEST(AutocorrelationLagProductsTest, PortableMatchesDoubleSums) {
  std::mt19937 rng(43);
  for (const std::size_t n : WindowSizes()) {
    const std::vector<float> d = Padded(rng, n, 3.0f);
    const std::vector<float> p = Portable(d, n, n);
    for (std::size_t l = 0; l < n; ++l) {
      double exact = 0.0;
      double magnitude = 0.0;
      for (std::size_t i = 0; i + l < n; ++i) {
        const double term = static_cast<double>(d[i]) * static_cast<double>(d[i + l]);
        exact += term;
        magnitude += std::abs(term);
      }
      // Float sums of at most 700 terms: a relative error bound on the sum of |terms|.
      EXPECT_NEAR(p[l], exact, 1e-5 * magnitude + 1e-30) << "lag " << l << " n " << n;
    }
  }
}

// The header's rounding order, written out one lag at a time; lag l belongs to the block of 8
// lags starting at l0 = l - l mod 8, whose rows all span n - l0 columns (zeros past the end).
float OrderedLagProduct(const std::vector<float>& d, std::size_t n, std::size_t lag) {
  const std::size_t width = n - lag / 8 * 8;
  float sums[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  std::size_t j = 0;
  for (; j + 4 <= width; j += 4) {
    for (std::size_t q = 0; q < 4; ++q) {
      const float product = d[lag + j + q] * d[j + q];
      sums[q] = product + sums[q];
    }
  }
  float total = (sums[0] + sums[2]) + (sums[1] + sums[3]);
  for (; j < width; ++j) total += d[lag + j] * d[j];
  return 0.0f + total;
}

TEST(AutocorrelationLagProductsTest, PortableRoundsInTheDocumentedOrder) {
#if !((defined(__x86_64__) || defined(_M_X64)) && defined(EIGEN_VECTORIZE_SSE2) && \
      !defined(EIGEN_VECTORIZE_AVX) && !defined(EIGEN_VECTORIZE_FMA))
  GTEST_SKIP() << "the portable kernel uses Eigen's SSE2 order only in an SSE2 x86-64 build";
#endif
  std::mt19937 rng(47);
  for (const std::size_t n : WindowSizes()) {
    for (const float scale : {1e-3f, 1.0f, 50.0f}) {
      const std::vector<float> d = Padded(rng, n, scale);
      for (const std::size_t num_lags : LagCounts(n)) {
        // A last block of a single lag is a dot product in Eigen (another order); every other
        // block shape follows the documented order.
        if (num_lags % 8 == 1) continue;
        const std::vector<float> p = Portable(d, n, num_lags);
        std::vector<float> ordered(num_lags);
        for (std::size_t l = 0; l < num_lags; ++l) ordered[l] = OrderedLagProduct(d, n, l);
        ExpectSameBits(p, ordered, num_lags, n);
      }
    }
  }
}

TEST(AutocorrelationLagProductsTest, AvxKernelIsBitIdenticalToPortable) {
  if (!AutocorrelationLagProductsAvxUsable()) GTEST_SKIP() << "no AVX kernel on this build/CPU";
  std::mt19937 rng(53);
  for (const std::size_t n : WindowSizes()) {
    for (const float scale : {1e-3f, 1.0f, 50.0f}) {
      const std::vector<float> d = Padded(rng, n, scale);
      for (const std::size_t num_lags : LagCounts(n)) {
        const std::vector<float> p = Portable(d, n, num_lags);
        std::vector<float> avx(num_lags, -7.0f);
        const std::size_t done = AutocorrelationLagProductsAvx(d.data(), n, num_lags, avx.data());
        const std::size_t expected = n > kLagProductsAvxMaxSamples ? 0 : num_lags / 8 * 8;
        ASSERT_EQ(done, expected) << "n " << n << " lags " << num_lags;
        ExpectSameBits(p, avx, done, n);
        for (std::size_t l = done; l < num_lags; ++l) EXPECT_EQ(avx[l], -7.0f) << "untouched";
      }
    }
  }
}

TEST(AutocorrelationLagProductsTest, Avx512KernelIsBitIdenticalToPortable) {
  if (!AutocorrelationLagProductsAvx512Usable()) {
    GTEST_SKIP() << "no AVX-512 kernel on this build/CPU";
  }
  std::mt19937 rng(71);
  for (const std::size_t n : WindowSizes()) {
    for (const float scale : {1e-3f, 1.0f, 50.0f}) {
      const std::vector<float> d = Padded(rng, n, scale);
      for (const std::size_t num_lags : LagCounts(n)) {
        const std::vector<float> p = Portable(d, n, num_lags);
        std::vector<float> wide(num_lags, -7.0f);
        const std::size_t done =
            AutocorrelationLagProductsAvx512(d.data(), n, num_lags, wide.data());
        const std::size_t expected = n > kLagProductsAvxMaxSamples ? 0 : num_lags / 8 * 8;
        ASSERT_EQ(done, expected) << "n " << n << " lags " << num_lags;
        ExpectSameBits(p, wide, done, n);
        for (std::size_t l = done; l < num_lags; ++l) EXPECT_EQ(wide[l], -7.0f) << "untouched";
      }
    }
  }
  // Signed zeros, subnormals and large values in the window, at the pipeline's size.
  const std::size_t n = 300;
  std::vector<float> d = Padded(rng, n, 3.0f);
  for (std::size_t i = 0; i < n; i += 7) d[i] = (i % 2 == 0) ? -0.0f : 1.0e-39f;
  for (std::size_t i = 3; i < n; i += 31) d[i] = 1.0e18f;
  const std::vector<float> p = Portable(d, n, 152);
  std::vector<float> wide(152, -7.0f);
  ASSERT_EQ(AutocorrelationLagProductsAvx512(d.data(), n, 152, wide.data()), 152u);
  ExpectSameBits(p, wide, 152, n);
}

TEST(AutocorrelationLagProductsTest, UnalignedWindowsGiveTheSameBits) {
  // The kernels take any float-aligned d: copies of one window at offsets of 0 to 3 floats.
  std::mt19937 rng(67);
  const std::size_t n = 300;
  const std::size_t num_lags = 152;
  const std::vector<float> d = Padded(rng, n, 2.0f);
  const std::vector<float> p = Portable(d, n, num_lags);
  for (std::size_t offset = 0; offset < 4; ++offset) {
    std::vector<float> shifted(d.size() + offset, 0.0f);
    std::copy(d.begin(), d.end(), shifted.begin() + static_cast<std::ptrdiff_t>(offset));
    std::vector<float> chosen(num_lags + offset, -7.0f);
    AutocorrelationLagProducts(shifted.data() + offset, n, num_lags, chosen.data() + offset);
    const std::vector<float> out(chosen.begin() + static_cast<std::ptrdiff_t>(offset),
                                 chosen.end());
    ExpectSameBits(p, out, num_lags, n);
  }
}

TEST(AutocorrelationLagProductsTest, DispatchIsBitIdenticalToPortableAndAllocatesNothing) {
  std::mt19937 rng(59);
  for (const std::size_t n : WindowSizes()) {
    const std::vector<float> d = Padded(rng, n, 2.0f);
    for (const std::size_t num_lags : LagCounts(n)) {
      const std::vector<float> p = Portable(d, n, num_lags);
      std::vector<float> chosen(num_lags, -7.0f);
      {
        minsense::testing::ScopedAllocationCounter counter;
        AutocorrelationLagProducts(d.data(), n, num_lags, chosen.data());
        EXPECT_EQ(counter.count(), 0);
      }
      ExpectSameBits(p, chosen, num_lags, n);
    }
  }
}

TEST(AutocorrelationLagProductsTest, ZeroWindowGivesPositiveZeros) {
  const std::vector<float> d(300 + 152 + kLagProductsPadding, 0.0f);
  std::vector<float> p(152, 7.0f);
  AutocorrelationLagProducts(d.data(), 300, 152, p.data());
  for (const float v : p) {
    EXPECT_EQ(v, 0.0f);
    EXPECT_FALSE(std::signbit(v));
  }
}

// NormalizationInputs: products of every sign and magnitude (zeros, subnormal-sized quotients,
// large values) for a window of n samples.
std::vector<float> NormalizationInputs(std::mt19937& rng, std::size_t n) {
  std::uniform_real_distribution<float> mantissa(-1.0f, 1.0f);
  std::uniform_int_distribution<int> exponent(-40, 40);
  std::vector<float> p(n);
  for (float& v : p) v = std::ldexp(mantissa(rng), exponent(rng));
  if (n > 3) {
    p[1] = 0.0f;
    p[2] = -0.0f;
  }
  return p;
}

TEST(NormalizeLagProductsTest, EveryKernelGivesTheDefinitionsBits) {
  std::mt19937 rng(61);
  for (const std::size_t n : WindowSizes()) {
    const std::vector<float> p = NormalizationInputs(rng, n);
    for (const double variance : {1e-7, 0.37, 12.5, 4e6}) {
      for (const std::size_t first : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        for (const std::size_t num_lags : LagCounts(n)) {
          if (first > num_lags) continue;
          std::vector<float> expected(num_lags, 7.0f);
          for (std::size_t l = first; l < num_lags; ++l) {
            expected[l] = static_cast<float>(static_cast<double>(p[l]) /
                                             static_cast<double>(n - l) / variance);
          }
          std::vector<float> chosen(num_lags, 7.0f);
          NormalizeLagProducts(p.data(), n, first, num_lags, variance, chosen.data());
          ExpectSameBits(expected, chosen, num_lags, n);
          std::vector<float> portable(num_lags, 7.0f);
          NormalizeLagProductsPortable(p.data(), n, first, num_lags, variance, portable.data());
          ExpectSameBits(expected, portable, num_lags, n);
          if (AutocorrelationLagProductsAvxSupported()) {
            std::vector<float> avx(num_lags, 7.0f);
            const std::size_t done =
                NormalizeLagProductsAvx(p.data(), n, first, num_lags, variance, avx.data());
            ASSERT_EQ(done, (num_lags - first) / 4 * 4);
            ExpectSameBits(expected, avx, first + done, n);
            for (std::size_t l = first + done; l < num_lags; ++l) EXPECT_EQ(avx[l], 7.0f);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace minsense::kernels
