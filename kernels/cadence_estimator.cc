// cadence_estimator.cc: autocorrelation peak picking with half- and double-rate guards.
#include "kernels/cadence_estimator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "kernels/autocorrelation.h"
#include "kernels/secure_zero.h"

namespace minsense::kernels {
namespace {

// kFundamentalFraction: a peak counts as the fundamental period if it reaches this fraction of
// the highest peak; the shortest such lag wins (multiples of the period have equal peaks).
constexpr float kFundamentalFraction = 0.8f;
// kHarmonicTolerance: how far (relative) a peak may sit from half or twice a lag and still be
// taken as that sub-multiple or multiple (cadence drifts a little within a 6 s window).
constexpr double kHarmonicTolerance = 0.15;
// kStepToStrideRatio: a peak at half the stride lag is a step if its r is at least this
// fraction of the stride's r.
constexpr float kStepToStrideRatio = 0.4f;
// kMaxLagFraction: lags are analysed up to this fraction of the window, so that every r value
// averages at least a quarter of the window.
constexpr double kMaxLagFraction = 0.75;
// kAntiPhase: r below -kAntiPhase half a stride on is an opposite phase, which no stride of two
// steps shows (r < -0.2 there in 0.1-0.4 % of the walking windows of oxford-steps and
// motionsense).
constexpr double kAntiPhase = 0.2;
// kMaxSubMultiple: step 7b tries T0 / m for m up to this (12 steps in one period).
constexpr int kMaxSubMultiple = 12;

// IsPeak: r[lag] is a positive local maximum (plateaus count once, at their first sample).
bool IsPeak(std::span<const float> r, int lag) {
  const std::size_t i = static_cast<std::size_t>(lag);
  return r[i] > 0.0f && r[i] > r[i - 1] && r[i] >= r[i + 1];
}

// HighestPeakIn returns the lag of the highest peak with lag in [lo, hi] (real bounds, clipped
// to [first, last]), or -1 if there is none.
int HighestPeakIn(std::span<const float> r, double lo, double hi, int first, int last) {
  const int begin = std::max(first, static_cast<int>(std::ceil(lo)));
  const int end = std::min(last, static_cast<int>(std::floor(hi)));
  int best = -1;
  for (int lag = begin; lag <= end; ++lag) {
    if (IsPeak(r, lag) &&
        (best < 0 || r[static_cast<std::size_t>(lag)] > r[static_cast<std::size_t>(best)])) {
      best = lag;
    }
  }
  return best;
}

struct RefinedPeak {
  double lag = 0.0;    // Samples, fractional.
  double value = 0.0;  // Interpolated r at lag.
};

// Refine fits a parabola through r[lag - 1 .. lag + 1] and returns its vertex; the offset is
// clamped to +-0.5 sample (the integer lag is a local maximum, so the vertex lies within).
RefinedPeak Refine(std::span<const float> r, int lag) {
  const std::size_t i = static_cast<std::size_t>(lag);
  const double left = static_cast<double>(r[i - 1]);
  const double mid = static_cast<double>(r[i]);
  const double right = static_cast<double>(r[i + 1]);
  const double curvature = left - 2.0 * mid + right;
  RefinedPeak peak{static_cast<double>(lag), mid};
  if (curvature >= 0.0) return peak;  // Flat: keep the integer lag.
  const double delta = std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
  peak.lag += delta;
  peak.value = mid - 0.25 * (left - right) * delta;
  return peak;
}

// InterpolateAt is r at a fractional lag by linear interpolation; lag must be in [0, size - 1].
double InterpolateAt(std::span<const float> r, double lag) {
  const double floor_lag = std::floor(lag);
  const std::size_t i = static_cast<std::size_t>(floor_lag);
  if (i + 1 >= r.size()) return static_cast<double>(r[r.size() - 1]);
  const double w = lag - floor_lag;
  return (1.0 - w) * static_cast<double>(r[i]) + w * static_cast<double>(r[i + 1]);
}

float ClampUnit(double v) { return static_cast<float>(std::clamp(v, -1.0, 1.0)); }

// BetweenMean is the mean of r at the lags k * period / m (k = 1, 2, ... up to last_lag) that
// are not multiples of period: how well the signal repeats at period / m, judged only where that
// differs from repeating at period.
double BetweenMean(std::span<const float> r, double period, int m, int last_lag) {
  double sum = 0.0;
  int count = 0;
  for (int k = 1; k * period / m <= static_cast<double>(last_lag); ++k) {
    if (k % m == 0) continue;
    sum += InterpolateAt(r, k * period / m);
    ++count;
  }
  return count > 0 ? sum / count : -1.0;
}

// WithGaitPrior doubles spm while it is slower than likely_min_spm and doubling keeps it within
// max_spm: a period read as one step that slow is a whole number of strides (two steps each),
// whose step peaks are too faint (or, at a coarse rate, too blurred) to be picked.
double WithGaitPrior(double spm, const CadenceEstimatorConfig& config) {
  while (spm < static_cast<double>(config.likely_min_spm) &&
         2.0 * spm <= static_cast<double>(config.max_spm)) {
    spm *= 2.0;
  }
  return spm;
}

}  // namespace

bool CadenceEstimator::Init(const CadenceEstimatorConfig& config, int max_window_samples) {
  max_window_samples_ = 0;
  r_.clear();
  const float fs = config.sample_rate_hz;
  if (!std::isfinite(fs) || fs <= 0.0f) return false;
  if (!std::isfinite(config.min_spm) || !std::isfinite(config.max_spm)) return false;
  if (config.min_spm <= 0.0f || config.max_spm <= config.min_spm) return false;
  if (!std::isfinite(config.min_periodicity) || config.min_periodicity < 0.0f ||
      config.min_periodicity >= 1.0f) {
    return false;
  }
  const double min_step_lag = 60.0 / static_cast<double>(config.max_spm) * fs;
  const double max_step_lag = 60.0 / static_cast<double>(config.min_spm) * fs;
  if (min_step_lag < 2.0) return false;
  if (max_window_samples < static_cast<int>(std::ceil(2.0 * min_step_lag)) + 3) return false;

  config_ = config;
  min_step_lag_ = min_step_lag;
  max_step_lag_ = max_step_lag;
  // Lags up to the longest stride plus one neighbour for the peak test, never beyond the window.
  const double wanted = std::ceil(2.0 * max_step_lag) + 2.0;
  const std::size_t lags =
      static_cast<std::size_t>(std::min(wanted, static_cast<double>(max_window_samples)));
  r_.assign(lags, 0.0f);
  max_window_samples_ = max_window_samples;
  return true;
}

void CadenceEstimator::Clear() { SecureZero(std::span<float>(r_)); }

CadenceEstimate CadenceEstimator::Estimate(std::span<const float> x) {
  CadenceEstimate out;
  if (max_window_samples_ == 0) return out;
  if (x.size() > static_cast<std::size_t>(max_window_samples_)) return out;
  const int n = static_cast<int>(x.size());
  if (n < static_cast<int>(std::ceil(2.0 * min_step_lag_)) + 3) return out;

  // Lags 0 .. last_lag are computed; peaks are searched in [first, last] so that both
  // neighbours of a peak exist.
  const int last_lag =
      std::min({static_cast<int>(r_.size()) - 1, static_cast<int>(std::floor(kMaxLagFraction * n)),
                static_cast<int>(std::ceil(2.0 * max_step_lag_)) + 1});
  const int first = std::max(2, static_cast<int>(std::floor(min_step_lag_)));
  const int last = last_lag - 1;
  if (last < first) return out;
  const std::span<float> r = std::span<float>(r_).first(static_cast<std::size_t>(last_lag) + 1);
  NormalizedAutocorrelationFast(x, last_lag, r, &out.window_sum_squares);

  // Step 2: candidates start where r first drops to <= 0. Before that r is still on its main
  // lobe around lag 0, where noise makes tiny spurious maxima. (A zero-mean periodic signal
  // always crosses zero within its first period.)
  // Step 3: the fundamental period T0 = the shortest peak within kFundamentalFraction of the
  // highest. Lags below the step range take part too: a signal that repeats faster than any
  // step (a 5 Hz vibration, say) has equally strong peaks at 2, 3, ... times its period, one of
  // which would otherwise pass for a step.
  int lobe_end = 1;
  while (lobe_end <= last && r[static_cast<std::size_t>(lobe_end)] > 0.0f) ++lobe_end;
  const int begin = std::max(2, lobe_end);
  float highest = 0.0f;
  for (int lag = begin; lag <= last; ++lag) {
    if (IsPeak(r, lag)) highest = std::max(highest, r[static_cast<std::size_t>(lag)]);
  }
  if (highest <= 0.0f) return out;
  int fundamental = -1;
  for (int lag = begin; lag <= last; ++lag) {
    if (IsPeak(r, lag) && r[static_cast<std::size_t>(lag)] >= kFundamentalFraction * highest) {
      fundamental = lag;
      break;
    }
  }
  // Step 3b: a third of T0. Halving (below) cannot resolve a period of three repeats: when
  // peaks stand at T0 / 3 and 2 T0 / 3, as strong as a step peak must be against T0, the true
  // period is T0 / 3 (at a coarse rate a peak whose lag falls between samples is lowered, so the
  // one at an integer multiple can be the highest).
  {
    const float r_t0 = r[static_cast<std::size_t>(fundamental)];
    const double third = fundamental / 3.0;
    const int one = HighestPeakIn(r, third * (1.0 - kHarmonicTolerance),
                                  third * (1.0 + kHarmonicTolerance), begin, last);
    const int two = HighestPeakIn(r, 2.0 * third * (1.0 - kHarmonicTolerance),
                                  2.0 * third * (1.0 + kHarmonicTolerance), begin, last);
    const auto strong = [&](int lag) {
      return lag >= 0 && r[static_cast<std::size_t>(lag)] >= kStepToStrideRatio * r_t0 &&
             r[static_cast<std::size_t>(lag)] >= config_.min_periodicity;
    };
    if (third >= min_step_lag_ && strong(one) && strong(two)) fundamental = one;
  }
  const float r_fundamental = r[static_cast<std::size_t>(fundamental)];
  if (Refine(r, fundamental).lag < min_step_lag_) {
    // Periodic faster than the fastest cadence: not gait.
    out.periodicity = ClampUnit(r_fundamental);
    return out;
  }

  // Step 4: half-rate guard. Is T0 a stride with a step peak at T0 / 2?
  int step = -1;
  int stride = -1;
  const double half = 0.5 * fundamental;
  const int sub = HighestPeakIn(r, half * (1.0 - kHarmonicTolerance),
                                half * (1.0 + kHarmonicTolerance), std::max(first, begin), last);
  if (sub >= 0) {
    const float r_sub = r[static_cast<std::size_t>(sub)];
    if (r_sub >= kStepToStrideRatio * r_fundamental && r_sub >= config_.min_periodicity) {
      step = sub;
      stride = fundamental;
    }
  }
  // Gait prior: T0 read as one step slower than likely_min_spm is a stride whose second step is
  // faint or absent in the signal (a phone in a trouser pocket rides on one leg). Every stride
  // is two steps, so the step lag is half the stride lag, peak or no peak.
  const RefinedPeak t0_peak = Refine(r, fundamental);
  const double t0_spm = 60.0 * static_cast<double>(config_.sample_rate_hz) / t0_peak.lag;
  if (step < 0 && t0_spm < static_cast<double>(config_.likely_min_spm) &&
      0.5 * t0_peak.lag >= min_step_lag_) {
    double step_lag = 0.5 * t0_peak.lag;
    bool halved = true;  // Else step 7b divided T0 by some m >= 3.
    // Step 7b: a stride of two steps does not swing to the opposite phase half a stride on.
    // When r there is clearly negative, T0 holds some other number of steps: a coarse input
    // rate aliases the heel strikes, so that the signal repeats well only where whole steps
    // meet whole samples (8 running steps at 12.5 Hz, say, with 3 and 5 steps next best). The
    // step is then the sub-multiple T0 / m (m >= 3) whose lags between the multiples of T0
    // repeat clearly (mean r >= min_periodicity); the shortest within kFundamentalFraction of
    // the best wins, as in step 3. One smooth cycle per period (a thigh pedalling) is negative
    // on average between its multiples at every m and keeps the halving (and its negative r).
    if (InterpolateAt(r, step_lag) < -kAntiPhase) {
      std::array<double, kMaxSubMultiple + 1> between{};
      double best = static_cast<double>(config_.min_periodicity);
      const int max_m =
          std::min(kMaxSubMultiple, static_cast<int>(std::floor(t0_peak.lag / min_step_lag_)));
      for (int m = 3; m <= max_m; ++m) {
        between[static_cast<std::size_t>(m)] = BetweenMean(r, t0_peak.lag, m, last_lag);
        best = std::max(best, between[static_cast<std::size_t>(m)]);
      }
      for (int m = max_m; m >= 3; --m) {
        const double e = between[static_cast<std::size_t>(m)];
        if (e >= kFundamentalFraction * best && e >= static_cast<double>(config_.min_periodicity)) {
          step_lag = t0_peak.lag / m;
          halved = false;
          break;
        }
      }
    }
    out.periodicity = ClampUnit(t0_peak.value);
    out.stride_periodicity = halved ? out.periodicity : ClampUnit(InterpolateAt(r, 2.0 * step_lag));
    out.step_lag_periodicity = ClampUnit(InterpolateAt(r, step_lag));
    // T0 may span more than one stride: halve until the cadence is plausible, as for the
    // chosen step below.
    const double spm =
        WithGaitPrior(60.0 * static_cast<double>(config_.sample_rate_hz) / step_lag, config_);
    out.valid = out.periodicity >= config_.min_periodicity &&
                spm >= static_cast<double>(config_.min_spm) &&
                spm <= static_cast<double>(config_.max_spm);
    out.spm = out.valid ? static_cast<float>(spm) : 0.0f;
    return out;
  }
  if (step < 0) {
    const RefinedPeak t0 = Refine(r, fundamental);
    if (t0.lag > max_step_lag_) {
      // Periodic, but only at a lag too long to be one step, and no step-level peak.
      out.stride_periodicity = ClampUnit(t0.value);
      return out;
    }
    step = fundamental;
    const double twice = 2.0 * fundamental;
    stride = HighestPeakIn(r, twice * (1.0 - kHarmonicTolerance),
                           twice * (1.0 + kHarmonicTolerance), first, last);
  }

  // Step 6: refine. The stride peak, when present and consistent, pins the step lag twice as
  // precisely (same absolute error, twice the lag).
  const RefinedPeak step_peak = Refine(r, step);
  double step_lag = step_peak.lag;
  bool stride_known = false;
  if (stride >= 0) {
    const RefinedPeak stride_peak = Refine(r, stride);
    out.stride_periodicity = ClampUnit(stride_peak.value);
    stride_known = true;
    if (std::abs(0.5 * stride_peak.lag - step_lag) <= kHarmonicTolerance * step_lag) {
      step_lag = 0.5 * stride_peak.lag;
    }
  } else if (2.0 * step_lag <= static_cast<double>(last_lag)) {
    out.stride_periodicity = ClampUnit(InterpolateAt(r, 2.0 * step_lag));
    stride_known = true;
  }
  // Gait repeats exactly at the stride; the step lag may be weaker (asymmetric legs), so the
  // periodicity is the stronger of the two.
  out.periodicity =
      ClampUnit(std::max(step_peak.value, static_cast<double>(out.stride_periodicity)));
  out.step_lag_periodicity = ClampUnit(InterpolateAt(r, step_lag));

  // Steps 7 and 8: gait prior, then validity. When the peaks picked two strides as the period
  // and one stride as the "step", the step is still half of it.
  const double spm =
      WithGaitPrior(60.0 * static_cast<double>(config_.sample_rate_hz) / step_lag, config_);
  const bool periodic = out.periodicity >= config_.min_periodicity &&
                        (!stride_known || out.stride_periodicity >= config_.min_periodicity);
  const bool in_range =
      spm >= static_cast<double>(config_.min_spm) && spm <= static_cast<double>(config_.max_spm);
  out.valid = periodic && in_range;
  out.spm = out.valid ? static_cast<float>(spm) : 0.0f;
  return out;
}

}  // namespace minsense::kernels
