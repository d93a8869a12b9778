// Local differential privacy: k-ary randomised response on the label and the
// tempo bucket, and the recommender-side decoder. Statistical checks use
// fixed seeds and bounds of 5 standard deviations.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "pipeline/egress_gate.h"
#include "pipeline/ldp_decoder.h"
#include "pipeline/pipeline.h"
#include "pipeline/randomised_response.h"

namespace minsense {
namespace {

// FiveSigma is 5 standard deviations of a share estimated from n Bernoulli(p).
double FiveSigma(double p, double n) { return 5 * std::sqrt(p * (1 - p) / n); }

TEST(RandomisedResponseTest, GeneratorIsDeterministicPerSeed) {
  Xoshiro256 a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
}

TEST(RandomisedResponseTest, FlipsWithTheStatedProbabilities) {
  for (const double epsilon : {0.5, 1.0, 3.0}) {
    const int k = 6;
    const KaryRandomisedResponse rr(epsilon, k);
    EXPECT_NEAR(rr.keep_probability(), std::exp(epsilon) / (std::exp(epsilon) + k - 1), 1e-12);
    EXPECT_NEAR(rr.keep_probability() / rr.other_probability(), std::exp(epsilon), 1e-9);
    EXPECT_NEAR(rr.keep_probability() + (k - 1) * rr.other_probability(), 1.0, 1e-12);
    Xoshiro256 rng(7);
    const int n = 200000;
    std::vector<int> counts(k, 0);
    for (int i = 0; i < n; ++i) ++counts[static_cast<size_t>(rr.Randomise(2, rng))];
    for (int j = 0; j < k; ++j) {
      const double expected = j == 2 ? rr.keep_probability() : rr.other_probability();
      EXPECT_NEAR(counts[static_cast<size_t>(j)] / static_cast<double>(n), expected,
                  FiveSigma(expected, n))
          << "epsilon " << epsilon << " value " << j;
    }
  }
}

TEST(LdpDecoderTest, EstimatesAreUnbiased) {
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_ldp_epsilon(2.0);
  const LdpDomain domain = LdpDomain::FromPolicy(policy);
  ASSERT_EQ(domain.labels.size(), 6u);
  ASSERT_EQ(domain.tempo_spm.size(), 42u);  // none + 40..240 by 5.
  const KaryRandomisedResponse label_rr(PerFieldEpsilon(2.0), 6);
  const KaryRandomisedResponse tempo_rr(PerFieldEpsilon(2.0), 42);
  // True population: 50% walking at 110 spm, 20% running at 170, 30% still.
  Xoshiro256 rng(2024);
  std::vector<v1::ActivityUpdate> reports;
  const int n = 300000;
  for (int i = 0; i < n; ++i) {
    v1::Activity a = v1::ACTIVITY_STILL;
    uint32_t tempo = 0;
    const int r = i % 10;
    if (r < 5) {
      a = v1::ACTIVITY_WALKING;
      tempo = 110;
    } else if (r < 7) {
      a = v1::ACTIVITY_RUNNING;
      tempo = 170;
    }
    const int li = label_rr.Randomise(domain.LabelIndex(a), rng);
    const int ti = tempo_rr.Randomise(domain.TempoIndex(tempo != 0, tempo), rng);
    v1::ActivityUpdate u;
    u.set_activity(domain.labels[static_cast<size_t>(li)]);
    if (ti != 0) u.set_cadence_spm(domain.tempo_spm[static_cast<size_t>(ti)]);
    reports.push_back(u);
  }
  auto decoded = DecodeLdpReports(policy, reports);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  // Variance of the estimator: observed share variance / (p - q)^2.
  auto bound = [n](const KaryRandomisedResponse& rr) {
    return 5 * 0.5 / std::sqrt(static_cast<double>(n)) /
           (rr.keep_probability() - rr.other_probability());
  };
  for (size_t i = 0; i < decoded->labels.size(); ++i) {
    double truth = 0;
    if (decoded->labels[i] == v1::ACTIVITY_WALKING) truth = 0.5;
    if (decoded->labels[i] == v1::ACTIVITY_RUNNING) truth = 0.2;
    if (decoded->labels[i] == v1::ACTIVITY_STILL) truth = 0.3;
    EXPECT_NEAR(decoded->label_share[i], truth, bound(label_rr)) << i;
  }
  for (size_t i = 0; i < decoded->tempo_spm.size(); ++i) {
    double truth = 0;
    if (decoded->tempo_spm[i] == 0) truth = 0.3;
    if (decoded->tempo_spm[i] == 110) truth = 0.5;
    if (decoded->tempo_spm[i] == 170) truth = 0.2;
    EXPECT_NEAR(decoded->tempo_share[i], truth, bound(tempo_rr)) << decoded->tempo_spm[i];
  }
  // Raw shares are far from the truth: the noise is real.
  int walking_seen = 0;
  for (const auto& r : reports) walking_seen += r.activity() == v1::ACTIVITY_WALKING;
  EXPECT_LT(walking_seen / static_cast<double>(n), 0.4);
}

// The tempo domain of randomised response is exactly what the gate can send: every multiple of
// the step inside [min, max], and nothing else, when the bounds are not multiples.
TEST(LdpDomainTest, TempoDomainIsEveryCadenceTheGateCanSend) {
  v1::EgressPolicy policy;
  policy.set_cadence_step_spm(5);
  policy.set_min_cadence_spm(42);
  policy.set_max_cadence_spm(238);
  const LdpDomain domain = LdpDomain::FromPolicy(policy);
  ASSERT_EQ(domain.tempo_spm.size(), 1u + 39u);  // none + 45..235 by 5.
  EXPECT_EQ(domain.tempo_spm[0], 0u);
  for (size_t i = 1; i < domain.tempo_spm.size(); ++i) {
    EXPECT_EQ(domain.tempo_spm[i], 45u + 5u * (i - 1)) << i;
  }
  const EgressGate gate(policy);
  for (float c = 0; c < 400; c += 0.5f) {
    EXPECT_GT(domain.TempoIndex(true, gate.QuantiseCadence(c)), 0) << c;
  }
}

TEST(LdpDecoderTest, RejectsPoliciesWithoutLdpAndForeignValues) {
  std::vector<v1::ActivityUpdate> reports(1);
  EXPECT_FALSE(DecodeLdpReports(DefaultEgressPolicy(), reports).ok());
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_ldp_epsilon(1);
  reports[0].set_activity(v1::ACTIVITY_WALKING);
  reports[0].set_cadence_spm(113);  // Not a multiple of 5.
  EXPECT_EQ(DecodeLdpReports(policy, reports).status().code(), StatusCode::kDataLoss);
}

TEST(LdpDecoderTest, UnbiasedFrequenciesAreNaNWithoutABudgetAndZeroWithoutReports) {
  const uint64_t counts[] = {30, 50, 20};
  for (double epsilon : {0.0, -1.0, std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN()}) {
    const std::vector<double> share = UnbiasedFrequencies(counts, epsilon);
    ASSERT_EQ(share.size(), 3u);
    for (double s : share) EXPECT_TRUE(std::isnan(s)) << "epsilon " << epsilon;
  }
  const uint64_t none[] = {0, 0, 0};
  EXPECT_EQ(UnbiasedFrequencies(none, 1.0), (std::vector<double>{0, 0, 0}));
  // With a budget the shares add up to 1 (the estimator is a linear map of
  // observed shares that sum to 1).
  const std::vector<double> share = UnbiasedFrequencies(counts, 1.0);
  EXPECT_NEAR(share[0] + share[1] + share[2], 1.0, 1e-12);
}

TEST(LdpDecoderTest, RejectsPoliciesOutsideTheirDocumentedRanges) {
  // The decoder runs on the recommender side with a policy it was handed:
  // the same ranges as on the device apply, or the domain and the shares
  // are garbage (NaN shares for an infinite epsilon, a tempo domain of
  // millions of buckets for an absurd max_cadence_spm).
  std::vector<v1::ActivityUpdate> reports(1);
  reports[0].set_activity(v1::ACTIVITY_STILL);
  v1::EgressPolicy infinite = DefaultEgressPolicy();
  infinite.set_ldp_epsilon(std::numeric_limits<double>::infinity());
  EXPECT_EQ(DecodeLdpReports(infinite, reports).status().code(), StatusCode::kInvalidArgument);
  v1::EgressPolicy huge = DefaultEgressPolicy();
  huge.set_ldp_epsilon(1);
  huge.set_cadence_step_spm(1);
  huge.set_max_cadence_spm(1'000'000);
  EXPECT_EQ(DecodeLdpReports(huge, reports).status().code(), StatusCode::kInvalidArgument);
  v1::EgressPolicy valid = DefaultEgressPolicy();
  valid.set_ldp_epsilon(1);
  const StatusOr<LdpEstimate> decoded = DecodeLdpReports(valid, reports);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  for (double share : decoded->label_share) EXPECT_TRUE(std::isfinite(share));
}

// A synthetic walk pushed through a pipeline with LDP on.
std::vector<v1::ActivityUpdate> RunWalk(const v1::EgressPolicy& policy, Ledger* ledger) {
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  EXPECT_TRUE(created.ok());
  std::vector<v1::ActivityUpdate> out;
  if (!created.ok()) return out;
  auto& pipeline = *created;
  v1::ActivityUpdate u;
  for (int i = 0; i < 50 * 120; ++i) {
    const double t = i / 50.0;
    pipeline->PushAccel(AccelSample{
        t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 1.9 * t)), 0.3f});
    while (pipeline->Poll(&u)) out.push_back(u);
  }
  *ledger = pipeline->ledger();
  return out;
}

TEST(LdpPipelineTest, OffByDefaultAndSeededWhenOn) {
  Ledger plain_ledger;
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  const auto plain = RunWalk(policy, &plain_ledger);
  EXPECT_EQ(plain_ledger.randomised_messages, 0u);
  EXPECT_EQ(plain_ledger.ldp_epsilon, 0.0);

  policy.set_ldp_epsilon(1.0);
  policy.set_ldp_seed(99);
  Ledger a_ledger, b_ledger, c_ledger;
  const auto a = RunWalk(policy, &a_ledger);
  const auto b = RunWalk(policy, &b_ledger);
  policy.set_ldp_seed(100);
  const auto c = RunWalk(policy, &c_ledger);
  ASSERT_EQ(a.size(), plain.size());
  ASSERT_EQ(a.size(), b.size());
  bool differs_from_plain = false;
  bool differs_by_seed = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].SerializeAsString(), b[i].SerializeAsString());
    EXPECT_EQ(a[i].confidence(), v1::CONFIDENCE_UNSPECIFIED);  // Never sent under LDP.
    differs_from_plain |= a[i].activity() != plain[i].activity();
    differs_by_seed |= a[i].SerializeAsString() != c[i].SerializeAsString();
  }
  EXPECT_TRUE(differs_from_plain);
  EXPECT_TRUE(differs_by_seed);
  EXPECT_EQ(a_ledger.randomised_messages, a.size());
  EXPECT_EQ(a_ledger.confidence_fields_out, 0u);
  EXPECT_EQ(a_ledger.ldp_epsilon, 1.0);
}

}  // namespace
}  // namespace minsense
