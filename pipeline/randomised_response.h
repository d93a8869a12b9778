// randomised_response.h: k-ary randomised response for local differential
// privacy (promise 6 of PRODUCT.md), and the value domains it works over.
//
// With budget epsilon over a domain of k values, the true value is kept with
// probability p = e^epsilon / (e^epsilon + k - 1) and otherwise replaced by
// one of the k - 1 other values, uniformly (each with q = 1 / (e^epsilon +
// k - 1)). Since p / q = e^epsilon, one report is epsilon-LDP. The decoder
// (ldp_decoder.h) inverts the known p and q to unbiased frequency estimates.
//
// The generator is a deterministic, seedable xoshiro256** owned by the
// pipeline: a fixed seed gives reproducible tests; production callers must
// seed it from the operating system (see EgressPolicy.ldp_seed).
//
//   LdpDomain domain = LdpDomain::FromPolicy(policy);
//   KaryRandomisedResponse rr(epsilon / 2, domain.labels.size());
//   Xoshiro256 rng(seed);
//   int reported = rr.Randomise(domain.LabelIndex(label), rng);
#ifndef MINSENSE_PIPELINE_RANDOMISED_RESPONSE_H_
#define MINSENSE_PIPELINE_RANDOMISED_RESPONSE_H_

#include <array>
#include <cstdint>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"

namespace minsense {

// Xoshiro256 is the xoshiro256** generator (Blackman and Vigna), seeded by
// expanding a 64-bit seed with splitmix64. Never allocates.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) { Seed(seed); }
  void Seed(uint64_t seed);
  uint64_t Next();
  // Uniform01 returns a double in [0, 1) with 53 random bits.
  double Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Below returns an integer in [0, n), n > 0, without modulo bias.
  uint64_t Below(uint64_t n);

 private:
  std::array<uint64_t, 4> s_{};
};

// KaryRandomisedResponse randomises an index in [0, k).
class KaryRandomisedResponse {
 public:
  // epsilon > 0 (nats), k >= 1.
  KaryRandomisedResponse(double epsilon, int k);

  // Randomise returns `true_index` with keep_probability(), otherwise one of
  // the other k - 1 indices uniformly. O(1), no allocation.
  int Randomise(int true_index, Xoshiro256& rng) const;

  int k() const { return k_; }
  double keep_probability() const { return p_; }   // p
  double other_probability() const { return q_; }  // q, for each other value

 private:
  int k_;
  double p_;
  double q_;
};

// LdpDomain is the set of values each randomised field can take under one
// policy, in a fixed order that the device and the decoder share.
struct LdpDomain {
  // labels: the activities that may leave (allowed_activities, or every
  // label), always with ACTIVITY_UNKNOWN, in enum order.
  std::vector<v1::Activity> labels;
  // tempo_spm: the tempo buckets; index 0 is "no cadence" (stored as 0), then
  // every value QuantiseCadence can return, ascending.
  std::vector<uint32_t> tempo_spm;

  static LdpDomain FromPolicy(const v1::EgressPolicy& policy);

  // LabelIndex / TempoIndex return the index of a value, or -1 when it is
  // not in the domain. No allocation.
  int LabelIndex(v1::Activity activity) const;
  int TempoIndex(bool has_cadence, uint32_t cadence_spm) const;
};

// PerFieldEpsilon is the budget of each of the two randomised fields: the
// message budget split evenly between the label and the tempo bucket.
inline double PerFieldEpsilon(double message_epsilon) { return message_epsilon / 2; }

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_RANDOMISED_RESPONSE_H_
