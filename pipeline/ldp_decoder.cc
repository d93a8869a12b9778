#include "pipeline/ldp_decoder.h"

#include <cmath>
#include <limits>

#include "pipeline/pipeline.h"
#include "pipeline/randomised_response.h"

namespace minsense {

std::vector<double> UnbiasedFrequencies(std::span<const uint64_t> counts, double epsilon) {
  uint64_t n = 0;
  for (uint64_t c : counts) n += c;
  std::vector<double> share(counts.size(), 0.0);
  if (!(epsilon > 0) || !std::isfinite(epsilon)) {
    share.assign(counts.size(), std::numeric_limits<double>::quiet_NaN());
    return share;
  }
  if (n == 0 || counts.empty()) return share;
  const KaryRandomisedResponse rr(epsilon, static_cast<int>(counts.size()));
  const double p = rr.keep_probability();
  const double q = rr.other_probability();
  for (size_t j = 0; j < counts.size(); ++j) {
    const double observed = static_cast<double>(counts[j]) / static_cast<double>(n);
    share[j] = counts.size() == 1 ? 1.0 : (observed - q) / (p - q);
  }
  return share;
}

StatusOr<LdpEstimate> DecodeLdpReports(const v1::EgressPolicy& policy,
                                       std::span<const v1::ActivityUpdate> reports) {
  if (!(policy.ldp_epsilon() > 0)) {
    return InvalidArgumentError("ldp_epsilon must be > 0 to decode randomised reports");
  }
  // The same ranges as on the device: out of them the domain is not the
  // devices' (and an absurd max_cadence_spm would size it in gigabytes).
  if (Status valid = ValidateEgressPolicy(policy); !valid.ok()) return valid;
  const LdpDomain domain = LdpDomain::FromPolicy(policy);
  std::vector<uint64_t> label_counts(domain.labels.size(), 0);
  std::vector<uint64_t> tempo_counts(domain.tempo_spm.size(), 0);
  for (const v1::ActivityUpdate& r : reports) {
    const int label = domain.LabelIndex(r.activity());
    const int tempo = domain.TempoIndex(r.has_cadence_spm(), r.cadence_spm());
    if (label < 0 || tempo < 0) {
      return DataLossError("a report holds a label or tempo bucket outside the policy's domain");
    }
    ++label_counts[static_cast<size_t>(label)];
    ++tempo_counts[static_cast<size_t>(tempo)];
  }
  const double field_epsilon = PerFieldEpsilon(policy.ldp_epsilon());
  LdpEstimate e;
  e.reports = reports.size();
  e.labels = domain.labels;
  e.label_share = UnbiasedFrequencies(label_counts, field_epsilon);
  e.tempo_spm = domain.tempo_spm;
  e.tempo_share = UnbiasedFrequencies(tempo_counts, field_epsilon);
  return e;
}

}  // namespace minsense
