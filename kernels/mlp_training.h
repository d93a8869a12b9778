// mlp_training.h: fits the one-hidden-layer perceptron of mlp.h.
//
// Full-batch Adam on the sample-weighted cross-entropy plus an L2 penalty on
// the weights (not the biases). Deterministic: the initial weights come from
// a fixed-seed generator written here (not <random>'s distributions, whose
// output differs between standard libraries), and every sum runs in a fixed
// order, so the same data and options give the same parameters on every
// run of the same build.
//
// This is offline code (`minsense train`, evaluation): it allocates freely.
//
// Example:
//   MlpTrainingOptions options;            // 16 hidden units, 500 epochs.
//   MlpParameters p = TrainMlp(x, labels, weights, /*outputs=*/5, options);
//   MlpForward(p.view(), row, probability);
#ifndef MINSENSE_KERNELS_MLP_TRAINING_H_
#define MINSENSE_KERNELS_MLP_TRAINING_H_

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/mlp.h"

namespace minsense::kernels {

struct MlpTrainingOptions {
  int hidden = 16;
  int epochs = 600;
  double learning_rate = 0.03;  // Adam step size.
  double l2 = 1e-4;             // Penalty on the squared weights.
  uint64_t seed = 1;
};

// MlpParameters owns a network's parameters (row-major, as MlpView).
struct MlpParameters {
  MlpShape shape;
  std::vector<float> w1, b1, w2, b2;
  MlpView view() const { return {w1, b1, w2, b2, shape}; }
};

// TrainMlp fits a network to x (one row per sample, already standardised),
// labels in [0, outputs) and non-negative sample weights (all three with
// x.rows() entries). Returns an empty shape (inputs 0) when the arguments do
// not fit (sizes, a label out of range, no positive weight, a non-finite
// value, sizes beyond kMlpMax*).
MlpParameters TrainMlp(const Eigen::MatrixXd& x, std::span<const int> labels,
                       std::span<const double> weights, int outputs,
                       const MlpTrainingOptions& options);

// WeightedCrossEntropy is the mean weighted negative log-likelihood of the
// labels under `net` (the training loss without the penalty); for tests.
double WeightedCrossEntropy(const MlpView& net, const Eigen::MatrixXd& x,
                            std::span<const int> labels, std::span<const double> weights);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_MLP_TRAINING_H_
