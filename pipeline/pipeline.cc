// Pipeline: ingest guard -> motion analyzer -> classifier -> label smoother
// -> egress gate -> pending queue. See pipeline.h for the contract.
#include "pipeline/pipeline.h"

#include <cmath>

#include "pipeline/egress_gate.h"
#include "pipeline/ingest_guard.h"
#include "pipeline/label_smoother.h"
#include "pipeline/motion_analyzer.h"
#include "pipeline/pending_update_queue.h"
#include "pipeline/rule_based_activity_classifier.h"

namespace minsense {

class Pipeline::Impl {
 public:
  Impl(const v1::PipelineOptions& options, const v1::EgressPolicy& policy)
      : guard_(options.max_abs_accel_mps2(), options.max_gap_seconds()),
        smoother_(static_cast<int>(options.stable_windows())),
        gate_(policy) {}

  Status Init(const v1::PipelineOptions& options) { return analyzer_.Init(options); }

  void Push(const AccelSample& s) {
    ++ledger_.samples_in;
    const IngestVerdict v = guard_.Check(s);
    if (!v.accepted) {
      ledger_.Reject(v.reason);
      return;
    }
    ++ledger_.samples_accepted;
    ledger_.seconds_accepted += v.dt_seconds;
    if (v.gap && ledger_.samples_accepted > 1) {
      ++ledger_.gap_resets;
      RestartAnalysis();
    }
    analyzer_.Push(s, [this](const WindowFeatures& f, int steps) { OnWindow(f, steps); });
  }

  bool Poll(v1::ActivityUpdate* out) {
    PendingUpdate u;
    if (!queue_.Pop(&u)) return false;
    out->Clear();
    out->set_activity(u.activity);
    out->set_confidence(u.confidence);
    if (u.has_cadence) {
      out->set_cadence_spm(u.cadence_spm);
      ++ledger_.cadence_fields_out;
    }
    out->set_time_bucket_minutes(u.time_bucket_minutes);
    ++ledger_.messages_out;
    ledger_.bytes_out += out->ByteSizeLong();
    return true;
  }

  void Reset() {
    guard_.Reset();
    RestartAnalysis();
    gate_.Reset();
    queue_.Clear();
  }

  Ledger ledger_;
  WindowObserver observer_;

 private:
  void RestartAnalysis() {
    analyzer_.Reset();
    smoother_.Reset();
    carried_steps_ = 0;
  }

  void OnWindow(const WindowFeatures& f, int steps) {
    ++ledger_.windows;
    const ActivityDecision raw = classifier_.Classify(f);
    const v1::Activity reported = smoother_.Update(raw.activity);
    const bool raw_stepping = IsStepping(raw.activity);
    const bool stepping = IsStepping(reported);

    // Steps are counted only in stepping windows. Steps seen while a stepping
    // label is still being confirmed are carried until it is (or dropped).
    carried_steps_ += steps;
    if (stepping) {
      ledger_.steps += static_cast<uint64_t>(carried_steps_);
      carried_steps_ = 0;
    } else if (!raw_stepping) {
      carried_steps_ = 0;
    }
    if (f.cadence_valid) analyzer_.SetExpectedStepPeriod(60.0f / f.cadence_spm);

    ReportedState state;
    state.t_end_seconds = f.t_end_seconds;
    state.activity = reported;
    state.confidence = reported == raw.activity ? raw.confidence : v1::CONFIDENCE_LOW;
    state.has_cadence = stepping && f.cadence_valid;
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
      observer_(r);
    }

    PendingUpdate update;
    if (gate_.Offer(state, &update) && !queue_.Push(update)) ++ledger_.messages_dropped;
  }

  static bool IsStepping(v1::Activity a) {
    return a == v1::ACTIVITY_WALKING || a == v1::ACTIVITY_RUNNING;
  }

  IngestGuard guard_;
  MotionAnalyzer analyzer_;
  RuleBasedActivityClassifier classifier_;
  LabelSmoother smoother_;
  EgressGate gate_;
  PendingUpdateQueue<Pipeline::kMaxPendingMessages> queue_;
  int carried_steps_ = 0;
};

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(const v1::PipelineOptions& options,
                                                     const v1::EgressPolicy& policy) {
  if (Status s = ValidatePipelineOptions(options); !s.ok()) return s;
  if (Status s = ValidateEgressPolicy(policy); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(options, policy);
  if (Status s = impl->Init(options); !s.ok()) return s;
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Pipeline::~Pipeline() = default;  // MotionAnalyzer zeroes its buffers.

void Pipeline::PushAccel(const AccelSample& sample) { impl_->Push(sample); }

void Pipeline::PushAccel(std::span<const AccelSample> samples) {
  for (const AccelSample& s : samples) impl_->Push(s);
}

bool Pipeline::Poll(v1::ActivityUpdate* out) { return impl_->Poll(out); }

void Pipeline::Reset() { impl_->Reset(); }

void Pipeline::CountSourceRead(uint64_t bytes, uint64_t malformed_rows) {
  impl_->ledger_.bytes_in += bytes;
  impl_->ledger_.samples_in += malformed_rows;
  impl_->ledger_.Reject(RejectReason::kMalformedRow, malformed_rows);
}

const Ledger& Pipeline::ledger() const { return impl_->ledger_; }

void Pipeline::SetWindowObserver(WindowObserver observer) {
  impl_->observer_ = std::move(observer);
}

}  // namespace minsense
