// Defaults and validation of PipelineOptions and EgressPolicy. Each check
// names the field and its unit, never a sample value.
#include <cmath>
#include <string>

#include "pipeline/egress_gate.h"
#include "pipeline/pipeline.h"

namespace minsense {
namespace {

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

Status CheckRange(const char* field, double value, double lo, double hi, const char* unit) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    return InvalidArgumentError(std::string(field) + " must be in [" + FormatNumber(lo) + ", " +
                                FormatNumber(hi) + "] " + unit + ", got " + FormatNumber(value));
  }
  return Status::Ok();
}

}  // namespace

v1::PipelineOptions DefaultPipelineOptions() { return v1::PipelineOptions(); }

v1::EgressPolicy DefaultEgressPolicy() { return v1::EgressPolicy(); }

Status ValidatePipelineOptions(const v1::PipelineOptions& o) {
  Status s = CheckRange("internal_rate_hz", o.internal_rate_hz(), 20, 200, "Hz");
  if (s.ok()) s = CheckRange("window_seconds", o.window_seconds(), 2, 20, "s");
  if (s.ok()) s = CheckRange("hop_seconds", o.hop_seconds(), 0.1, o.window_seconds(), "s");
  if (s.ok()) s = CheckRange("max_gap_seconds", o.max_gap_seconds(), 0.05, 60, "s");
  if (s.ok()) s = CheckRange("max_abs_accel_mps2", o.max_abs_accel_mps2(), 20, 1000, "m/s^2");
  if (s.ok()) s = CheckRange("min_cadence_spm", o.min_cadence_spm(), 20, 200, "spm");
  if (s.ok()) {
    s = CheckRange("max_cadence_spm", o.max_cadence_spm(), o.min_cadence_spm() * 1.5, 300, "spm");
  }
  if (s.ok()) s = CheckRange("stable_windows", o.stable_windows(), 1, 10, "windows");
  if (s.ok()) {
    // The stride (two steps) at the slowest cadence must fit in one window.
    const double stride_s = 2.0 * 60.0 / o.min_cadence_spm();
    if (stride_s >= o.window_seconds()) {
      s = InvalidArgumentError("window_seconds must exceed two steps at min_cadence_spm (" +
                               FormatNumber(stride_s) + " s)");
    }
  }
  return s;
}

Status ValidateEgressPolicy(const v1::EgressPolicy& p) {
  if (p.emit_mode() == v1::EgressPolicy::EMIT_MODE_UNSPECIFIED) {
    return InvalidArgumentError("emit_mode must be EMIT_ON_CHANGE or EMIT_EVERY_WINDOW");
  }
  Status s = CheckRange("heartbeat_minutes", p.heartbeat_minutes(), 1, 1440, "min");
  if (s.ok()) s = CheckRange("time_bucket_minutes", p.time_bucket_minutes(), 1, 1440, "min");
  if (s.ok()) s = CheckRange("cadence_step_spm", p.cadence_step_spm(), 1, 50, "spm");
  if (s.ok()) s = CheckRange("min_cadence_spm", p.min_cadence_spm(), 1, 300, "spm");
  if (s.ok()) {
    s = CheckRange("max_cadence_spm", p.max_cadence_spm(), p.min_cadence_spm(), 300, "spm");
  }
  if (s.ok()) {
    const CadenceLimits limits = QuantisedCadenceLimits(p);
    if (limits.lo > limits.hi) {
      s = InvalidArgumentError(
          "min_cadence_spm and max_cadence_spm must enclose a multiple of cadence_step_spm (" +
          FormatNumber(p.cadence_step_spm()) + " spm), got [" + FormatNumber(p.min_cadence_spm()) +
          ", " + FormatNumber(p.max_cadence_spm()) + "] spm");
    }
  }
  if (s.ok()) {
    s = CheckRange("min_tempo_update_minutes", p.min_tempo_update_minutes(), 0, 1440, "min");
  }
  if (s.ok()) {
    s = CheckRange("tempo_change_margin_spm", p.tempo_change_margin_spm(), 0, 50, "spm");
  }
  if (s.ok()) {
    s = CheckRange("tempo_change_spm_seconds", p.tempo_change_spm_seconds(), 0, 3600, "spm s");
  }
  if (s.ok()) s = CheckRange("min_unknown_seconds", p.min_unknown_seconds(), 0, 600, "s");
  if (s.ok()) s = CheckRange("tempo_wait_seconds", p.tempo_wait_seconds(), 0, 60, "s");
  if (!s.ok()) return s;
  for (int a : p.allowed_activities()) {
    if (!v1::Activity_IsValid(a) || a == v1::ACTIVITY_UNSPECIFIED) {
      return InvalidArgumentError(
          "allowed_activities must list only STILL, WALKING, RUNNING, CYCLING, IN_VEHICLE or "
          "UNKNOWN labels");
    }
  }
  const double epsilon = p.ldp_epsilon();
  if (!std::isfinite(epsilon) || (epsilon != 0 && (epsilon < 0.1 || epsilon > 20))) {
    return InvalidArgumentError("ldp_epsilon must be 0 (off) or in [0.1, 20] nats, got " +
                                FormatNumber(epsilon));
  }
  return s;
}

}  // namespace minsense
