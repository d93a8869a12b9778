#include "kernels/mlp_training.h"

#include <cmath>
#include <limits>

namespace minsense::kernels {
namespace {

// Training runs in float: Eigen vectorises float tanh and exp, which
// dominate the cost, and float is ample for a loss averaged over windows.
using Matrix = Eigen::MatrixXf;
using Vector = Eigen::VectorXf;
using RowVector = Eigen::RowVectorXf;

// SplitMix64: a small fixed generator, so initial weights are the same on
// every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  // Uniform in [-1, 1).
  double NextSymmetric() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }

 private:
  uint64_t state_;
};

// Adam keeps the moment estimates of one parameter block.
struct Adam {
  Matrix m, v;
  void Init(Eigen::Index rows, Eigen::Index cols) {
    m = Matrix::Zero(rows, cols);
    v = Matrix::Zero(rows, cols);
  }
  void Step(Matrix* param, const Matrix& grad, float lr, int t) {
    constexpr float kBeta1 = 0.9f, kBeta2 = 0.999f, kEps = 1e-8f;
    m = kBeta1 * m + (1 - kBeta1) * grad;
    v = kBeta2 * v + (1 - kBeta2) * grad.cwiseProduct(grad);
    const float c1 = 1 - std::pow(kBeta1, static_cast<float>(t));
    const float c2 = 1 - std::pow(kBeta2, static_cast<float>(t));
    *param -= (lr * (m / c1).array() / ((v / c2).array().sqrt() + kEps)).matrix();
  }
};

// Forward over all rows: hidden activations and probabilities.
void ForwardAll(const Matrix& x, const Matrix& w1, const RowVector& b1, const Matrix& w2,
                const RowVector& b2, Matrix* hidden, Matrix* prob) {
  *hidden = ((x * w1.transpose()).rowwise() + b1).array().tanh().matrix();
  *prob = (*hidden * w2.transpose()).rowwise() + b2;
  for (Eigen::Index i = 0; i < prob->rows(); ++i) {
    const float top = prob->row(i).maxCoeff();
    prob->row(i) = (prob->row(i).array() - top).exp().matrix();
    prob->row(i) /= prob->row(i).sum();
  }
}

bool ArgumentsFit(const Eigen::MatrixXd& x, std::span<const int> labels,
                  std::span<const double> weights, int outputs, int hidden) {
  const auto n = static_cast<size_t>(x.rows());
  if (n == 0 || x.cols() <= 0 || x.cols() > kMlpMaxInputs || labels.size() != n ||
      weights.size() != n || outputs <= 1 || outputs > kMlpMaxOutputs || hidden <= 0 ||
      hidden > kMlpMaxHidden || !x.allFinite()) {
    return false;
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (labels[i] < 0 || labels[i] >= outputs) return false;
    if (!(weights[i] >= 0) || !std::isfinite(weights[i])) return false;
    total += weights[i];
  }
  return total > 0;
}

}  // namespace

MlpParameters TrainMlp(const Eigen::MatrixXd& x_double, std::span<const int> labels,
                       std::span<const double> weights, int outputs,
                       const MlpTrainingOptions& options) {
  if (!ArgumentsFit(x_double, labels, weights, outputs, options.hidden) || options.epochs < 0) {
    return {};
  }
  const Matrix x = x_double.cast<float>();
  const Eigen::Index n = x.rows(), d = x.cols(), h = options.hidden, k = outputs;
  const float lr = static_cast<float>(options.learning_rate);
  const float l2 = static_cast<float>(options.l2);

  // Glorot-uniform initial weights, zero biases.
  SplitMix64 rng(options.seed);
  Matrix w1(h, d), w2(k, h);
  const double a1 = std::sqrt(6.0 / static_cast<double>(d + h));
  const double a2 = std::sqrt(6.0 / static_cast<double>(h + k));
  for (Eigen::Index r = 0; r < h; ++r)
    for (Eigen::Index c = 0; c < d; ++c) w1(r, c) = static_cast<float>(a1 * rng.NextSymmetric());
  for (Eigen::Index r = 0; r < k; ++r)
    for (Eigen::Index c = 0; c < h; ++c) w2(r, c) = static_cast<float>(a2 * rng.NextSymmetric());
  Matrix b1 = Matrix::Zero(1, h), b2 = Matrix::Zero(1, k);

  // Targets and normalised weights: the loss is sum_i w_i CE_i / sum_i w_i.
  Matrix target = Matrix::Zero(n, k);
  Vector w(n);
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) total += weights[static_cast<size_t>(i)];
  for (Eigen::Index i = 0; i < n; ++i) {
    target(i, labels[static_cast<size_t>(i)]) = 1;
    w(i) = static_cast<float>(weights[static_cast<size_t>(i)] / total);
  }

  Adam adam_w1, adam_b1, adam_w2, adam_b2;
  adam_w1.Init(h, d);
  adam_b1.Init(1, h);
  adam_w2.Init(k, h);
  adam_b2.Init(1, k);
  Matrix hidden, prob;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    ForwardAll(x, w1, b1.row(0), w2, b2.row(0), &hidden, &prob);
    const Matrix g_logits = (prob - target).array().colwise() * w.array();  // n x k
    const Matrix g_w2 = g_logits.transpose() * hidden + l2 * w2;
    const Matrix g_b2 = g_logits.colwise().sum();
    const Matrix g_hidden =
        (g_logits * w2).cwiseProduct((1.0f - hidden.array().square()).matrix());  // n x h
    const Matrix g_w1 = g_hidden.transpose() * x + l2 * w1;
    const Matrix g_b1 = g_hidden.colwise().sum();
    adam_w1.Step(&w1, g_w1, lr, epoch);
    adam_b1.Step(&b1, g_b1, lr, epoch);
    adam_w2.Step(&w2, g_w2, lr, epoch);
    adam_b2.Step(&b2, g_b2, lr, epoch);
  }

  MlpParameters p;
  p.shape = {static_cast<int>(d), static_cast<int>(h), static_cast<int>(k)};
  auto copy_row_major = [](const Matrix& m, std::vector<float>* out) {
    out->resize(static_cast<size_t>(m.size()));
    size_t i = 0;
    for (Eigen::Index r = 0; r < m.rows(); ++r)
      for (Eigen::Index c = 0; c < m.cols(); ++c) (*out)[i++] = m(r, c);
  };
  copy_row_major(w1, &p.w1);
  copy_row_major(b1, &p.b1);
  copy_row_major(w2, &p.w2);
  copy_row_major(b2, &p.b2);
  return p;
}

double WeightedCrossEntropy(const MlpView& net, const Eigen::MatrixXd& x,
                            std::span<const int> labels, std::span<const double> weights) {
  if (!ValidMlp(net) || x.cols() != net.shape.inputs ||
      labels.size() != static_cast<size_t>(x.rows()) || weights.size() != labels.size()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double loss = 0, total = 0;
  float row[kMlpMaxInputs];
  float p[kMlpMaxOutputs];
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) row[c] = static_cast<float>(x(i, c));
    MlpForwardReference(net, std::span<const float>(row, static_cast<size_t>(x.cols())), p);
    const double wi = weights[static_cast<size_t>(i)];
    loss -= wi * std::log(std::max(1e-12, static_cast<double>(p[labels[static_cast<size_t>(i)]])));
    total += wi;
  }
  return total > 0 ? loss / total : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace minsense::kernels
