// biquad.cc: Butterworth design (bilinear transform) and the DF2T biquad cascade.
#include "kernels/biquad.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>

namespace minsense::kernels {
namespace {

bool IsFinite(const BiquadCoefficients& c) {
  return std::isfinite(c.b0) && std::isfinite(c.b1) && std::isfinite(c.b2) && std::isfinite(c.a1) &&
         std::isfinite(c.a2);
}

}  // namespace

int DesignButterworth(FilterType type, int order, float cutoff_hz, float sample_rate_hz,
                      std::span<BiquadCoefficients> out) {
  if (order < 2 || order > 2 * BiquadCascade::kMaxStages || order % 2 != 0) return 0;
  if (!std::isfinite(sample_rate_hz) || sample_rate_hz <= 0.0f) return 0;
  if (!std::isfinite(cutoff_hz) || cutoff_hz <= 0.0f) return 0;
  const double fs = static_cast<double>(sample_rate_hz);
  const double fc = static_cast<double>(cutoff_hz);
  if (fc >= 0.5 * fs) return 0;
  const int num_sections = order / 2;
  if (out.size() < static_cast<std::size_t>(num_sections)) return 0;

  // Pre-warped analogue cutoff for a unit-frequency prototype: s -> (1/k) (1 - z^-1)/(1 + z^-1).
  const double k = std::tan(std::numbers::pi * fc / fs);
  const double k2 = k * k;
  for (int i = 0; i < num_sections; ++i) {
    // The analogue pole pairs of an order-N Butterworth have damping 2 sin(theta) with
    // theta = (2m + 1) pi / (2N), m = 0 .. N/2 - 1; Q = 1 / (2 sin(theta)). Walking m downwards
    // emits the lowest-Q (best damped) section first.
    const int m = num_sections - 1 - i;
    const double theta =
        static_cast<double>(2 * m + 1) * std::numbers::pi / static_cast<double>(2 * order);
    const double inv_q = 2.0 * std::sin(theta);
    const double norm = 1.0 / (1.0 + k * inv_q + k2);
    const float a1 = static_cast<float>(2.0 * (k2 - 1.0) * norm);
    const float a2 = static_cast<float>((1.0 - k * inv_q + k2) * norm);
    BiquadCoefficients c{};
    c.a1 = a1;
    c.a2 = a2;
    if (type == FilterType::kLowPass) {
      // Exact design: b0 = k^2 norm, and b0 + b1 + b2 = 4 b0 = 1 + a1 + a2. Deriving b0 from the
      // rounded a1, a2 keeps the DC gain at 1 even for cutoffs far below fs (where 1 + a1 + a2 is
      // tiny and rounding a1, a2 alone would shift the gain by up to ~1e-3).
      const double b0 = (1.0 + static_cast<double>(a1) + static_cast<double>(a2)) / 4.0;
      c.b0 = static_cast<float>(b0);
      c.b1 = 2.0f * c.b0;
      c.b2 = c.b0;
    } else {
      c.b0 = static_cast<float>(norm);
      c.b1 = -2.0f * c.b0;
      c.b2 = c.b0;
    }
    out[static_cast<std::size_t>(i)] = c;
  }
  return num_sections;
}

bool BiquadCascade::Init(std::span<const BiquadCoefficients> stages) {
  num_stages_ = 0;
  state_ = {};
  if (stages.empty() || stages.size() > static_cast<std::size_t>(kMaxStages)) return false;
  for (const BiquadCoefficients& c : stages) {
    if (!IsFinite(c)) return false;
  }
  std::copy(stages.begin(), stages.end(), coefficients_.begin());
  num_stages_ = static_cast<int>(stages.size());
  return true;
}

template <std::size_t kStages>
void BiquadCascade::ProcessBlockWith(const float* in, float* out, std::size_t n) {
  // Process with the coefficients and the state in locals: stores to out cannot alias them, so
  // they stay in registers across the block instead of being stored and reloaded per sample.
  std::array<BiquadCoefficients, kStages> c;
  std::array<State, kStages> s;
  for (std::size_t k = 0; k < kStages; ++k) {
    c[k] = coefficients_[k];
    s[k] = state_[k];
  }
  // Element i is read before out[i] is written and never read again, so in == out is safe.
  for (std::size_t i = 0; i < n; ++i) {
    float v = in[i];
    for (std::size_t k = 0; k < kStages; ++k) {  // Process's arithmetic, in its order.
      const float y = c[k].b0 * v + s[k].s1;
      s[k].s1 = c[k].b1 * v - c[k].a1 * y + s[k].s2;
      s[k].s2 = c[k].b2 * v - c[k].a2 * y;
      v = y;
    }
    out[i] = v;
  }
  for (std::size_t k = 0; k < kStages; ++k) state_[k] = s[k];
}

void BiquadCascade::ProcessBlock(std::span<const float> in, std::span<float> out) {
  const std::size_t n = std::min(in.size(), out.size());
  switch (num_stages_) {
    case 1:
      ProcessBlockWith<1>(in.data(), out.data(), n);
      break;
    case 2:
      ProcessBlockWith<2>(in.data(), out.data(), n);
      break;
    case 3:
      ProcessBlockWith<3>(in.data(), out.data(), n);
      break;
    case 4:
      ProcessBlockWith<4>(in.data(), out.data(), n);
      break;
    default:  // No stages: Process passes the input through.
      for (std::size_t i = 0; i < n; ++i) out[i] = Process(in[i]);
      break;
  }
}

void BiquadCascade::Reset() { state_ = {}; }

void BiquadCascade::PrimeSteadyState(float x) {
  double v = static_cast<double>(x);
  for (int i = 0; i < num_stages_; ++i) {
    const BiquadCoefficients& c = coefficients_[static_cast<std::size_t>(i)];
    State& s = state_[static_cast<std::size_t>(i)];
    const double a1 = static_cast<double>(c.a1);
    const double a2 = static_cast<double>(c.a2);
    const double den = 1.0 + a1 + a2;
    if (den == 0.0) {
      s = State{};
      v = 0.0;
      continue;
    }
    const double gain =
        (static_cast<double>(c.b0) + static_cast<double>(c.b1) + static_cast<double>(c.b2)) / den;
    const double y = gain * v;
    // Fixed point of the DF2T recursion for constant input v and output y:
    //   s2 = b2 v - a2 y,  s1 = b1 v - a1 y + s2 (= y - b0 v).
    const double s2 = static_cast<double>(c.b2) * v - a2 * y;
    const double s1 = static_cast<double>(c.b1) * v - a1 * y + s2;
    s.s1 = static_cast<float>(s1);
    s.s2 = static_cast<float>(s2);
    v = y;
  }
}

}  // namespace minsense::kernels
