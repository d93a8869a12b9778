// mlp.h: forward pass of a one-hidden-layer perceptron with a softmax output.
//
//   hidden      = tanh(W1 x + b1)        W1: hidden x inputs, row-major
//   logits      = W2 hidden + b2         W2: outputs x hidden, row-major
//   probability = softmax(logits)        sums to 1
//
// The activity classifier evaluates one such network per analysis window:
// with 11 inputs, 16 hidden units and 5 classes that is about 260
// multiply-adds. MlpForwardReference is the plain loop in double (the
// oracle); MlpForward is the same computation in float with Eigen
// matrix-vector products and Eigen's vectorised tanh (the trainer's, see
// mlp_training.cc), within 1e-5 of the oracle. Neither allocates: sizes are
// bounded by the kMlpMax* constants.
//
// Example:
//   MlpView net{w1, b1, w2, b2, {.inputs = 8, .hidden = 16, .outputs = 5}};
//   std::array<float, 5> p;
//   if (!MlpForward(net, x, p)) return;  // Bad shape.
#ifndef MINSENSE_KERNELS_MLP_H_
#define MINSENSE_KERNELS_MLP_H_

#include <span>

namespace minsense::kernels {

inline constexpr int kMlpMaxInputs = 32;
inline constexpr int kMlpMaxHidden = 64;
inline constexpr int kMlpMaxOutputs = 8;

struct MlpShape {
  int inputs = 0;
  int hidden = 0;
  int outputs = 0;
};

// MlpView points at parameters owned elsewhere (sizes given by shape).
struct MlpView {
  std::span<const float> w1;  // hidden * inputs
  std::span<const float> b1;  // hidden
  std::span<const float> w2;  // outputs * hidden
  std::span<const float> b2;  // outputs
  MlpShape shape;
};

// ValidMlp is true when every size is in (0, kMlpMax*] and each span has
// exactly the size the shape implies.
bool ValidMlp(const MlpView& net);

// MlpForward writes the class probabilities to probability[0, outputs).
// Returns false (writing nothing) when the net is not ValidMlp, x.size() !=
// inputs or probability.size() < outputs. Non-finite inputs give
// non-finite probabilities; callers keep features finite.
bool MlpForward(const MlpView& net, std::span<const float> x, std::span<float> probability);

// MlpForwardReference is the plain-loop oracle of MlpForward (double
// accumulators); same contract.
bool MlpForwardReference(const MlpView& net, std::span<const float> x,
                         std::span<float> probability);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_MLP_H_
