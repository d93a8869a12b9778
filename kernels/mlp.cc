#include "kernels/mlp.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace minsense::kernels {
namespace {

// Softmax in place over logits[0, n), shifted by the maximum for range.
template <typename T>
void SoftmaxInPlace(T* logits, int n) {
  T top = logits[0];
  for (int k = 1; k < n; ++k) top = std::max(top, logits[k]);
  T sum = 0;
  for (int k = 0; k < n; ++k) {
    logits[k] = std::exp(logits[k] - top);
    sum += logits[k];
  }
  for (int k = 0; k < n; ++k) logits[k] /= sum;
}

bool Fits(const MlpView& net, std::span<const float> x, std::span<float> probability) {
  return ValidMlp(net) && static_cast<int>(x.size()) == net.shape.inputs &&
         static_cast<int>(probability.size()) >= net.shape.outputs;
}

}  // namespace

bool ValidMlp(const MlpView& net) {
  const MlpShape& s = net.shape;
  if (s.inputs <= 0 || s.inputs > kMlpMaxInputs || s.hidden <= 0 || s.hidden > kMlpMaxHidden ||
      s.outputs <= 0 || s.outputs > kMlpMaxOutputs) {
    return false;
  }
  return net.w1.size() == static_cast<size_t>(s.hidden * s.inputs) &&
         net.b1.size() == static_cast<size_t>(s.hidden) &&
         net.w2.size() == static_cast<size_t>(s.outputs * s.hidden) &&
         net.b2.size() == static_cast<size_t>(s.outputs);
}

bool MlpForward(const MlpView& net, std::span<const float> x, std::span<float> probability) {
  if (!Fits(net, x, probability)) return false;
  const MlpShape& s = net.shape;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Vec = Eigen::Matrix<float, Eigen::Dynamic, 1>;
  const Eigen::Map<const RowMajor> w1(net.w1.data(), s.hidden, s.inputs);
  const Eigen::Map<const RowMajor> w2(net.w2.data(), s.outputs, s.hidden);
  const Eigen::Map<const Vec> b1(net.b1.data(), s.hidden);
  const Eigen::Map<const Vec> b2(net.b2.data(), s.outputs);
  const Eigen::Map<const Vec> in(x.data(), s.inputs);

  alignas(16) float hidden_storage[kMlpMaxHidden];
  Eigen::Map<Vec> hidden(hidden_storage, s.hidden);
  hidden.noalias() = w1 * in;
  hidden += b1;
  // Eigen's vectorised tanh (a rational approximation, a few ulp from std::tanh): the one the
  // trainer uses (mlp_training.cc), four units an instruction instead of a libm call each.
  hidden = hidden.array().tanh().matrix();

  Eigen::Map<Vec> logits(probability.data(), s.outputs);
  logits.noalias() = w2 * hidden;
  logits += b2;
  SoftmaxInPlace(probability.data(), s.outputs);
  return true;
}

bool MlpForwardReference(const MlpView& net, std::span<const float> x,
                         std::span<float> probability) {
  if (!Fits(net, x, probability)) return false;
  const MlpShape& s = net.shape;
  double hidden[kMlpMaxHidden];
  for (int j = 0; j < s.hidden; ++j) {
    double acc = net.b1[static_cast<size_t>(j)];
    for (int i = 0; i < s.inputs; ++i) {
      acc += static_cast<double>(net.w1[static_cast<size_t>(j * s.inputs + i)]) *
             x[static_cast<size_t>(i)];
    }
    hidden[j] = std::tanh(acc);
  }
  double logits[kMlpMaxOutputs];
  for (int k = 0; k < s.outputs; ++k) {
    double acc = net.b2[static_cast<size_t>(k)];
    for (int j = 0; j < s.hidden; ++j) {
      acc += static_cast<double>(net.w2[static_cast<size_t>(k * s.hidden + j)]) * hidden[j];
    }
    logits[k] = acc;
  }
  SoftmaxInPlace(logits, s.outputs);
  for (int k = 0; k < s.outputs; ++k)
    probability[static_cast<size_t>(k)] = static_cast<float>(logits[k]);
  return true;
}

}  // namespace minsense::kernels
