#include "pipeline/randomised_response.h"

#include <algorithm>
#include <cmath>

#include "pipeline/egress_gate.h"

namespace minsense {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

void Xoshiro256::Seed(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : s_) word = SplitMix64(state);
}

uint64_t Xoshiro256::Next() {
  const uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = RotateLeft(s_[3], 45);
  return result;
}

uint64_t Xoshiro256::Below(uint64_t n) {
  // Rejection sampling: draws in the incomplete last block of n are redrawn.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x = Next();
  while (x >= limit) x = Next();
  return x % n;
}

KaryRandomisedResponse::KaryRandomisedResponse(double epsilon, int k) : k_(std::max(k, 1)) {
  const double e = std::exp(epsilon);
  p_ = e / (e + k_ - 1);
  q_ = 1.0 / (e + k_ - 1);
}

int KaryRandomisedResponse::Randomise(int true_index, Xoshiro256& rng) const {
  if (k_ <= 1 || rng.Uniform01() < p_) return true_index;
  const int other = static_cast<int>(rng.Below(static_cast<uint64_t>(k_ - 1)));
  return other >= true_index ? other + 1 : other;
}

LdpDomain LdpDomain::FromPolicy(const v1::EgressPolicy& policy) {
  LdpDomain d;
  for (int a = v1::Activity_MIN; a <= v1::Activity_MAX; ++a) {
    if (!v1::Activity_IsValid(a) || a == v1::ACTIVITY_UNSPECIFIED) continue;
    const auto activity = static_cast<v1::Activity>(a);
    bool allowed = policy.allowed_activities_size() == 0 || activity == v1::ACTIVITY_UNKNOWN;
    for (int listed : policy.allowed_activities()) allowed = allowed || listed == a;
    if (allowed) d.labels.push_back(activity);
  }
  d.tempo_spm.push_back(0);
  // Every value EgressGate::QuantiseCadence can return: the multiples of the
  // step inside the range.
  const CadenceLimits limits = QuantisedCadenceLimits(policy);
  const uint32_t step = std::max(1u, policy.cadence_step_spm());
  for (uint32_t v = limits.lo; v <= limits.hi; v += step) d.tempo_spm.push_back(v);
  return d;
}

int LdpDomain::LabelIndex(v1::Activity activity) const {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == activity) return static_cast<int>(i);
  }
  return -1;
}

int LdpDomain::TempoIndex(bool has_cadence, uint32_t cadence_spm) const {
  if (!has_cadence) return 0;
  const auto it = std::lower_bound(tempo_spm.begin() + 1, tempo_spm.end(), cadence_spm);
  if (it == tempo_spm.end() || *it != cadence_spm) return -1;
  return static_cast<int>(it - tempo_spm.begin());
}

}  // namespace minsense
