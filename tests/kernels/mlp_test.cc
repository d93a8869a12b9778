#include "kernels/mlp.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "kernels/mlp_training.h"

namespace minsense::kernels {
namespace {

// A 2-input, 2-hidden, 2-class net small enough to work out by hand.
struct TinyNet {
  std::vector<float> w1 = {1.0f, 0.0f, 0.0f, -1.0f};  // h0 = tanh(x0), h1 = tanh(-x1)
  std::vector<float> b1 = {0.0f, 0.5f};               // h1 = tanh(0.5 - x1)
  std::vector<float> w2 = {2.0f, 0.0f, 0.0f, 1.0f};
  std::vector<float> b2 = {0.0f, -1.0f};
  MlpView view() const { return {w1, b1, w2, b2, {2, 2, 2}}; }
};

TEST(MlpTest, GoldenTinyNet) {
  const TinyNet net;
  const std::array<float, 2> x = {0.5f, 0.25f};
  std::array<float, 2> p{};
  ASSERT_TRUE(MlpForward(net.view(), x, p));
  const double l0 = 2 * std::tanh(0.5), l1 = std::tanh(0.25) - 1;
  const double p0 = 1 / (1 + std::exp(l1 - l0));
  EXPECT_NEAR(p[0], p0, 1e-6);
  EXPECT_NEAR(p[1], 1 - p0, 1e-6);
}

// The hidden units saturate like tanh far out (Eigen's tanh clamps its argument), and the
// output stays a distribution: pre-activations of +-1e4 give the reference's probabilities.
TEST(MlpTest, SaturatedHiddenUnitsMatchTheReference) {
  const TinyNet net;
  for (const float big : {20.0f, 1e4f}) {
    const std::array<float, 2> x = {big, big};  // h0 = tanh(big) = 1, h1 = tanh(0.5 - big) = -1
    std::array<float, 2> fast{}, ref{};
    ASSERT_TRUE(MlpForward(net.view(), x, fast));
    ASSERT_TRUE(MlpForwardReference(net.view(), x, ref));
    const double p0 = 1 / (1 + std::exp(-2.0 - 2.0));  // logits 2 and -2
    EXPECT_NEAR(fast[0], p0, 1e-6) << big;
    EXPECT_NEAR(ref[0], p0, 1e-6) << big;
    EXPECT_NEAR(fast[0] + fast[1], 1.0f, 1e-6f) << big;
  }
}

TEST(MlpTest, FastMatchesReferenceOnRandomNets) {
  std::mt19937 rng(3);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (int trial = 0; trial < 50; ++trial) {
    const MlpShape shape{1 + trial % kMlpMaxInputs, 1 + (trial * 7) % kMlpMaxHidden,
                         2 + trial % (kMlpMaxOutputs - 1)};
    std::vector<float> w1(static_cast<size_t>(shape.hidden * shape.inputs)),
        b1(static_cast<size_t>(shape.hidden)),
        w2(static_cast<size_t>(shape.outputs * shape.hidden)),
        b2(static_cast<size_t>(shape.outputs)), x(static_cast<size_t>(shape.inputs));
    for (auto* v : {&w1, &b1, &w2, &b2, &x})
      for (float& e : *v) e = g(rng);
    const MlpView net{w1, b1, w2, b2, shape};
    std::array<float, kMlpMaxOutputs> fast{}, ref{};
    ASSERT_TRUE(MlpForward(net, x, fast));
    ASSERT_TRUE(MlpForwardReference(net, x, ref));
    float sum = 0;
    for (int k = 0; k < shape.outputs; ++k) {
      EXPECT_NEAR(fast[static_cast<size_t>(k)], ref[static_cast<size_t>(k)], 1e-5f) << trial;
      EXPECT_GE(fast[static_cast<size_t>(k)], 0.0f);
      sum += fast[static_cast<size_t>(k)];
    }
    EXPECT_NEAR(sum, 1.0f, 1e-5f);
  }
}

TEST(MlpTest, RejectsBadShapesAndSizes) {
  TinyNet net;
  std::array<float, 2> x = {0, 0};
  std::array<float, 2> p = {-1, -1};
  MlpView v = net.view();
  v.shape.hidden = 3;  // Spans no longer fit.
  EXPECT_FALSE(ValidMlp(v));
  EXPECT_FALSE(MlpForward(v, x, p));
  EXPECT_EQ(p[0], -1);  // Nothing written.
  EXPECT_FALSE(MlpForward(net.view(), std::span<const float>(x.data(), 1), p));
  EXPECT_FALSE(MlpForward(net.view(), x, std::span<float>(p.data(), 1)));
  MlpView huge = net.view();
  huge.shape.inputs = kMlpMaxInputs + 1;
  EXPECT_FALSE(ValidMlp(huge));
}

// Two Gaussian blobs on a ring: class 1 inside radius 1, class 0 outside
// (not linearly separable, so the hidden layer must work).
void Ring(int n, uint32_t seed, Eigen::MatrixXd* x, std::vector<int>* y) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> angle(0, 6.283185307179586), r_in(0, 0.7), r_out(1.3, 2.0);
  x->resize(n, 2);
  y->assign(static_cast<size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    const bool inside = i % 2 == 0;
    const double a = angle(rng), r = inside ? r_in(rng) : r_out(rng);
    (*x)(i, 0) = r * std::cos(a);
    (*x)(i, 1) = r * std::sin(a);
    (*y)[static_cast<size_t>(i)] = inside ? 1 : 0;
  }
}

TEST(MlpTrainingTest, LearnsANonLinearBoundaryAndGeneralises) {
  Eigen::MatrixXd x, test_x;
  std::vector<int> y, test_y;
  Ring(400, 1, &x, &y);
  Ring(200, 2, &test_x, &test_y);
  const std::vector<double> w(y.size(), 1.0);
  MlpTrainingOptions options;
  options.hidden = 8;
  options.epochs = 300;
  const MlpParameters p = TrainMlp(x, y, w, 2, options);
  ASSERT_EQ(p.shape.inputs, 2);
  int right = 0;
  for (int i = 0; i < test_x.rows(); ++i) {
    const std::array<float, 2> row = {static_cast<float>(test_x(i, 0)),
                                      static_cast<float>(test_x(i, 1))};
    std::array<float, 2> prob{};
    ASSERT_TRUE(MlpForward(p.view(), row, prob));
    right += (prob[1] > prob[0] ? 1 : 0) == test_y[static_cast<size_t>(i)];
  }
  EXPECT_GE(right, 196);  // 98% of a margin-separated test set.

  // Training lowered the loss from its starting point.
  options.epochs = 0;
  const MlpParameters start = TrainMlp(x, y, w, 2, options);
  EXPECT_LT(WeightedCrossEntropy(p.view(), x, y, w),
            0.2 * WeightedCrossEntropy(start.view(), x, y, w));
}

TEST(MlpTrainingTest, DeterministicForASeedAndSeedMatters) {
  Eigen::MatrixXd x;
  std::vector<int> y;
  Ring(100, 5, &x, &y);
  const std::vector<double> w(y.size(), 1.0);
  MlpTrainingOptions options;
  options.hidden = 4;
  options.epochs = 20;
  const MlpParameters a = TrainMlp(x, y, w, 2, options);
  const MlpParameters b = TrainMlp(x, y, w, 2, options);
  EXPECT_EQ(a.w1, b.w1);
  EXPECT_EQ(a.w2, b.w2);
  EXPECT_EQ(a.b2, b.b2);
  options.seed = 2;
  EXPECT_NE(TrainMlp(x, y, w, 2, options).w1, a.w1);
}

TEST(MlpTrainingTest, SampleWeightsShiftTheDecision) {
  // Identical inputs with both labels: the heavier label must win.
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(20, 1);
  std::vector<int> y(20);
  std::vector<double> w(20);
  for (int i = 0; i < 20; ++i) {
    y[static_cast<size_t>(i)] = i % 2;
    w[static_cast<size_t>(i)] = i % 2 ? 3.0 : 1.0;
  }
  MlpTrainingOptions options;
  options.hidden = 2;
  options.epochs = 300;
  const MlpParameters p = TrainMlp(x, y, w, 2, options);
  const std::array<float, 1> row = {0};
  std::array<float, 2> prob{};
  ASSERT_TRUE(MlpForward(p.view(), row, prob));
  EXPECT_NEAR(prob[1], 0.75, 0.02);  // The weighted share.
}

TEST(MlpTrainingTest, RejectsBadArguments) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(4, 2);
  const std::vector<int> y = {0, 1, 0, 1};
  const std::vector<double> w = {1, 1, 1, 1};
  const MlpTrainingOptions options;
  EXPECT_EQ(TrainMlp(x, std::vector<int>{0, 1}, w, 2, options).shape.inputs, 0);        // Sizes.
  EXPECT_EQ(TrainMlp(x, std::vector<int>{0, 1, 2, 1}, w, 2, options).shape.inputs, 0);  // Label.
  EXPECT_EQ(TrainMlp(x, y, std::vector<double>{0, 0, 0, 0}, 2, options).shape.inputs, 0);
  EXPECT_EQ(TrainMlp(x, y, std::vector<double>{1, -1, 1, 1}, 2, options).shape.inputs, 0);
  Eigen::MatrixXd bad = x;
  bad(1, 1) = std::nan("");
  EXPECT_EQ(TrainMlp(bad, y, w, 2, options).shape.inputs, 0);
  EXPECT_EQ(TrainMlp(x, y, w, 1, options).shape.inputs, 0);
  EXPECT_EQ(TrainMlp(x, y, w, kMlpMaxOutputs + 1, options).shape.inputs, 0);
}

}  // namespace
}  // namespace minsense::kernels
