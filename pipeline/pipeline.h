// pipeline.h: the public C++ API of minsense.
//
// A Pipeline turns one stream of raw accelerometer samples into a few
// ActivityUpdate egress messages. Memory is fixed when the pipeline is
// created; pushing samples never allocates and costs O(1) amortised work per
// sample. Raw samples are kept only in bounded buffers (at most one analysis
// window) and are zeroed when released, on Reset() and on destruction.
//
//   auto created = minsense::Pipeline::Create(options, policy);
//   if (!created.ok()) return created.status();
//   std::unique_ptr<minsense::Pipeline> pipeline = std::move(created).value();
//   pipeline->PushAccel(batch);  // A sensor batch (std::span), or one sample at a time.
//   minsense::v1::ActivityUpdate update;
//   while (pipeline->Poll(&update)) Send(update);
//
// Thread safety: a Pipeline is not synchronised; use one per thread or lock.
#ifndef MINSENSE_PIPELINE_PIPELINE_H_
#define MINSENSE_PIPELINE_PIPELINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "minsense/v1/activity_model.pb.h"
#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"
#include "minsense/v1/pipeline_options.pb.h"
#include "pipeline/accel_sample.h"
#include "pipeline/gps_fix.h"
#include "pipeline/ledger.h"
#include "pipeline/status.h"
#include "pipeline/window_features.h"

namespace minsense {

// WindowReport is the local, unquantised result of one analysis window. It is
// for on-device use and evaluation only and never leaves the device.
struct WindowReport {
  double t_end_seconds = 0;                              // Stream time of the window's last sample.
  v1::Activity raw_activity = v1::ACTIVITY_UNSPECIFIED;  // This window alone.
  v1::Activity activity = v1::ACTIVITY_UNSPECIFIED;      // After hysteresis.
  v1::Confidence confidence = v1::CONFIDENCE_UNSPECIFIED;
  bool stepping = false;         // activity is WALKING or RUNNING.
  float cadence_spm = 0;         // Valid only when stepping.
  float periodicity = 0;         // Autocorrelation at the step period.
  float dynamic_rms_mps2 = 0;    // RMS of |a| in the gait band.
  float magnitude_std_mps2 = 0;  // Standard deviation of |a|.
  bool cadence_valid = false;    // The estimator found a gait period...
  float raw_cadence_spm = 0;     // ...at this rate (even when not stepping).
  WindowFeatures features;       // Everything the classifier saw.
  // GPS: from_gps marks a GPS-only window (no accelerometer); accel_activity
  // is the accelerometer's own decision before fusion with GPS speed
  // (equal to raw_activity when there was no GPS evidence).
  bool from_gps = false;
  v1::Activity accel_activity = v1::ACTIVITY_UNSPECIFIED;
};

// WindowObserver is called once per analysis window, from inside PushAccel.
using WindowObserver = std::function<void(const WindowReport&)>;

// Consent is what the user allowed, per sensor. A denied sensor's samples are
// dropped at the door of the pipeline: never buffered, never analysed, only
// counted (Ledger::denied_samples). Everything the other sensors allow keeps
// working: with location denied, the messages are exactly those of a run
// without GPS.
struct Consent {
  bool motion = true;    // Accelerometer (PushAccel).
  bool location = true;  // GPS (PushGps).
};

class Pipeline {
 public:
  // Create validates `options` and `policy` once and sizes every buffer.
  // Returns kInvalidArgument naming the first bad field and its unit.
  // The activity classifier is the model compiled into the library
  // (pipeline/models/activity_model.textproto).
  static StatusOr<std::unique_ptr<Pipeline>> Create(const v1::PipelineOptions& options,
                                                    const v1::EgressPolicy& policy);
  // Create with another activity model (written by `minsense train`); an
  // invalid model is rejected with kInvalidArgument naming the field.
  static StatusOr<std::unique_ptr<Pipeline>> Create(const v1::PipelineOptions& options,
                                                    const v1::EgressPolicy& policy,
                                                    const v1::ActivityModel& model);

  ~Pipeline();  // Zeroes every raw buffer (see Finish) before freeing it.
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // PushAccel offers one raw sample. Bad samples are counted in the ledger by
  // reason and dropped; nothing is computed from them.
  void PushAccel(const AccelSample& sample);
  // PushAccel of a span gives exactly what pushing its samples one at a time
  // gives (each window is reported from inside the call, at the same point),
  // and is faster: the analysis then processes internal-rate samples in small
  // batches. Prefer it when the sensor delivers batches.
  void PushAccel(std::span<const AccelSample> samples);

  // PushGps offers one location fix, on the accelerometer's clock when both
  // are pushed (interleave them in time order). The ingest guard drops bad
  // fixes (counted by reason); an accepted fix is reduced to a speed and a
  // heading at once and its coordinates are zeroed when the next fix
  // arrives. With the accelerometer, GPS speed evidence refines each
  // window's label (activity_fusion.h); without it (motion denied, or no
  // accelerometer sample accepted since Reset), GPS windows alone produce
  // labels (transport_mode_classifier.h) and never a cadence. No coordinate,
  // speed or distance ever reaches a message.
  void PushGps(const GpsFix& fix);
  void PushGps(std::span<const GpsFix> fixes);

  // Poll moves the oldest pending egress message into *out and returns true,
  // or returns false when none is pending. At most kMaxPendingMessages wait;
  // poll at least once per that many windows or older ones are dropped (and
  // counted in ledger().messages_dropped).
  bool Poll(v1::ActivityUpdate* out);
  // Peek fills *out with the message the next Poll will return and returns
  // true, or returns false when none is pending. The message stays queued and
  // the ledger does not count it (it has not left). With randomised response
  // the noise is drawn once, at the first Peek or Poll of the message.
  bool Peek(v1::ActivityUpdate* out);

  // Reset zeroes the raw buffers and restarts analysis; the ledger is kept.
  // Pending messages are dropped.
  void Reset();

  // Finish marks the end of a stream: the raw buffers are zeroed now (and the
  // wipe counted in ledger().raw_wipes) rather than at destruction; pending
  // messages stay pollable. Pushing again starts a new segment.
  void Finish();

  // SetConsent sets what the user allowed; it takes effect with the next
  // sample. Withdrawing a sensor also zeroes at once what its samples left
  // in the raw buffers. The default allows every sensor.
  void SetConsent(const Consent& consent);
  const Consent& consent() const;

  // CountSourceRead records raw bytes and unparseable rows read by the caller
  // (for example by AccelCsvReader) so that the ledger is complete.
  void CountSourceRead(uint64_t bytes, uint64_t malformed_rows);
  // CountGpsSourceRead: the same for a GPS source (for example GpsCsvReader).
  void CountGpsSourceRead(uint64_t bytes, uint64_t malformed_rows);

  const Ledger& ledger() const;

  // state_bytes is the memory one stream holds, fixed at Create: the
  // pipeline's own state plus the analyzer's heap buffers (windows, scratch,
  // lag buffer). Excludes a window observer's captures.
  size_t state_bytes() const;

  // SetWindowObserver installs a local per-window callback (evaluation, UI).
  void SetWindowObserver(WindowObserver observer);

  static constexpr int kMaxPendingMessages = 64;

  // Test hooks, to prove that raw data is wiped: the raw-derived windows (the
  // sliding windows, the feature scratch, the last autocorrelation), the
  // buffers that hold raw-derived data only during a call (zero between
  // calls: the feature scratch, the autocorrelation, the batch queue), and
  // the bytes of the pipeline's own state object. Not for production use.
  std::vector<std::span<const float>> raw_storage_for_testing() const;
  std::vector<std::span<const std::byte>> transient_raw_storage_for_testing() const;
  std::span<const unsigned char> state_for_testing() const;

 private:
  class Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// DefaultPipelineOptions / DefaultEgressPolicy return the built-in defaults
// (the schema defaults).
v1::PipelineOptions DefaultPipelineOptions();
v1::EgressPolicy DefaultEgressPolicy();

// ValidatePipelineOptions / ValidateEgressPolicy check every field against its
// documented range; the message names the field and its unit.
Status ValidatePipelineOptions(const v1::PipelineOptions& options);
Status ValidateEgressPolicy(const v1::EgressPolicy& policy);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_PIPELINE_H_
