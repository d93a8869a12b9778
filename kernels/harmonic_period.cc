// harmonic_period.cc: harmonic-sum energy by phasor recurrence and its grid-and-parabola search.
#include "kernels/harmonic_period.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

namespace minsense::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Mean(std::span<const float> x) {
  double sum = 0.0;
  for (const float v : x) sum += static_cast<double>(v);
  return sum / static_cast<double>(x.size());
}

// SumAt is HarmonicSum with the mean given. Each harmonic's phasor e^(-i w n) is advanced by one
// complex multiplication per sample; over a few hundred samples its rounding stays near 1e-13.
double SumAt(std::span<const float> x, double mean, double period, int harmonics) {
  double energy = 0.0;
  for (int k = 1; k <= harmonics; ++k) {
    const double w = 2.0 * std::numbers::pi * static_cast<double>(k) / period;
    const double step_re = std::cos(w);
    const double step_im = -std::sin(w);
    double z_re = 1.0;
    double z_im = 0.0;
    double acc_re = 0.0;
    double acc_im = 0.0;
    for (const float v : x) {
      const double d = static_cast<double>(v) - mean;
      acc_re += d * z_re;
      acc_im += d * z_im;
      const double next_re = z_re * step_re - z_im * step_im;
      z_im = z_re * step_im + z_im * step_re;
      z_re = next_re;
    }
    energy += acc_re * acc_re + acc_im * acc_im;
  }
  return energy;
}

}  // namespace

double HarmonicSum(std::span<const float> x, double period, int harmonics) {
  if (x.empty() || !std::isfinite(period) || period <= 0.0 || harmonics < 1) return kNaN;
  return SumAt(x, Mean(x), period, harmonics);
}

double HarmonicSumPeriod(std::span<const float> x, double min_period, double max_period,
                         int harmonics, int grid_steps) {
  if (x.size() < 2 || !std::isfinite(min_period) || !std::isfinite(max_period) ||
      min_period <= 0.0 || max_period <= min_period || harmonics < 1 || grid_steps < 2) {
    return kNaN;
  }
  const double mean = Mean(x);
  const double step = (max_period - min_period) / static_cast<double>(grid_steps);
  int best = 0;
  double best_energy = -1.0;
  double left = 0.0;   // Energy one grid point before best.
  double right = 0.0;  // Energy one grid point after best.
  double previous = 0.0;
  bool best_is_last = false;
  for (int i = 0; i <= grid_steps; ++i) {
    const double energy = SumAt(x, mean, min_period + step * static_cast<double>(i), harmonics);
    if (best_is_last) {
      right = energy;
      best_is_last = false;
    }
    if (energy > best_energy) {
      best = i;
      best_energy = energy;
      left = previous;
      best_is_last = true;
    }
    previous = energy;
  }
  // At an end of the range the energy still rises outside it: no peak within the range.
  if (best == 0 || best == grid_steps) return kNaN;
  double period = min_period + step * static_cast<double>(best);
  const double curvature = left - 2.0 * best_energy + right;
  if (curvature < 0.0) {
    const double delta = std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
    period += delta * step;
  }
  return period;
}

}  // namespace minsense::kernels
