// window_stats.cc: two-pass double-precision window statistics: the plain reference and the
// interleaved-accumulator version the pipeline uses.
#include "kernels/window_stats.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "kernels/window_stats_avx.h"

namespace minsense::kernels {
namespace {

// kLanesAreSeparate: the portable kernels' lanes round like the AVX lane kernels (a separate
// multiply and add per lane) only in a build without FMA, where the compiler cannot contract
// them; otherwise the portable kernels run alone.
#if defined(__FMA__)
constexpr bool kLanesAreSeparate = false;
#else
constexpr bool kLanesAreSeparate = true;
#endif

bool WindowStatsAvxUsable() {
  static const bool usable = kLanesAreSeparate && WindowStatsAvxSupported();
  return usable;
}

// AddShapeBlock adds the block of four samples at i (a multiple of 4) to the shape lanes: the
// float square about m, squared in double, and (but for the first block) the float difference
// from the previous sample, squared in double.
inline void AddShapeBlock(std::span<const float> x, std::size_t i, const Eigen::Array4f& m,
                          Eigen::Array4d& differences, Eigen::Array4d& fourth) {
  const Eigen::Array4f v = Eigen::Map<const Eigen::Array4f>(x.data() + i);
  const Eigen::Array4f c = v - m;
  const Eigen::Array4d d2 = (c * c).cast<double>();
  fourth += d2 * d2;
  if (i > 0) {
    const Eigen::Array4d d =
        (v - Eigen::Map<const Eigen::Array4f>(x.data() + i - 1)).cast<double>();
    differences += d * d;
  }
}

// FinishShapeSums adds what the blocks left out (differences 1..3, skipped by the first block,
// and the samples from i on) and combines the lanes.
WindowShapeSums FinishShapeSums(std::span<const float> x, std::size_t i, float mean,
                                Eigen::Array4d& differences, Eigen::Array4d& fourth) {
  const std::size_t size = x.size();
  for (std::size_t k = 1; k < std::min<std::size_t>(4, size); ++k) {
    const double d = x[k] - x[k - 1];
    differences[static_cast<Eigen::Index>(k)] += d * d;
  }
  for (; i < size; ++i) {
    const double d2 = (x[i] - mean) * (x[i] - mean);
    fourth[0] += d2 * d2;
    if (i >= 4) {  // Below 4 the blocks took it.
      const double d = x[i] - x[i - 1];
      differences[0] += d * d;
    }
  }
  WindowShapeSums sums;
  sums.difference_squares = (differences[0] + differences[1]) + (differences[2] + differences[3]);
  sums.fourth_powers = (fourth[0] + fourth[1]) + (fourth[2] + fourth[3]);
  return sums;
}

}  // namespace

WindowStats ComputeWindowStatsReference(std::span<const float> x) {
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

// ComputeWindowStatsWith is ComputeWindowStats (kAvx: with the AVX lanes); with a non-null
// shape it also computes ComputeWindowShapeSums(x, mean) in its pass for the deviations.
template <bool kAvx>
WindowStats ComputeWindowStatsWith(std::span<const float> x, WindowShapeSums* shape) {
  WindowStats stats;
  if (x.empty()) {
    if (shape != nullptr) *shape = WindowShapeSums();
    return stats;
  }
  const double n = static_cast<double>(x.size());
  const std::size_t size = x.size();
  // Four interleaved partial sums per quantity (lane j takes the samples i = j mod 4): a single
  // double accumulator is bound by the latency of one add per sample; four of them let the
  // adds overlap, and as Eigen fixed-size lanes they vectorise (min and max too). Same sums,
  // only the rounding order differs.
  Eigen::Array4d sum = Eigen::Array4d::Zero();
  Eigen::Array4d sum_squares = Eigen::Array4d::Zero();
  Eigen::Array4f lo = Eigen::Array4f::Constant(x[0]);
  Eigen::Array4f hi = Eigen::Array4f::Constant(x[0]);
  std::size_t i = 0;
  if constexpr (kAvx) {
    i = size / 4 * 4;
    WindowMomentLanesAvx(x.data(), size / 4, sum.data(), sum_squares.data(), lo.data(), hi.data());
  } else {
    for (; i + 4 <= size; i += 4) {
      const Eigen::Array4f v = Eigen::Map<const Eigen::Array4f>(x.data() + i);
      const Eigen::Array4d d = v.cast<double>();
      sum += d;
      sum_squares += d * d;
      lo = lo.min(v);
      hi = hi.max(v);
    }
  }
  for (; i < size; ++i) {
    const float v = x[i];
    const double d = static_cast<double>(v);
    sum[0] += d;
    sum_squares[0] += d * d;
    lo[0] = std::min(lo[0], v);
    hi[0] = std::max(hi[0], v);
  }
  const double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / n;
  const double total_squares =
      (sum_squares[0] + sum_squares[1]) + (sum_squares[2] + sum_squares[3]);
  Eigen::Array4d deviations = Eigen::Array4d::Zero();
  // The shape sums about the float mean, in the same pass (independent lanes, so their adds
  // overlap with the deviations' instead of waiting for a pass of their own).
  const float mean_float = static_cast<float>(mean);
  Eigen::Array4d differences = Eigen::Array4d::Zero();
  Eigen::Array4d fourth = Eigen::Array4d::Zero();
  if constexpr (kAvx) {
    i = size / 4 * 4;
    if (shape != nullptr) {
      WindowDeviationShapeLanesAvx(x.data(), size / 4, mean, mean_float, deviations.data(),
                                   differences.data(), fourth.data());
    } else {
      WindowDeviationLanesAvx(x.data(), size / 4, mean, deviations.data());
    }
  } else {
    const Eigen::Array4f m = Eigen::Array4f::Constant(mean_float);
    for (i = 0; i + 4 <= size; i += 4) {
      const Eigen::Array4d d = Eigen::Map<const Eigen::Array4f>(x.data() + i).cast<double>() - mean;
      deviations += d * d;
      if (shape != nullptr) AddShapeBlock(x, i, m, differences, fourth);
    }
  }
  const std::size_t blocks_end = i;
  for (; i < size; ++i) {
    const double d = static_cast<double>(x[i]) - mean;
    deviations[0] += d * d;
  }
  if (shape != nullptr) *shape = FinishShapeSums(x, blocks_end, mean_float, differences, fourth);
  const double sum_deviations = (deviations[0] + deviations[1]) + (deviations[2] + deviations[3]);
  const double variance = sum_deviations / n;
  stats.mean = static_cast<float>(mean);
  stats.variance = static_cast<float>(variance);
  stats.stddev = static_cast<float>(std::sqrt(variance));
  stats.rms = static_cast<float>(std::sqrt(total_squares / n));
  stats.min = lo.minCoeff();
  stats.max = hi.maxCoeff();
  return stats;
}

float ComputeWindowRms(std::span<const float> x) {
  if (x.empty()) return 0.0f;
  const std::size_t size = x.size();
  Eigen::Array4d sum_squares = Eigen::Array4d::Zero();
  std::size_t i = 0;
  for (; i + 4 <= size; i += 4) {
    const Eigen::Array4d d = Eigen::Map<const Eigen::Array4f>(x.data() + i).cast<double>();
    sum_squares += d * d;
  }
  for (; i < size; ++i) {
    const double d = static_cast<double>(x[i]);
    sum_squares[0] += d * d;
  }
  const double total_squares =
      (sum_squares[0] + sum_squares[1]) + (sum_squares[2] + sum_squares[3]);
  return WindowRmsFromSumOfSquares(total_squares, size);
}

WindowShapeSums ComputeWindowShapeSumsReference(std::span<const float> x, float mean) {
  WindowShapeSums sums;
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double d = x[i] - x[i - 1];
    sums.difference_squares += d * d;
  }
  for (const float v : x) {
    const double d2 = (v - mean) * (v - mean);
    sums.fourth_powers += d2 * d2;
  }
  return sums;
}

template <bool kAvx>
WindowShapeSums ComputeWindowShapeSumsWith(std::span<const float> x, float mean) {
  const std::size_t size = x.size();
  if (size == 0) return WindowShapeSums();
  // One pass, four interleaved double partial sums per quantity (lane j takes i = j mod 4); the
  // terms are the reference's: float difference or float square first, then double.
  Eigen::Array4d differences = Eigen::Array4d::Zero();
  Eigen::Array4d fourth = Eigen::Array4d::Zero();
  const Eigen::Array4f m = Eigen::Array4f::Constant(mean);
  std::size_t i = 0;
  if constexpr (kAvx) {
    i = size / 4 * 4;
    WindowShapeLanesAvx(x.data(), size / 4, mean, differences.data(), fourth.data());
  } else {
    for (; i + 4 <= size; i += 4) AddShapeBlock(x, i, m, differences, fourth);
  }
  return FinishShapeSums(x, i, mean, differences, fourth);
}

WindowStats ComputeWindowStats(std::span<const float> x) {
  return WindowStatsAvxUsable() ? ComputeWindowStatsWith<true>(x, nullptr)
                                : ComputeWindowStatsWith<false>(x, nullptr);
}

WindowStats ComputeWindowStatsPortable(std::span<const float> x) {
  return ComputeWindowStatsWith<false>(x, nullptr);
}

WindowStats ComputeWindowStatsAndShapeSums(std::span<const float> x, WindowShapeSums* shape) {
  return WindowStatsAvxUsable() ? ComputeWindowStatsWith<true>(x, shape)
                                : ComputeWindowStatsWith<false>(x, shape);
}

WindowStats ComputeWindowStatsAndShapeSumsPortable(std::span<const float> x,
                                                   WindowShapeSums* shape) {
  return ComputeWindowStatsWith<false>(x, shape);
}

WindowShapeSums ComputeWindowShapeSums(std::span<const float> x, float mean) {
  return WindowStatsAvxUsable() ? ComputeWindowShapeSumsWith<true>(x, mean)
                                : ComputeWindowShapeSumsWith<false>(x, mean);
}

WindowShapeSums ComputeWindowShapeSumsPortable(std::span<const float> x, float mean) {
  return ComputeWindowShapeSumsWith<false>(x, mean);
}

bool WindowStatsAvxInUse() { return WindowStatsAvxUsable(); }

}  // namespace minsense::kernels
