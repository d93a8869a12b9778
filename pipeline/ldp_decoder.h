// ldp_decoder.h: the recommender side of local differential privacy. Turns
// many randomised ActivityUpdate reports back into unbiased estimates of the
// true distribution of the label and of the tempo bucket.
//
// Each report kept its true value with probability p and otherwise showed one
// of the other k - 1 values with probability q each (randomised_response.h).
// For n reports of which c_j show value j, E[c_j / n] = q + (p - q) pi_j, so
//   pi_hat_j = (c_j / n - q) / (p - q)
// is unbiased. Single estimates can fall below 0 or above 1; they are not
// clipped, so that sums over groups stay unbiased (clip for display only).
//
//   StatusOr<LdpEstimate> e = DecodeLdpReports(policy, reports);
//   if (e.ok()) for (size_t i = 0; i < e->labels.size(); ++i)
//     Print(e->labels[i], e->label_share[i]);
#ifndef MINSENSE_PIPELINE_LDP_DECODER_H_
#define MINSENSE_PIPELINE_LDP_DECODER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"
#include "pipeline/status.h"

namespace minsense {

// LdpEstimate is the decoded distribution of a set of reports.
struct LdpEstimate {
  uint64_t reports = 0;
  std::vector<v1::Activity> labels;  // The label domain (LdpDomain order).
  std::vector<double> label_share;   // Unbiased estimate of each label's share.
  std::vector<uint32_t> tempo_spm;   // Tempo domain; 0 means "no cadence".
  std::vector<double> tempo_share;   // Unbiased estimate of each bucket's share.
};

// UnbiasedFrequencies inverts k-ary randomised response with per-value budget
// `epsilon` (nats, > 0) on the observed counts of each of the k values.
// Every share is NaN when epsilon is not a finite number > 0 (such reports
// hold no information to invert) and 0 when there are no reports.
std::vector<double> UnbiasedFrequencies(std::span<const uint64_t> counts, double epsilon);

// DecodeLdpReports decodes reports made under `policy` (ldp_epsilon > 0; the
// same allowed_activities and cadence fields as on the devices). Returns
// kInvalidArgument when the policy has no LDP or fails ValidateEgressPolicy,
// kDataLoss when a report holds a value outside the policy's domain.
StatusOr<LdpEstimate> DecodeLdpReports(const v1::EgressPolicy& policy,
                                       std::span<const v1::ActivityUpdate> reports);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_LDP_DECODER_H_
