#include "pipeline/ledger.h"

#include <cstdio>

namespace minsense {

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNonFinite:
      return "non_finite";
    case RejectReason::kOutOfRange:
      return "out_of_range";
    case RejectReason::kOutOfOrder:
      return "out_of_order";
    case RejectReason::kRepeatedTimestamp:
      return "repeated_timestamp";
    case RejectReason::kMalformedRow:
      return "malformed_row";
    case RejectReason::kStuckSensor:
      return "stuck_sensor";
    case RejectReason::kClipped:
      return "clipped";
    case RejectReason::kImplausibleTime:
      return "implausible_time";
    case RejectReason::kCount:
      break;
  }
  return "unknown";
}

std::string_view GpsRejectReasonName(GpsRejectReason reason) {
  switch (reason) {
    case GpsRejectReason::kNonFinite:
      return "non_finite";
    case GpsRejectReason::kOutOfRange:
      return "out_of_range";
    case GpsRejectReason::kNullIsland:
      return "null_island";
    case GpsRejectReason::kPoorAccuracy:
      return "poor_accuracy";
    case GpsRejectReason::kOutOfOrder:
      return "out_of_order";
    case GpsRejectReason::kRepeatedTimestamp:
      return "repeated_timestamp";
    case GpsRejectReason::kImplausibleJump:
      return "implausible_jump";
    case GpsRejectReason::kMalformedRow:
      return "malformed_row";
    case GpsRejectReason::kImplausibleTime:
      return "implausible_time";
    case GpsRejectReason::kCount:
      break;
  }
  return "unknown";
}

namespace {

template <size_t kSize>
uint64_t SaturatingSum(const std::array<uint64_t, kSize>& counts) {
  uint64_t total = 0;
  for (uint64_t n : counts) total = n > UINT64_MAX - total ? UINT64_MAX : total + n;
  return total;
}

}  // namespace

uint64_t Ledger::rejected_total() const { return SaturatingSum(rejected); }

uint64_t Ledger::gps_rejected_total() const { return SaturatingSum(gps_rejected); }

std::string LedgerToJson(const Ledger& ledger) {
  std::string out = "{";
  auto add_u64 = [&out](std::string_view key, uint64_t v) {
    out += '"';
    out += key;
    out += "\":";
    out += std::to_string(v);
    out += ',';
  };
  add_u64("samples_in", ledger.samples_in);
  add_u64("bytes_in", ledger.bytes_in);
  add_u64("samples_accepted", ledger.samples_accepted);
  out += "\"rejected\":{";
  bool first = true;
  for (int i = 0; i < kRejectReasonCount; ++i) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += RejectReasonName(static_cast<RejectReason>(i));
    out += "\":";
    out += std::to_string(ledger.rejected[i]);
  }
  out += "},";
  add_u64("gap_resets", ledger.gap_resets);
  // %.1f of the largest finite double takes 311 characters: room for any value, never cut.
  char seconds[320];
  std::snprintf(seconds, sizeof(seconds), "%.1f", ledger.seconds_accepted);
  out += "\"seconds_accepted\":";
  out += seconds;
  out += ',';
  add_u64("windows", ledger.windows);
  add_u64("messages_out", ledger.messages_out);
  add_u64("bytes_out", ledger.bytes_out);
  add_u64("messages_dropped", ledger.messages_dropped);
  add_u64("cadence_fields_out", ledger.cadence_fields_out);
  out += "\"fields_out\":{";
  out += "\"activity\":" + std::to_string(ledger.activity_fields_out);
  out += ",\"confidence\":" + std::to_string(ledger.confidence_fields_out);
  out += ",\"cadence_spm\":" + std::to_string(ledger.cadence_fields_out);
  out += ",\"time_bucket_minutes\":" + std::to_string(ledger.time_bucket_fields_out);
  out += "},";
  add_u64("masked_labels", ledger.masked_labels);
  add_u64("denied_samples", ledger.denied_samples);
  add_u64("raw_wipes", ledger.raw_wipes);
  add_u64("raw_bytes_wiped", ledger.raw_bytes_wiped);
  out += "\"raw_buffers_clear\":";
  out += ledger.raw_buffers_clear ? "true," : "false,";
  char epsilon[32];
  std::snprintf(epsilon, sizeof(epsilon), "%g", ledger.ldp_epsilon);
  out += "\"ldp_epsilon\":";
  out += epsilon;
  out += ',';
  add_u64("randomised_messages", ledger.randomised_messages);
  if (ledger.gps_fixes_in > 0 || ledger.denied_gps_fixes > 0) {
    add_u64("gps_fixes_in", ledger.gps_fixes_in);
    add_u64("gps_bytes_in", ledger.gps_bytes_in);
    add_u64("gps_fixes_accepted", ledger.gps_fixes_accepted);
    out += "\"gps_rejected\":{";
    for (int i = 0; i < kGpsRejectReasonCount; ++i) {
      if (i > 0) out += ',';
      out += '"';
      out += GpsRejectReasonName(static_cast<GpsRejectReason>(i));
      out += "\":";
      out += std::to_string(ledger.gps_rejected[i]);
    }
    out += "},";
    add_u64("gps_windows", ledger.gps_windows);
    add_u64("denied_gps_fixes", ledger.denied_gps_fixes);
  }
  out += "\"steps\":";
  out += std::to_string(ledger.steps);
  out += '}';
  return out;
}

}  // namespace minsense
