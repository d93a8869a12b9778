// ledger.h: the local transparency ledger (promise 5 of PRODUCT.md).
//
// The ledger counts what was read, what was rejected and why, and exactly
// what left the device. It never leaves the device itself and holds only
// counts: no sample value, no timestamp, no coordinate.
//
//   const Ledger& l = pipeline->ledger();
//   std::cout << LedgerToJson(l);
#ifndef MINSENSE_PIPELINE_LEDGER_H_
#define MINSENSE_PIPELINE_LEDGER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace minsense {

// RejectReason is why an input sample was dropped before analysis.
enum class RejectReason {
  kNonFinite = 0,      // NaN or infinite time or value.
  kOutOfRange,         // An axis beyond PipelineOptions.max_abs_accel_mps2.
  kOutOfOrder,         // Timestamp earlier than the last accepted one.
  kRepeatedTimestamp,  // Timestamp equal to the last accepted one.
  kMalformedRow,       // A file row that does not parse as t,x,y,z.
  kStuckSensor,        // All three axes frozen at the same values (a dead sensor).
  kClipped,            // An axis pinned at one value beyond 1.5 g (a saturated sensor).
  kImplausibleTime,    // Later than the last accepted one by more than a day (IngestGuard).
  kCount,              // Number of reasons; not a reason.
};

inline constexpr int kRejectReasonCount = static_cast<int>(RejectReason::kCount);

// GpsRejectReason is why a location fix was dropped before analysis.
enum class GpsRejectReason {
  kNonFinite = 0,      // NaN or infinite time, latitude or longitude.
  kOutOfRange,         // Latitude beyond +/-90 or longitude beyond +/-180 degrees.
  kNullIsland,         // Exactly (0, 0): a receiver's "no fix" placeholder.
  kPoorAccuracy,       // accuracy_m worse than GpsIngestGuard::kMaxAccuracyMeters.
  kOutOfOrder,         // Timestamp earlier than the last accepted fix.
  kRepeatedTimestamp,  // Timestamp equal to the last accepted fix.
  kImplausibleJump,    // Implies more than GpsIngestGuard::kMaxSpeedMps.
  kMalformedRow,       // A file row that does not parse as t,lat,lon[,alt_m[,accuracy_m]].
  kImplausibleTime,    // Later than the last accepted fix by more than a day (GpsIngestGuard).
  kCount,              // Number of reasons; not a reason.
};

inline constexpr int kGpsRejectReasonCount = static_cast<int>(GpsRejectReason::kCount);

// GpsRejectReasonName returns the stable snake_case name used in reports.
std::string_view GpsRejectReasonName(GpsRejectReason reason);

// RejectReasonName returns the stable snake_case name used in reports.
std::string_view RejectReasonName(RejectReason reason);

// Ledger is a plain set of counters.
struct Ledger {
  uint64_t samples_in = 0;                              // Samples offered (accepted + rejected).
  uint64_t bytes_in = 0;                                // Raw bytes read from the source.
  uint64_t samples_accepted = 0;                        // Samples that passed the ingest guard.
  std::array<uint64_t, kRejectReasonCount> rejected{};  // By RejectReason.
  uint64_t gap_resets = 0;                              // Window state resets caused by gaps.
  double seconds_accepted = 0;                          // Stream time covered by accepted samples.
  uint64_t windows = 0;                                 // Analysis windows completed.
  uint64_t messages_out = 0;                            // Egress messages handed to the caller.
  uint64_t bytes_out = 0;                               // Their serialized protobuf size.
  uint64_t messages_dropped = 0;                        // Built but never polled (queue full).
  uint64_t cadence_fields_out = 0;                      // Messages that carried cadence_spm.
  uint64_t steps = 0;                                   // Local step count; never leaves.

  // Consent: samples of a denied sensor, dropped at the door (never
  // buffered, not in samples_in).
  uint64_t denied_samples = 0;
  // Wiping: how many times raw buffers were overwritten with zeros (all of
  // them on Reset and at the end of a stream; the motion ones after an
  // accelerometer gap or when motion consent is withdrawn; the GPS ones when
  // location consent is withdrawn), and the bytes zeroed, summed over the
  // wipes. Counted by the code that zeroes, not claimed.
  uint64_t raw_wipes = 0;
  uint64_t raw_bytes_wiped = 0;
  // raw_buffers_clear: true when no buffer holds a raw sample or fix: after a
  // wipe that left none holding data, until the next accepted sample or fix.
  // A ledger written after Pipeline::Finish() can thus say the buffers are
  // empty.
  bool raw_buffers_clear = true;
  // Fields that left, by .proto field name (cadence_spm is cadence_fields_out).
  uint64_t activity_fields_out = 0;
  uint64_t confidence_fields_out = 0;
  uint64_t time_bucket_fields_out = 0;
  // Messages whose label was masked to UNKNOWN by allowed_activities (a
  // heartbeat that repeats such a message included).
  uint64_t masked_labels = 0;
  // Local differential privacy: the epsilon of each message (0 = off) and how
  // many messages went through randomised response.
  double ldp_epsilon = 0;
  uint64_t randomised_messages = 0;

  // GPS (only with location allowed; counts only, never a coordinate):
  // fixes offered, accepted, rejected by reason, bytes read from a GPS
  // source, and the GPS-only analysis windows. Reported in JSON only once a
  // fix was offered, so accelerometer-only reports are unchanged.
  uint64_t gps_fixes_in = 0;
  uint64_t gps_fixes_accepted = 0;
  std::array<uint64_t, kGpsRejectReasonCount> gps_rejected{};
  uint64_t gps_bytes_in = 0;
  uint64_t gps_windows = 0;
  // Fixes of a denied location sensor, dropped at the door (also counted in
  // denied_samples).
  uint64_t denied_gps_fixes = 0;

  // rejected_total / gps_rejected_total: the sums over the reasons,
  // saturating at UINT64_MAX rather than wrapping.
  uint64_t rejected_total() const;
  uint64_t gps_rejected_total() const;
  void Reject(RejectReason reason, uint64_t n = 1) { rejected[static_cast<int>(reason)] += n; }
  void RejectGps(GpsRejectReason reason, uint64_t n = 1) {
    gps_rejected[static_cast<int>(reason)] += n;
  }
};

// LedgerToJson renders the ledger as one JSON object with the keys that
// PRODUCT.md promises: samples_in, bytes_in, messages_out, bytes_out,
// rejected (reason -> count) and steps, plus the other counters, among them
// fields_out (.proto field name -> messages that carried it).
std::string LedgerToJson(const Ledger& ledger);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_LEDGER_H_
