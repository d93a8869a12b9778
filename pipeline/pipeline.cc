// Pipeline: ingest guard -> motion analyzer -> classifier -> label smoother
// -> egress gate -> pending queue. See pipeline.h for the contract.
#include "pipeline/pipeline.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "pipeline/activity_fusion.h"
#include "pipeline/activity_labels.h"
#include "pipeline/egress_gate.h"
#include "pipeline/gps_ingest_guard.h"
#include "pipeline/gps_speed_tracker.h"
#include "pipeline/ingest_guard.h"
#include "pipeline/label_smoother.h"
#include "pipeline/motion_analyzer.h"
#include "pipeline/pending_update_queue.h"
#include "pipeline/randomised_response.h"
#include "pipeline/step_counter.h"
#include "pipeline/trained_activity_classifier.h"
#include "pipeline/transport_mode_classifier.h"

namespace minsense {
namespace {

// A tempo is reported only from a window whose period is trustworthy: the
// label may say WALKING from intensity and impacts alone, but when the
// motion is gentle (a phone held in the hand) the period must be clearly
// regular, or the cadence is often a harmonic. Band-passed noise reaches a
// periodicity of 0.4 in 0.4% of windows.
constexpr float kGentleMaxStdMps2 = 0.8f;      // |a| std below: gentle motion...
constexpr float kGentleMinPeriodicity = 0.7f;  // ...needs this periodicity for a tempo.

// A bout of steps is counted once it has outlasted the label hysteresis by
// this many windows at a steady cadence (StepCounter): a short run of
// periodic windows while pedalling or handling the phone is not a walk, and
// a real walk loses nothing, its held-back steps are counted on
// confirmation. Only walks shorter than about 10 s are left out.
constexpr int kExtraStepConfirmWindows = 1;

bool TempoTrustworthy(const WindowFeatures& f) {
  return f.cadence_valid &&
         (f.magnitude_std_mps2 >= kGentleMaxStdMps2 || f.periodicity >= kGentleMinPeriodicity);
}

}  // namespace

class Pipeline::Impl {
 public:
  Impl(const v1::PipelineOptions& options, const v1::EgressPolicy& policy,
       TrainedActivityClassifier classifier)
      : classifier_(std::move(classifier)),
        guard_(options.max_abs_accel_mps2(), options.max_gap_seconds()),
        smoother_(static_cast<int>(options.stable_windows())),
        gate_(policy),
        ldp_domain_(LdpDomain::FromPolicy(policy)),
        label_rr_(PerFieldEpsilon(policy.ldp_epsilon()),
                  static_cast<int>(ldp_domain_.labels.size())),
        tempo_rr_(PerFieldEpsilon(policy.ldp_epsilon()),
                  static_cast<int>(ldp_domain_.tempo_spm.size())),
        ldp_on_(policy.ldp_epsilon() > 0),
        rng_(policy.ldp_seed()),
        step_counter_(static_cast<int>(options.stable_windows()) + kExtraStepConfirmWindows),
        window_seconds_(options.window_seconds()),
        gps_tracker_(kGpsTrackerSteps) {
    ledger_.ldp_epsilon = policy.ldp_epsilon();
  }

  Status Init(const v1::PipelineOptions& options) {
    transport_ = DefaultTransportModeClassifier();
    if (transport_ == nullptr) return InternalError("the embedded GpsTransportModel is invalid");
    gps_window_seconds_ = transport_->model().window_seconds();
    gps_hop_seconds_ = transport_->model().hop_seconds();
    return analyzer_.Init(options);
  }

  // kGpsTrackerSteps: GPS steps kept for windows (the 120 s model window up
  // to 2 Hz fixes; a faster receiver's window holds only the newest steps).
  static constexpr size_t kGpsTrackerSteps = GpsSpeedTracker::kDefaultCapacity;
  // kGpsFreshSeconds: GPS evidence older than this at a window's end is stale.
  static constexpr double kGpsFreshSeconds = 10.0;
  // kRunSamples: samples of a span taken as one run at most (PushBatch).
  static constexpr size_t kRunSamples = 256;

  // ResetGps zeroes the guard's anchor fix and the tracker's steps.
  void ResetGps() {
    gps_guard_.Reset();
    gps_tracker_.Reset();
    gps_window_armed_ = false;
    gps_had_valid_window_ = false;
    gps_holds_fixes_ = false;
  }

  // SetConsent: withdrawing location also zeroes what GPS left behind (the
  // last fix and the speed ring), at once rather than at the next reset;
  // withdrawing motion likewise zeroes the raw motion buffers (as Finish
  // does). Each is counted as a wipe of that sensor's buffers.
  void SetConsent(const Consent& consent) {
    if (consent_.location && !consent.location) {
      ResetGps();
      CountWipe(/*motion=*/false, /*gps=*/true);
    }
    if (consent_.motion && !consent.motion) {
      guard_.Reset();
      RestartAnalysis();
      CountWipe(/*motion=*/true, /*gps=*/false);
    }
    consent_ = consent;
  }

  void PushGps(const GpsFix& fix) {
    if (!consent_.location) {
      ++ledger_.denied_samples;
      ++ledger_.denied_gps_fixes;
      return;
    }
    ++ledger_.gps_fixes_in;
    const GpsVerdict v = gps_guard_.Check(fix);
    if (!v.accepted) {
      ledger_.RejectGps(v.reason);
      return;
    }
    ++ledger_.gps_fixes_accepted;
    gps_used_ = true;
    gps_holds_fixes_ = true;
    ledger_.raw_buffers_clear = false;  // The guard now holds this fix.
    if (!v.has_step) return;
    gps_tracker_.Push(v.step);
    if (!consent_.motion || !accel_active_) OnGpsStep(v.step.t_seconds);
  }

  void Push(const AccelSample& s) { PushOne</*kBatched=*/false>(s); }

  // PushBatch: the same per-sample steps as Push, but the analyzer queues internal-rate
  // samples and processes them in small batches (MotionAnalyzer::PushBatched), each window
  // still within the push of the sample that completes it; the queue is flushed before a gap
  // restarts the analysis and at the end of the batch, so nothing waits between calls.
  // A run of usual samples of a continuing stream (IngestGuard::AcceptContinuingRun) takes a
  // shorter path with, sample by sample, the same effects as PushOne; any other sample goes
  // through PushOne.
  void PushBatch(std::span<const AccelSample> samples) {
    const auto on_window = [this](const WindowFeatures& f) { OnWindow(f); };
    size_t i = 0;
    // seconds_after[k]: the ledger's seconds_accepted once sample k of the run is counted,
    // summed by the guard's run scan (the same adds in the same order as PushOne's, one per
    // sample), so that the run's own loop carries no chain of adds. Runs are cut at
    // kRunSamples (a run continues as the next one).
    std::array<double, kRunSamples> seconds_after;
    while (i < samples.size()) {
      const size_t run = consent_.motion
                             ? guard_.AcceptContinuingRun(
                                   samples.subspan(i, std::min(kRunSamples, samples.size() - i)),
                                   ledger_.seconds_accepted, seconds_after.data())
                             : 0;
      if (run == 0) {
        PushOne</*kBatched=*/true>(samples[i++]);
        continue;
      }
      // Each sample is counted right before the analyzer takes it, as PushOne does, but in
      // locals: the ledger is brought up to date before each window the run completes is
      // handled (the analyzer says how many of the run's samples it had taken then) and at the
      // end of the run, so every window (and the observer) sees it counted exactly up to the
      // sample that completes the window, as in PushOne. The sums of dt are the guard's.
      // The flags are set before the first sample of the run is taken, when nothing can read
      // them in between (the analyzer calls back only after a fetch).
      const AccelSample* run_samples = samples.data() + i;
      const uint64_t samples_in_before = ledger_.samples_in;
      const uint64_t samples_accepted_before = ledger_.samples_accepted;
      const auto publish = [&](size_t taken) {
        ledger_.samples_in = samples_in_before + taken;
        ledger_.samples_accepted = samples_accepted_before + taken;
        if (taken > 0) ledger_.seconds_accepted = seconds_after[taken - 1];
      };
      motion_holds_samples_ = true;  // No wipe happens inside a run.
      accel_active_ = true;
      ledger_.raw_buffers_clear = false;
      analyzer_.PushRunBatched(
          run, [&](size_t k) -> const AccelSample& { return run_samples[k]; },
          [&](const WindowFeatures& f, size_t taken) {
            publish(taken);
            OnWindow(f);
          });
      publish(run);
      i += run;
    }
    analyzer_.Flush(on_window);
  }

  template <bool kBatched>
  void PushOne(const AccelSample& s) {
    // Consent: a denied sensor is dropped at the door, before any buffer.
    if (!consent_.motion) {
      ++ledger_.denied_samples;
      return;
    }
    ++ledger_.samples_in;
    const IngestVerdict v = guard_.Check(s);
    if (!v.accepted) {
      ledger_.Reject(v.reason);
      return;
    }
    ++ledger_.samples_accepted;
    accel_active_ = true;
    ledger_.seconds_accepted += v.dt_seconds;
    const auto on_window = [this](const WindowFeatures& f) { OnWindow(f); };
    // A gap restarts the analysis when it holds samples; after a wipe (the
    // first sample, Finish, Reset, motion consent withdrawn) it is clean
    // already, and a new segment is neither a gap reset nor another wipe.
    if (v.gap && motion_holds_samples_) {
      if constexpr (kBatched) analyzer_.Flush(on_window);
      ++ledger_.gap_resets;
      RestartAnalysis();
      CountWipe(/*motion=*/true, /*gps=*/false);
    }
    motion_holds_samples_ = true;
    ledger_.raw_buffers_clear = false;
    if constexpr (kBatched) {
      analyzer_.PushBatched(s, on_window);
    } else {
      analyzer_.Push(s, on_window);
    }
  }

  // Peek builds the oldest pending message into *out and leaves it queued,
  // uncounted; randomised response is applied to it once, in place.
  bool Peek(v1::ActivityUpdate* out) {
    PendingUpdate* u = queue_.Front();
    if (u == nullptr) return false;
    if (ldp_on_ && !u->randomised) Randomise(u);
    out->Clear();
    out->set_activity(u->activity);
    if (u->has_confidence) out->set_confidence(u->confidence);
    if (u->has_cadence) out->set_cadence_spm(u->cadence_spm);
    // proto3 does not serialise a zero bucket, but the field still says when.
    out->set_time_bucket_minutes(u->time_bucket_minutes);
    return true;
  }

  // Poll is Peek, then the message leaves: it is dequeued and counted.
  bool Poll(v1::ActivityUpdate* out) {
    if (!Peek(out)) return false;
    PendingUpdate u;
    queue_.Pop(&u);
    if (u.masked) ++ledger_.masked_labels;
    if (u.randomised) ++ledger_.randomised_messages;
    ++ledger_.activity_fields_out;
    if (u.has_confidence) ++ledger_.confidence_fields_out;
    if (u.has_cadence) ++ledger_.cadence_fields_out;
    ++ledger_.time_bucket_fields_out;
    ++ledger_.messages_out;
    ledger_.bytes_out += out->ByteSizeLong();
    return true;
  }

  // Finish ends the stream: the analysis state (raw-derived buffers and the
  // resampler's last raw sample) is zeroed; pending messages stay.
  void Finish() {
    guard_.Reset();
    ResetGps();
    RestartAnalysis();
    CountWipe(/*motion=*/true, /*gps=*/true);
  }

  // CountWipe records one zeroing in the ledger: of the raw motion buffers
  // (called right after MotionAnalyzer::Reset, which does it), of the GPS
  // ones (right after ResetGps), or of both. The buffers are clear when
  // neither sensor's buffers hold data after it.
  void CountWipe(bool motion, bool gps) {
    ++ledger_.raw_wipes;
    if (motion) {
      ledger_.raw_bytes_wiped += analyzer_.state_bytes();
      motion_holds_samples_ = false;
    }
    if (gps && gps_used_) {
      ledger_.raw_bytes_wiped += gps_tracker_.state_bytes() + sizeof(GpsIngestGuard);
    }
    ledger_.raw_buffers_clear = !motion_holds_samples_ && !gps_holds_fixes_;
  }

  // Randomise applies k-ary randomised response to the label and the tempo
  // bucket of `u` (EgressPolicy.ldp_epsilon), once. O(1), no allocation.
  void Randomise(PendingUpdate* u) {
    const int label = ldp_domain_.LabelIndex(u->activity);
    const int tempo = ldp_domain_.TempoIndex(u->has_cadence, u->cadence_spm);
    const int new_label = label_rr_.Randomise(label < 0 ? 0 : label, rng_);
    const int new_tempo = tempo_rr_.Randomise(tempo < 0 ? 0 : tempo, rng_);
    u->activity = ldp_domain_.labels[static_cast<size_t>(new_label)];
    u->has_cadence = new_tempo != 0;
    u->cadence_spm = ldp_domain_.tempo_spm[static_cast<size_t>(new_tempo)];
    u->has_confidence = false;
    u->randomised = true;  // Counted in randomised_messages when it leaves.
  }

  void Reset() {
    guard_.Reset();
    ResetGps();
    accel_active_ = false;
    RestartAnalysis();
    CountWipe(/*motion=*/true, /*gps=*/true);
    gate_.Reset();
    queue_.Clear();
  }

  Ledger ledger_;
  WindowObserver observer_;
  Consent consent_;

  // state_bytes: this object plus the analyzer's heap buffers
  // (analyzer_.state_bytes() counts the analyzer object itself too).
  size_t state_bytes() const {
    return sizeof(Impl) - sizeof(MotionAnalyzer) - sizeof(GpsSpeedTracker) +
           analyzer_.state_bytes() + gps_tracker_.state_bytes() + classifier_.parameter_bytes();
  }

  std::vector<std::span<const float>> raw_storage_for_testing() const {
    return {analyzer_.magnitude_storage_for_testing(), analyzer_.gait_storage_for_testing(),
            analyzer_.scratch_for_testing(), analyzer_.autocorrelation_for_testing()};
  }

  std::vector<std::span<const std::byte>> transient_raw_storage_for_testing() const {
    return analyzer_.transient_storage_for_testing();
  }

 private:
  void RestartAnalysis() {
    step_counter_.EndBout();
    analyzer_.Reset();
    smoother_.Reset();
  }

  // GpsEvidenceAt summarises the GPS steps of the model window ending at t;
  // invalid when location is denied, there is no step, or it is stale.
  GpsEvidence GpsEvidenceAt(double t) {
    GpsEvidence e;
    if (!consent_.location || gps_tracker_.size() == 0) return e;
    const GpsWindowFeatures g = gps_tracker_.Features(t, gps_window_seconds_);
    if (!g.valid || t - g.t_last_seconds > kGpsFreshSeconds) return e;
    const TransportDecision d = transport_->Classify(g);
    e.valid = true;
    e.median_speed_mps = g.median_speed_mps;
    e.p85_speed_mps = g.p85_speed_mps;
    e.transport = d.activity;
    e.transport_confidence = d.confidence;
    return e;
  }

  // OnGpsStep runs a GPS-only window every hop: the transport mode, label
  // hysteresis and the egress gate, without cadence.
  void OnGpsStep(double t) {
    if (!gps_window_armed_) {
      gps_window_armed_ = true;
      next_gps_window_t_ = t + gps_hop_seconds_;
      return;
    }
    if (t < next_gps_window_t_) return;
    if (t - next_gps_window_t_ < gps_window_seconds_) {
      while (next_gps_window_t_ <= t) next_gps_window_t_ += gps_hop_seconds_;
    } else {
      // The clock jumped past a whole window (a new segment after a long
      // silence, or a corrupt time): skip the hops in between in O(1), on
      // the same schedule, rather than one at a time (3e13 of them for a
      // jump of 1e15 s; none at all once t + hop rounds to t).
      next_gps_window_t_ +=
          (std::floor((t - next_gps_window_t_) / gps_hop_seconds_) + 1) * gps_hop_seconds_;
      if (!(next_gps_window_t_ > t)) next_gps_window_t_ = t + gps_hop_seconds_;
    }
    const GpsWindowFeatures g = gps_tracker_.Features(t, gps_window_seconds_);
    if (!g.valid && !gps_had_valid_window_) return;  // Still filling the first window.
    gps_had_valid_window_ = gps_had_valid_window_ || g.valid;
    ++ledger_.gps_windows;
    const TransportDecision d = transport_->Classify(g);
    const v1::Activity reported = smoother_.Update(d.activity, d.confidence);

    ReportedState state;
    state.t_end_seconds = t;
    state.activity = reported;
    state.confidence = reported == d.activity ? d.confidence : v1::CONFIDENCE_LOW;
    state.has_cadence = false;
    if (observer_) {
      WindowReport r;
      r.t_end_seconds = t;
      r.raw_activity = d.activity;
      r.activity = reported;
      r.confidence = state.confidence;
      r.from_gps = true;
      observer_(r);
    }
    PendingUpdate update;
    if (gate_.Offer(state, &update) && !queue_.Push(update)) ++ledger_.messages_dropped;
  }

  void OnWindow(const WindowFeatures& f) {
    ++ledger_.windows;
    const ActivityDecision accel = classifier_.Classify(f);
    const ActivityDecision raw = FuseActivity(accel, GpsEvidenceAt(f.t_end_seconds));
    const v1::Activity reported = smoother_.Update(raw.activity, raw.confidence);
    const bool stepping = IsStepping(reported);

    StepWindow step_window;
    step_window.t_end_seconds = f.t_end_seconds;
    step_window.window_seconds = window_seconds_;
    step_window.stepping = f.cadence_valid && IsStepping(raw.activity);
    step_window.cadence_spm = f.cadence_spm;
    step_counter_.OnWindow(step_window, [this](double t0, double max_gap) {
      return analyzer_.SteppingSecondsAfter(t0, max_gap);
    });
    ledger_.steps = step_counter_.steps();
    if (f.cadence_valid) analyzer_.SetExpectedStepPeriod(60.0f / f.cadence_spm);

    ReportedState state;
    state.t_end_seconds = f.t_end_seconds;
    state.activity = reported;
    state.confidence = reported == raw.activity ? raw.confidence : v1::CONFIDENCE_LOW;
    // A tempo needs this window's own label to be stepping too: the hysteresis may still report
    // WALKING over a window the classifier calls something else (the first windows of
    // pedalling, a stop), whose period is not a step period.
    // Right after a ride, the tempo also waits for the steps to be counted (a bout confirmed
    // at a steady cadence, StepCounter): standing on the pedals or pushing a bike off makes
    // gait-like windows that rarely keep one pace for long.
    state.has_cadence = stepping && IsStepping(raw.activity) && TempoTrustworthy(f) &&
                        (!smoother_.from_ride() || step_counter_.bout_confirmed());
    state.cadence_spm = f.cadence_spm;

    if (observer_) {
      WindowReport r;
      r.t_end_seconds = f.t_end_seconds;
      r.raw_activity = raw.activity;
      r.activity = reported;
      r.confidence = state.confidence;
      r.stepping = stepping;
      r.cadence_spm = state.has_cadence ? f.cadence_spm : 0.0f;
      r.periodicity = f.periodicity;
      r.dynamic_rms_mps2 = f.gait_rms_mps2;
      r.magnitude_std_mps2 = f.magnitude_std_mps2;
      r.cadence_valid = f.cadence_valid;
      r.raw_cadence_spm = f.cadence_spm;
      r.accel_activity = accel.activity;
      r.features = f;
      observer_(r);
    }

    PendingUpdate update;
    if (gate_.Offer(state, &update) && !queue_.Push(update)) ++ledger_.messages_dropped;
  }

  TrainedActivityClassifier classifier_;
  IngestGuard guard_;
  MotionAnalyzer analyzer_;
  LabelSmoother smoother_;
  EgressGate gate_;
  PendingUpdateQueue<Pipeline::kMaxPendingMessages> queue_;
  LdpDomain ldp_domain_;
  KaryRandomisedResponse label_rr_;
  KaryRandomisedResponse tempo_rr_;
  bool ldp_on_;
  Xoshiro256 rng_;
  StepCounter step_counter_;
  double window_seconds_;

  // GPS: the guard holds the last accepted fix (zeroed on reset); the
  // tracker only speeds and headings.
  GpsIngestGuard gps_guard_;
  GpsSpeedTracker gps_tracker_;
  const TransportModeClassifier* transport_ = nullptr;  // Shared, immutable.
  double gps_window_seconds_ = 120;
  double gps_hop_seconds_ = 30;
  bool gps_used_ = false;
  bool accel_active_ = false;  // An accelerometer sample was accepted since Reset.
  // Whether each sensor's buffers hold data accepted since their last wipe.
  bool motion_holds_samples_ = false;
  bool gps_holds_fixes_ = false;
  bool gps_window_armed_ = false;
  bool gps_had_valid_window_ = false;
  double next_gps_window_t_ = 0;
};

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(const v1::PipelineOptions& options,
                                                     const v1::EgressPolicy& policy) {
  return Create(options, policy, DefaultActivityModel());
}

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(const v1::PipelineOptions& options,
                                                     const v1::EgressPolicy& policy,
                                                     const v1::ActivityModel& model) {
  if (Status s = ValidatePipelineOptions(options); !s.ok()) return s;
  if (Status s = ValidateEgressPolicy(policy); !s.ok()) return s;
  StatusOr<TrainedActivityClassifier> classifier = TrainedActivityClassifier::Create(model);
  if (!classifier.ok()) return classifier.status();
  auto impl = std::make_unique<Impl>(options, policy, std::move(classifier).value());
  if (Status s = impl->Init(options); !s.ok()) return s;
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Pipeline::~Pipeline() {
  // Zero the analysis state (windows, scratch, the resampler's last raw
  // sample) before the members are freed.
  if (impl_) impl_->Finish();
}

void Pipeline::PushAccel(const AccelSample& sample) { impl_->Push(sample); }

void Pipeline::PushAccel(std::span<const AccelSample> samples) { impl_->PushBatch(samples); }

void Pipeline::PushGps(const GpsFix& fix) { impl_->PushGps(fix); }

void Pipeline::PushGps(std::span<const GpsFix> fixes) {
  for (const GpsFix& f : fixes) impl_->PushGps(f);
}

bool Pipeline::Poll(v1::ActivityUpdate* out) { return impl_->Poll(out); }

bool Pipeline::Peek(v1::ActivityUpdate* out) { return impl_->Peek(out); }

void Pipeline::Reset() { impl_->Reset(); }

void Pipeline::Finish() { impl_->Finish(); }

void Pipeline::SetConsent(const Consent& consent) { impl_->SetConsent(consent); }

const Consent& Pipeline::consent() const { return impl_->consent_; }

std::vector<std::span<const float>> Pipeline::raw_storage_for_testing() const {
  return impl_->raw_storage_for_testing();
}

std::vector<std::span<const std::byte>> Pipeline::transient_raw_storage_for_testing() const {
  return impl_->transient_raw_storage_for_testing();
}

std::span<const unsigned char> Pipeline::state_for_testing() const {
  return {reinterpret_cast<const unsigned char*>(impl_.get()), sizeof(Impl)};
}

void Pipeline::CountSourceRead(uint64_t bytes, uint64_t malformed_rows) {
  impl_->ledger_.bytes_in += bytes;
  impl_->ledger_.samples_in += malformed_rows;
  impl_->ledger_.Reject(RejectReason::kMalformedRow, malformed_rows);
}

void Pipeline::CountGpsSourceRead(uint64_t bytes, uint64_t malformed_rows) {
  impl_->ledger_.gps_bytes_in += bytes;
  impl_->ledger_.gps_fixes_in += malformed_rows;
  impl_->ledger_.RejectGps(GpsRejectReason::kMalformedRow, malformed_rows);
}

const Ledger& Pipeline::ledger() const { return impl_->ledger_; }

size_t Pipeline::state_bytes() const { return impl_->state_bytes(); }

void Pipeline::SetWindowObserver(WindowObserver observer) {
  impl_->observer_ = std::move(observer);
}

}  // namespace minsense
