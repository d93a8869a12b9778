// autocorrelation.cc: reference (plain loop, double) normalised autocorrelation.
#include "kernels/autocorrelation.h"

#include <algorithm>
#include <cstddef>

namespace minsense::kernels {

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

}  // namespace minsense::kernels
