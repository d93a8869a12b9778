// vector_ops.cc: Magnitudes (Eigen maps) and GravityFilter.
#include "kernels/vector_ops.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>

namespace minsense::kernels {

void Magnitudes(std::span<const float> x, std::span<const float> y, std::span<const float> z,
                std::span<float> out) {
  const std::size_t n = std::min({x.size(), y.size(), z.size(), out.size()});
  if (n == 0) return;
  const Eigen::Index size = static_cast<Eigen::Index>(n);
  const Eigen::Map<const Eigen::ArrayXf> xa(x.data(), size);
  const Eigen::Map<const Eigen::ArrayXf> ya(y.data(), size);
  const Eigen::Map<const Eigen::ArrayXf> za(z.data(), size);
  Eigen::Map<Eigen::ArrayXf> result(out.data(), size);
  // A single lazily evaluated coefficient-wise expression: no temporaries, no allocation.
  result = (xa.square() + ya.square() + za.square()).sqrt();
}

bool GravityFilter::Init(float cutoff_hz, float sample_rate_hz) {
  std::array<BiquadCoefficients, 1> section{};
  if (DesignButterworth(FilterType::kLowPass, 2, cutoff_hz, sample_rate_hz, section) != 1) {
    for (BiquadCascade& axis : axes_) axis = BiquadCascade{};
    return false;
  }
  for (BiquadCascade& axis : axes_) {
    if (!axis.Init(section)) return false;
  }
  return true;
}

void GravityFilter::Process(float x, float y, float z, float* gx, float* gy, float* gz) {
  const float ex = axes_[0].Process(x);
  const float ey = axes_[1].Process(y);
  const float ez = axes_[2].Process(z);
  if (gx != nullptr) *gx = ex;
  if (gy != nullptr) *gy = ey;
  if (gz != nullptr) *gz = ez;
}

void GravityFilter::Prime(float x, float y, float z) {
  axes_[0].PrimeSteadyState(x);
  axes_[1].PrimeSteadyState(y);
  axes_[2].PrimeSteadyState(z);
}

void GravityFilter::Reset() {
  for (BiquadCascade& axis : axes_) axis.Reset();
}

}  // namespace minsense::kernels
