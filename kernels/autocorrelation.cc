// autocorrelation.cc: reference (plain loop, double) and vectorised (Eigen, float) normalised
// autocorrelation.
#include "kernels/autocorrelation.h"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

#include "kernels/autocorrelation_lag_products.h"
#include "kernels/secure_zero.h"
#include "kernels/window_stats.h"
#include "kernels/window_stats_avx.h"

namespace minsense::kernels {

namespace {

// ScopedWipe zeroes a stack buffer that held samples when it goes out of scope.
class ScopedWipe {
 public:
  explicit ScopedWipe(std::span<float> data) : data_(data) {}
  ~ScopedWipe() { SecureZero(data_); }
  ScopedWipe(const ScopedWipe&) = delete;
  ScopedWipe& operator=(const ScopedWipe&) = delete;

 private:
  std::span<float> data_;
};

struct SumAndSquares {
  double sum = 0.0;
  double sum_squares = 0.0;
};

// SumAndSumOfSquares: sum x and sum x^2 in double, in four interleaved partial sums (lane j
// takes the samples i = j mod 4) so that the compiler can keep them in vector registers; the
// plain single-accumulator loop is bound by the latency of one double add per sample. With avx
// the blocks of four go through the AVX lanes (window_stats_avx.h): the same lane operations,
// the same bits.
SumAndSquares SumAndSumOfSquares(std::span<const float> x, bool avx) {
  const std::size_t n = x.size();
  Eigen::Array4d s = Eigen::Array4d::Zero();
  Eigen::Array4d q = Eigen::Array4d::Zero();
  std::size_t i = 0;
  if (avx) {
    i = n / 4 * 4;
    WindowSumLanesAvx(x.data(), n / 4, s.data(), q.data());
  }
  for (; i + 4 <= n; i += 4) {
    const Eigen::Array4d v = Eigen::Map<const Eigen::Array4f>(x.data() + i).cast<double>();
    s += v;
    q += v * v;
  }
  for (; i < n; ++i) {
    const double v = static_cast<double>(x[i]);
    s[0] += v;
    q[0] += v * v;
  }
  return {(s[0] + s[1]) + (s[2] + s[3]), (q[0] + q[1]) + (q[2] + q[3])};
}

// CentreAndEnergy writes d[i] = float(x[i] - mean) and returns sum (x[i] - mean)^2 in double
// (four interleaved partial sums, as above).
double CentreAndEnergy(std::span<const float> x, double mean, float* d, bool avx) {
  const std::size_t n = x.size();
  Eigen::Array4d e = Eigen::Array4d::Zero();
  std::size_t i = 0;
  if (avx) {
    i = n / 4 * 4;
    WindowCentreLanesAvx(x.data(), n / 4, mean, d, e.data());
  }
  for (; i + 4 <= n; i += 4) {
    const Eigen::Array4d c = Eigen::Map<const Eigen::Array4f>(x.data() + i).cast<double>() - mean;
    Eigen::Map<Eigen::Array4f>(d + i) = c.cast<float>();
    e += c * c;
  }
  for (; i < n; ++i) {
    const double c = static_cast<double>(x[i]) - mean;
    d[i] = static_cast<float>(c);
    e[0] += c * c;
  }
  return (e[0] + e[1]) + (e[2] + e[3]);
}

}  // namespace

void NormalizedAutocorrelation(std::span<const float> x, int max_lag, std::span<float> r) {
  if (max_lag < 0) return;
  const std::size_t num_lags = std::min(r.size(), static_cast<std::size_t>(max_lag) + 1);
  std::fill(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(num_lags), 0.0f);
  const std::size_t n = x.size();
  if (n == 0) return;

  double sum = 0.0;
  double sum_squares = 0.0;
  for (const float v : x) {
    sum += static_cast<double>(v);
    sum_squares += static_cast<double>(v) * static_cast<double>(v);
  }
  const double mean = sum / static_cast<double>(n);
  double energy = 0.0;
  for (const float v : x) {
    const double d = static_cast<double>(v) - mean;
    energy += d * d;
  }
  // A constant window leaves only rounding noise in d; treat a spread below 1e-6 of the RMS
  // (energy ratio 1e-12) as no variation rather than normalising that noise to r[0] = 1.
  if (energy <= 1e-12 * sum_squares || energy == 0.0) return;

  const double variance = energy / static_cast<double>(n);
  const std::size_t computable = std::min(num_lags, n);  // Lags >= n stay 0.
  for (std::size_t lag = 0; lag < computable; ++lag) {
    double acc = 0.0;
    const std::size_t count = n - lag;
    for (std::size_t i = 0; i < count; ++i) {
      acc += (static_cast<double>(x[i]) - mean) * (static_cast<double>(x[i + lag]) - mean);
    }
    r[lag] = static_cast<float>(acc / static_cast<double>(count) / variance);
  }
}

namespace {

// NormalizedAutocorrelationFastWith is NormalizedAutocorrelationFast, its mean and centring
// passes in AVX lanes when avx is true.
void NormalizedAutocorrelationFastWith(std::span<const float> x, int max_lag, std::span<float> r,
                                       double* sum_squares, bool avx) {
  if (sum_squares != nullptr) *sum_squares = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = x.size();
  if (n > static_cast<std::size_t>(kAutocorrelationFastMaxSamples)) {
    NormalizedAutocorrelation(x, max_lag, r);
    return;
  }
  if (max_lag < 0) return;
  const std::size_t num_lags = std::min(r.size(), static_cast<std::size_t>(max_lag) + 1);
  std::fill(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(num_lags), 0.0f);
  if (n == 0) return;

  // Mean, energy and the no-variation test in double as the reference does them (four
  // interleaved partial sums, so they differ from the reference only in rounding), so that both
  // kernels agree on which windows are constant.
  const SumAndSquares sums = SumAndSumOfSquares(x, avx);
  if (sum_squares != nullptr) *sum_squares = sums.sum_squares;
  const double mean = sums.sum / static_cast<double>(n);
  // d holds the mean-removed window followed by zeros, the layout the lag-product kernels
  // take (autocorrelation_lag_products.h).
  alignas(64) std::array<float, 2 * kAutocorrelationFastMaxSamples + kLagProductsPadding> d;
  // d holds window-derived samples: every return below wipes the part of it that was written
  // (the window, the zeros after it and the padding), so that no copy outlives the call.
  const std::size_t d_used = std::min(d.size(), n + std::min(num_lags, n) + kLagProductsPadding);
  const ScopedWipe wipe_d(std::span<float>(d.data(), d_used));
  const double energy = CentreAndEnergy(x, mean, d.data(), avx);
  if (energy <= 1e-12 * sums.sum_squares || energy == 0.0) return;

  const std::size_t computable = std::min(num_lags, n);  // Lags >= n stay 0.
  if (computable == 0) return;
  std::fill(d.begin() + static_cast<std::ptrdiff_t>(n),
            d.begin() + static_cast<std::ptrdiff_t>(n + computable + kLagProductsPadding), 0.0f);
  alignas(64) std::array<float, kAutocorrelationFastMaxSamples> products;
  AutocorrelationLagProducts(d.data(), n, computable, products.data());

  const double variance = energy / static_cast<double>(n);
  r[0] = static_cast<float>(energy / static_cast<double>(n) / variance);
  NormalizeLagProducts(products.data(), n, 1, computable, variance, r.data());
}

}  // namespace

void NormalizedAutocorrelationFast(std::span<const float> x, int max_lag, std::span<float> r,
                                   double* sum_squares) {
  NormalizedAutocorrelationFastWith(x, max_lag, r, sum_squares, WindowStatsAvxInUse());
}

void NormalizedAutocorrelationFastPortableSums(std::span<const float> x, int max_lag,
                                               std::span<float> r, double* sum_squares) {
  NormalizedAutocorrelationFastWith(x, max_lag, r, sum_squares, /*avx=*/false);
}

}  // namespace minsense::kernels
