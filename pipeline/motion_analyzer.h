// motion_analyzer.h: the accelerometer stages between the ingest guard and
// the classifier.
//
// Accepted samples are resampled to the internal rate (box-car anti-aliasing
// when decimating), reduced to the orientation-free magnitude |a|, band-passed
// to the gait band, and kept in two sliding windows of window_seconds. Every
// hop_seconds a full window yields WindowFeatures. A streaming step detector
// runs on the band-passed signal for the local step count.
//
// Memory is allocated once in Init; Push never allocates. Every buffer that
// holds raw-derived samples is zeroed on Reset and on destruction.
//
//   MotionAnalyzer analyzer;
//   Status s = analyzer.Init(options);
//   analyzer.Push(sample, [&](const WindowFeatures& f, int steps) { ... });
#ifndef MINSENSE_PIPELINE_MOTION_ANALYZER_H_
#define MINSENSE_PIPELINE_MOTION_ANALYZER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kernels/biquad.h"
#include "kernels/boxcar_resampler.h"
#include "kernels/cadence_estimator.h"
#include "kernels/sliding_window.h"
#include "kernels/step_detector.h"
#include "kernels/vector_ops.h"
#include "minsense/v1/pipeline_options.pb.h"
#include "pipeline/accel_sample.h"
#include "pipeline/status.h"
#include "pipeline/window_features.h"

namespace minsense {

class MotionAnalyzer {
 public:
  MotionAnalyzer() = default;
  ~MotionAnalyzer();
  MotionAnalyzer(const MotionAnalyzer&) = delete;
  MotionAnalyzer& operator=(const MotionAnalyzer&) = delete;

  // Init sizes every buffer from validated options.
  Status Init(const v1::PipelineOptions& options);

  // Push takes one accepted sample (strictly increasing time). For each
  // completed window it calls on_window(const WindowFeatures&). Part of the work on each
  // internal-rate sample waits for the next window or for a block of them
  // (ProcessInternalSample), with the same results.
  // Push may be mixed with PushBatched and PushRunBatched (after a Flush): it leaves the
  // queue's limit at 1 (its samples move the next window nearer and wait in the deferral), so
  // the next queued sample flushes at once, and Flush takes the deferred samples before it and
  // sets the limit afresh (ClearPending). Hence deferred_count_ > 0 implies pending_limit_ == 1.
  template <typename OnWindow>
  void Push(const AccelSample& s, OnWindow&& on_window) {
    ++inputs_;
    pending_limit_ = 1;
    resampler_.PushIncreasing(s.t_seconds, s.x_mps2, s.y_mps2, s.z_mps2,
                              [&](double t, float x, float y, float z) {
                                if (ProcessInternalSample(t, x, y, z)) on_window(features_);
                              });
  }

  // PushBatched is Push for a run of samples (Pipeline::PushAccel of a span): the internal-rate
  // samples the resampler completes are queued and processed kMaxPending at a time, so that
  // the |a| square roots and the gait filter's latency chains of several samples overlap
  // instead of each waiting behind the next input sample's guard and resampler code. The
  // result is exactly that of Push: the samples are processed in the same order by the same
  // code, and a batch never extends past the sample that completes a window, so each window is
  // computed and reported inside the PushBatched call whose sample completes it. Call Flush
  // before anything that restarts the analysis and at the end of the run; until then up to
  // kMaxPending - 1 internal samples may wait (they complete no window).
  template <typename OnWindow>
  void PushBatched(const AccelSample& s, OnWindow&& on_window) {
    const uint64_t inputs = ++inputs_;
    resampler_.Push(
        s.t_seconds, s.x_mps2, s.y_mps2, s.z_mps2,
        [&](double t, float x, float y, float z) { Enqueue(t, x, y, z, inputs, on_window); });
  }

  // PushRunBatched is PushBatched for n samples, fetch(std::size_t k) -> const AccelSample&
  // giving sample k (called once per sample, in order, right before it is pushed), with the
  // resampler's state kept in locals across the run. The run's times must be finite and
  // strictly increasing, as the ingest guard's runs are (BoxcarResampler::PushRunIncreasing).
  // on_window(features, taken) gets, beside the window, how many samples of the run had been
  // pushed when it completed (its sample's index + 1), so the caller needs no count of its own.
  template <typename Fetch, typename OnWindow>
  void PushRunBatched(std::size_t n, Fetch&& fetch, OnWindow&& on_window) {
    // The input count of the sample being pushed is inputs_ + 1 + k: sample k's bins are
    // emitted after fetch(k), before fetch(k + 1).
    const uint64_t before = inputs_;
    std::size_t fetched = 0;
    // A batch ends at the sample that completes a window, so a window is reported right after
    // its own sample was fetched.
    const auto on_run_window = [&](const WindowFeatures& f) { on_window(f, fetched); };
    resampler_.PushRunIncreasing(
        n,
        [&](std::size_t k) {
          const AccelSample& s = fetch(k);
          fetched = k + 1;
          return kernels::BoxcarResampler::Input{s.t_seconds, s.x_mps2, s.y_mps2, s.z_mps2};
        },
        [&](double t, float x, float y, float z) {
          Enqueue(t, x, y, z, before + fetched, on_run_window);
        });
    inputs_ = before + n;
  }

  // Flush processes Push's deferred samples and the queued internal samples of PushBatched, in
  // order, calling on_window right after the sample that completes a window. No-op when
  // nothing waits.
  template <typename OnWindow>
  void Flush(OnWindow&& on_window) {
    FilterDeferred();
    while (pending_count_ > 0) {
      if (ProcessPending()) on_window(features_);
    }
  }

  // kMaxPending: internal samples queued by PushBatched at most. 64 rather than 16 spreads
  // each batch's fixed costs (the out-of-line flush, the filter state's loads and stores, the
  // zeroing of the gait block) over more samples: 300 -> 292 instructions a 100 Hz sample,
  // about 2% through spans, for 1.5 KiB more state (bench/README.md).
  static constexpr int kMaxPending = 64;

  // Reset zeroes every raw-derived buffer and restarts analysis (after a gap).
  void Reset();

  // SteppingSecondsAfter is the part of (t0, latest step] covered by
  // intervals between consecutive remembered steps no longer than
  // max_gap_seconds: the time spent stepping, pauses excluded. It also
  // returns the latest step time (t0 if there is none after t0), up to which
  // the time is now accounted.
  struct SteppingTime {
    double seconds = 0;
    double until_t = 0;
  };
  SteppingTime SteppingSecondsAfter(double t0, double max_gap_seconds) const;

  // SetExpectedStepPeriod hands the latest cadence to the step detector.
  void SetExpectedStepPeriod(float seconds) { step_detector_.SetExpectedStepPeriod(seconds); }

  // Bytes of memory this analyzer holds (buffers included).
  size_t state_bytes() const;

  // Test hooks: the raw-derived windows, to prove they are wiped.
  std::span<const float> magnitude_storage_for_testing() const {
    return magnitude_window_.storage_for_testing();
  }
  std::span<const float> gait_storage_for_testing() const {
    return gait_window_.storage_for_testing();
  }
  // The window copy the features are computed from, and the cadence estimator's
  // autocorrelation of the last window.
  std::span<const float> scratch_for_testing() const {
    return {scratch_.get(), static_cast<size_t>(window_samples_)};
  }
  std::span<const float> autocorrelation_for_testing() const {
    return cadence_estimator_.autocorrelation_for_testing();
  }
  // The buffers that hold raw-derived data only while a call works, zero when no call is under
  // way: the window copy and the autocorrelation (zeroed once a window's features are
  // computed) and PushBatched's queue (zeroed once processed).
  std::vector<std::span<const std::byte>> transient_storage_for_testing() const {
    return {
        std::as_bytes(scratch_for_testing()),        std::as_bytes(autocorrelation_for_testing()),
        std::as_bytes(std::span(pending_t_)),        std::as_bytes(std::span(pending_x_)),
        std::as_bytes(std::span(pending_y_)),        std::as_bytes(std::span(pending_z_)),
        std::as_bytes(std::span(pending_magnitude_))};
  }

 private:
  // Enqueue queues one internal-rate sample for PushBatched and PushRunBatched (inputs: the
  // count of input samples up to the one whose resampling produced it) and, when the queue
  // reaches pending_limit_, processes it (Flush).
  template <typename OnWindow>
  void Enqueue(double t, float x, float y, float z, uint64_t inputs, OnWindow& on_window) {
    const auto i = static_cast<size_t>(pending_count_);
    pending_t_[i] = t;
    pending_x_[i] = x;
    pending_y_[i] = y;
    pending_z_[i] = z;
    pending_inputs_[i] = inputs;
    if (++pending_count_ >= pending_limit_) [[unlikely]]
      FlushOutOfLine(on_window);
  }
  // FlushOutOfLine is Flush as a call of its own: every SSE register is caller-saved, so a
  // flush inlined into the resampler's run loop made the compiler keep the run's lanes on the
  // stack around every emitted bin; out of line, they are saved only when the queue is full.
  template <typename OnWindow>
  [[gnu::noinline]] void FlushOutOfLine(OnWindow& on_window) {
    Flush(on_window);
  }
  // ProcessInternalSample is Push's step for one internal-rate sample; it returns true when a
  // window has just completed (inputs_ counts the input sample whose resampling produced it).
  // |a|^2 enters the magnitude window and the sample the axis sums at once; the square root,
  // the gait filter, the step detector and the gait window are deferred (FilterDeferred) until
  // deferred_limit_ samples wait or a window completes. The deferral holds no sample beyond the
  // two windows: the deferred values are the newest of the magnitude window, and nothing reads
  // the step detector or the gait window between windows (Pipeline reads the steps at windows).
  bool ProcessInternalSample(double t, float x, float y, float z);
  // FilterDeferred takes the deferred samples (the newest deferred_count_ values of the
  // magnitude window, |a|^2 until then) in one block: square roots in place, the gait filter,
  // the step detector and the gait window, with the same bits as one sample at a time.
  void FilterDeferred();
  // ProcessGaitBlock is ProcessInternalSample for the queued samples first .. end - 1 with their
  // gait filter outputs gait[0 .. end - first): at most the last of them completes a window
  // (returns true).
  bool ProcessGaitBlock(int first, int end, std::span<const float> gait);
  // ProcessPending processes queued samples up to and including the next one that completes
  // a window (returns true) or all of them (returns false when none did); the queue is
  // empty (and its next limit set) once its last sample is processed.
  bool ProcessPending();
  // ClearPending zeroes the queued samples, empties the queue and sets pending_limit_ to the
  // samples until the next window (at most kMaxPending), so that a batch ends at a window's last
  // sample.
  void ClearPending();
  // ZeroPending overwrites the queue's first count samples with zeros.
  void ZeroPending(size_t count);
  // RecordStep remembers a step confirmed at the internal sample of time t (the peak one
  // sample earlier).
  void RecordStep(double t);
  // CompleteWindow computes the window whose last internal sample (time t, inputs_ then
  // `inputs`) was just taken and begins the next hop.
  void CompleteWindow(double t, uint64_t inputs);
  // ComputeFeatures fills features_ for the window ending at t_end; inputs is the count of input
  // samples (inputs_) when its last internal sample was produced.
  void ComputeFeatures(double t_end, uint64_t inputs);

  float rate_hz_ = 0;
  float min_cadence_spm_ = 0;
  float max_cadence_spm_ = 0;
  int window_samples_ = 0;
  int hop_samples_ = 0;

  kernels::BoxcarResampler resampler_;
  kernels::BiquadCascade gait_filter_;
  kernels::StepDetector step_detector_;
  kernels::CadenceEstimator cadence_estimator_;
  kernels::SlidingWindow magnitude_window_;
  kernels::SlidingWindow gait_window_;
  std::unique_ptr<float[]> scratch_;  // window_samples_ floats, raw-derived.

  // Times of the latest detected steps (a window holds at most 6 s x 4 steps).
  static constexpr int kStepTimes = 32;
  std::array<double, kStepTimes> step_times_{};
  int step_count_ = 0;  // Steps remembered, at most kStepTimes.
  int step_head_ = 0;   // Next slot to write.

  // Per-axis sums of the internal-rate samples, one block per hop, for the
  // window's mean acceleration vector (orientation_change_mps2). The ring
  // holds the blocks that cover one window; raw-derived, zeroed on Reset.
  struct AxisBlock {
    double x = 0, y = 0, z = 0;
    int n = 0;
  };
  std::unique_ptr<AxisBlock[]> axis_blocks_;
  int axis_block_count_ = 0;  // Ring capacity: ceil(window / hop).
  int axis_block_head_ = 0;   // Block being filled.
  // The input sample rate over a window (below kAliasedInputMaxHz the cadence is refined, see
  // motion_analyzer.cc): inputs_ counts every input sample pushed; block_first_input_[i] is
  // inputs_ when axis block i opened, so the window's inputs are inputs_ less the oldest block's.
  uint64_t inputs_ = 0;
  std::unique_ptr<uint64_t[]> block_first_input_;
  // CloseAxisBlock opens the next block; inputs is inputs_ as of the sample that ended the last.
  void CloseAxisBlock(uint64_t inputs);
  float OrientationChange(float magnitude_mean) const;

  // PushBatched's queue of internal samples (raw-derived, zeroed on Reset): pending_count_
  // queued, pending_next_ of them processed, a batch is processed at pending_limit_.
  std::array<double, kMaxPending> pending_t_{};
  std::array<float, kMaxPending> pending_x_{};
  std::array<float, kMaxPending> pending_y_{};
  std::array<float, kMaxPending> pending_z_{};
  std::array<float, kMaxPending> pending_magnitude_{};
  std::array<uint64_t, kMaxPending> pending_inputs_{};  // inputs_ when each was queued.
  int pending_count_ = 0;
  int pending_next_ = 0;
  int pending_limit_ = 1;

  bool primed_ = false;
  int since_window_ = 0;
  WindowFeatures features_;

  // Push's deferred samples (ProcessInternalSample): deferred_t_ holds their times, for the
  // step times, zeroed once used; at most deferred_limit_ = min(kMaxPending, window) wait.
  std::array<double, kMaxPending> deferred_t_{};
  int deferred_count_ = 0;
  int deferred_limit_ = 1;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_MOTION_ANALYZER_H_
