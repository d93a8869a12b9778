// window_stats.cc: two-pass double-precision window statistics.
#include "kernels/window_stats.h"

#include <algorithm>
#include <cmath>

namespace minsense::kernels {

WindowStats ComputeWindowStats(std::span<const float> x) {
  WindowStats stats;
  if (x.empty()) return stats;
  const double n = static_cast<double>(x.size());
  double sum = 0.0;
  double sum_squares = 0.0;
  float lo = x[0];
  float hi = x[0];
  for (const float v : x) {
    const double d = static_cast<double>(v);
    sum += d;
    sum_squares += d * d;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double mean = sum / n;
  double sum_deviations = 0.0;
  for (const float v : x) {
    const double d = static_cast<double>(v) - mean;
    sum_deviations += d * d;
  }
  const double variance = sum_deviations / n;
  stats.mean = static_cast<float>(mean);
  stats.variance = static_cast<float>(variance);
  stats.stddev = static_cast<float>(std::sqrt(variance));
  stats.rms = static_cast<float>(std::sqrt(sum_squares / n));
  stats.min = lo;
  stats.max = hi;
  return stats;
}

}  // namespace minsense::kernels
