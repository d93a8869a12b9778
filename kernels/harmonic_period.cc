// harmonic_period.cc: harmonic-sum energy by Goertzel filters side by side, and its search.
#include "kernels/harmonic_period.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

#include "kernels/cpu_features.h"

namespace minsense::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Mean(std::span<const float> x) {
  double sum = 0.0;
  for (const float v : x) sum += static_cast<double>(v);
  return sum / static_cast<double>(x.size());
}

// kLanes: Goertzel filters run side by side over one pass of the window (independent chains,
// which the compiler vectorises); a call evaluates kLanes / harmonics periods at a time.
constexpr int kLanes = 16;

// Energies sets energy[i] = HarmonicSum of period periods[i], i < count, count * harmonics <=
// kLanes, by Goertzel's recurrence s[n] = d[n] + 2 cos(w) s[n - 1] - s[n - 2] (d = x - mean),
// after which |sum_n d[n] e^(-i w n)|^2 = s1^2 + s2^2 - 2 cos(w) s1 s2 (s1, s2 the last two s).
// Inlined into EnergiesPortable and EnergiesAvx, which differ only in the instructions the
// compiler may use for the lanes: each lane takes the same IEEE operations in the same order
// (no fused multiply-add: AVX has none, and SSE2 neither), so both give the same bits.
[[gnu::always_inline]] inline void Energies(std::span<const float> x, double mean,
                                            const double* periods, int count, int harmonics,
                                            double* energy) {
  std::array<double, kLanes> coeff{};
  std::array<double, kLanes> s1{};
  std::array<double, kLanes> s2{};
  const int lanes = count * harmonics;
  for (int j = 0; j < lanes; ++j) {
    const int k = j % harmonics + 1;
    coeff[static_cast<std::size_t>(j)] =
        2.0 * std::cos(2.0 * std::numbers::pi * k / periods[j / harmonics]);
  }
  for (const float v : x) {
    const double d = static_cast<double>(v) - mean;
    for (std::size_t j = 0; j < static_cast<std::size_t>(kLanes); ++j) {
      const double next = d + coeff[j] * s1[j] - s2[j];
      s2[j] = s1[j];
      s1[j] = next;
    }
  }
  for (int i = 0; i < count; ++i) energy[i] = 0.0;
  for (int j = 0; j < lanes; ++j) {
    const auto u = static_cast<std::size_t>(j);
    energy[j / harmonics] += s1[u] * s1[u] + s2[u] * s2[u] - coeff[u] * s1[u] * s2[u];
  }
}

// EnergiesPortable is Energies with the target's baseline instructions (SSE2 on x86-64: two
// lanes a register).
void EnergiesPortable(std::span<const float> x, double mean, const double* periods, int count,
                      int harmonics, double* energy) {
  Energies(x, mean, periods, count, harmonics, energy);
}

#if defined(__x86_64__)
// EnergiesAvx is Energies with AVX (four lanes a register, the 16 filters in four); chosen at
// run time (CpuHasAvx). About twice as fast as EnergiesPortable (BM_Kernel_HarmonicSumPeriod).
[[gnu::target("avx")]] void EnergiesAvx(std::span<const float> x, double mean,
                                        const double* periods, int count, int harmonics,
                                        double* energy) {
  Energies(x, mean, periods, count, harmonics, energy);
}
#endif

using EnergiesFn = void (*)(std::span<const float>, double, const double*, int, int, double*);

// ChosenEnergies is EnergiesAvx where this build and the CPU have it, else EnergiesPortable.
EnergiesFn ChosenEnergies() {
#if defined(__x86_64__)
  if (CpuHasAvx()) return EnergiesAvx;
#endif
  return EnergiesPortable;
}

bool ValidSearch(std::span<const float> x, double min_period, double max_period, int harmonics,
                 int grid_steps) {
  return x.size() >= 2 && std::isfinite(min_period) && std::isfinite(max_period) &&
         min_period > 0.0 && max_period > min_period && harmonics >= 1 &&
         harmonics <= kMaxHarmonics && grid_steps >= 2;
}

// SearchPeriod is HarmonicSumPeriod (arguments already checked) with the given Energies.
double SearchPeriod(EnergiesFn energies_of, std::span<const float> x, double min_period,
                    double max_period, int harmonics, int grid_steps) {
  const double mean = Mean(x);
  const double step = (max_period - min_period) / static_cast<double>(grid_steps);
  const int per_call = kLanes / harmonics;
  int best = 0;
  double best_energy = -1.0;
  double left = 0.0;   // Energy one grid point before best.
  double right = 0.0;  // Energy one grid point after best.
  double previous = 0.0;
  bool best_is_last = false;
  std::array<double, kLanes> periods{};
  std::array<double, kLanes> energies{};
  for (int first = 0; first <= grid_steps; first += per_call) {
    const int count = std::min(per_call, grid_steps + 1 - first);
    for (int i = 0; i < count; ++i) {
      periods[static_cast<std::size_t>(i)] = min_period + step * static_cast<double>(first + i);
    }
    energies_of(x, mean, periods.data(), count, harmonics, energies.data());
    for (int i = 0; i < count; ++i) {
      const double energy = energies[static_cast<std::size_t>(i)];
      if (best_is_last) {
        right = energy;
        best_is_last = false;
      }
      if (energy > best_energy) {
        best = first + i;
        best_energy = energy;
        left = previous;
        best_is_last = true;
      }
      previous = energy;
    }
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

}  // namespace

double HarmonicSum(std::span<const float> x, double period, int harmonics) {
  if (x.empty() || !std::isfinite(period) || period <= 0.0 || harmonics < 1 ||
      harmonics > kMaxHarmonics) {
    return kNaN;
  }
  double energy = 0.0;
  ChosenEnergies()(x, Mean(x), &period, 1, harmonics, &energy);
  return energy;
}

double HarmonicSumPeriod(std::span<const float> x, double min_period, double max_period,
                         int harmonics, int grid_steps) {
  if (!ValidSearch(x, min_period, max_period, harmonics, grid_steps)) return kNaN;
  return SearchPeriod(ChosenEnergies(), x, min_period, max_period, harmonics, grid_steps);
}

double HarmonicSumPeriodPortable(std::span<const float> x, double min_period, double max_period,
                                 int harmonics, int grid_steps) {
  if (!ValidSearch(x, min_period, max_period, harmonics, grid_steps)) return kNaN;
  return SearchPeriod(EnergiesPortable, x, min_period, max_period, harmonics, grid_steps);
}

}  // namespace minsense::kernels
