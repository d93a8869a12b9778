#include "pipeline/motion_analyzer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>

#include "kernels/harmonic_period.h"
#include "kernels/secure_zero.h"
#include "kernels/window_stats.h"
#include "pipeline/secure_zero.h"

namespace minsense {
namespace {

// The gait band: 0.5 Hz removes gravity and posture changes, 5 Hz keeps the
// fundamental of the fastest running cadence (240 spm = 4 Hz) and the first
// harmonic of walking.
constexpr float kGaitHighPassHz = 0.5f;
constexpr float kGaitLowPassHz = 5.0f;

// Intensity prior against half-rate running. A phone in a trouser pocket
// rides on one leg, so while running the stride can dominate the signal and
// read as a slow "step". Nobody walks below 100 spm with the impacts of a run.
// Over the recordings of ../shared/data, windows read under 100 spm reach
// both |a| std >= 6 m/s^2 and gait-band RMS >= 4.6 m/s^2 in every half-rate
// jogging window (59 of 59) and in 12 of 645 stair windows (none of level
// walking, cycling or vehicles). Such a cadence is read as the stride and
// doubled.
constexpr float kStrideSuspectMaxSpm = 100.0f;
constexpr float kRunningStdMps2 = 6.0f;
constexpr float kRunningGaitRmsMps2 = 4.6f;

// Aliased input. A sensor read below ~20 Hz without an anti-aliasing filter folds the
// heel-strike harmonics (up to 15 Hz and more) into the gait band, and the aliases pull the
// autocorrelation's stride peak towards a whole number of input intervals
// (kernels/harmonic_period.h). Below kAliasedInputMaxHz input samples a second (counted over
// the window) the cadence is refined to the stride period whose first kAliasRefineHarmonics
// harmonics (the stride, the step, and the step's second harmonic) hold the most energy,
// searched within one input interval of the estimator's stride: the pull is towards the
// nearest whole number of intervals, on top of the estimator's own error. Measured on
// oxford-steps read at 12.5 Hz (cadence 95th percentile 6.19 spm unrefined): within one
// interval 4.37 with 4 harmonics (48 grid steps), within 3/4 of one 5.00; with 3 harmonics
// 4.17, within half an interval 5.98, but the refined running cadence of motionsense (its
// windows at 12.5 Hz against the same at 50 Hz) strays further (90th percentile 2.7 -> 7.0 spm;
// 2.3 with 4 harmonics). A grid of 8, 16 or 48 steps gives 4.48, 4.40 or 4.37 spm, and 16
// steps cost about 9 us a window on this machine. At 25 Hz and above the aliases come from
// above 20 Hz, where gait holds little energy, and the estimator's cadence is kept as it is
// (25 Hz input is as accurate as 100 Hz on oxford-steps).
constexpr double kAliasedInputMaxHz = 20.0;
constexpr double kAliasRefineInputIntervals = 1.0;
constexpr int kAliasRefineHarmonics = 4;
constexpr int kAliasRefineGridSteps = 16;  // An eighth of an input interval apart.

// WithHarmonicPeriod is spm refined as described above, or spm itself if the harmonic sum has no
// peak inside the range or the refined cadence falls outside [min_spm, max_spm]. The stride
// period is taken as two steps of spm.
float WithHarmonicPeriod(std::span<const float> window, float spm, float rate_hz,
                         double input_rate_hz, float min_spm, float max_spm) {
  const double stride = 120.0 * static_cast<double>(rate_hz) / static_cast<double>(spm);
  const double half_range =
      kAliasRefineInputIntervals * static_cast<double>(rate_hz) / input_rate_hz;
  const double period = kernels::HarmonicSumPeriod(window, stride - half_range, stride + half_range,
                                                   kAliasRefineHarmonics, kAliasRefineGridSteps);
  if (!std::isfinite(period)) return spm;
  const double refined = static_cast<double>(spm) * stride / period;
  if (refined < static_cast<double>(min_spm) || refined > static_cast<double>(max_spm)) return spm;
  return static_cast<float>(refined);
}

}  // namespace

MotionAnalyzer::~MotionAnalyzer() {
  if (scratch_)
    kernels::SecureZero(std::span(scratch_.get(), static_cast<size_t>(window_samples_)));
  if (axis_blocks_) {
    SecureZero(axis_blocks_.get(), sizeof(AxisBlock) * static_cast<size_t>(axis_block_count_));
  }
  ZeroPending(kMaxPending);
  cadence_estimator_.Clear();
}

Status MotionAnalyzer::Init(const v1::PipelineOptions& o) {
  rate_hz_ = o.internal_rate_hz();
  min_cadence_spm_ = o.min_cadence_spm();
  max_cadence_spm_ = o.max_cadence_spm();
  window_samples_ = static_cast<int>(std::lround(o.window_seconds() * rate_hz_));
  hop_samples_ = std::max(1, static_cast<int>(std::lround(o.hop_seconds() * rate_hz_)));

  if (!resampler_.Init(rate_hz_))
    return InvalidArgumentError("internal_rate_hz rejected by resampler");

  std::array<kernels::BiquadCoefficients, 2> sections{};
  if (kernels::DesignButterworth(kernels::FilterType::kHighPass, 2, kGaitHighPassHz, rate_hz_,
                                 std::span(sections).first(1)) != 1 ||
      kernels::DesignButterworth(kernels::FilterType::kLowPass, 2, kGaitLowPassHz, rate_hz_,
                                 std::span(sections).subspan(1, 1)) != 1 ||
      !gait_filter_.Init(sections)) {
    return InvalidArgumentError("internal_rate_hz too low for the 5 Hz gait band");
  }

  kernels::StepDetectorConfig step_config;
  step_config.sample_rate_hz = rate_hz_;
  step_config.min_step_interval_s = 60.0f / o.max_cadence_spm();
  step_config.max_step_interval_s = 60.0f / o.min_cadence_spm();
  if (!step_detector_.Init(step_config)) return InvalidArgumentError("step detector config");

  kernels::CadenceEstimatorConfig cadence_config;
  cadence_config.sample_rate_hz = rate_hz_;
  cadence_config.min_spm = o.min_cadence_spm();
  cadence_config.max_spm = o.max_cadence_spm();
  // Band-passed noise reaches 0.3 in 5% of windows, 0.4 in 0.4%; gait is above.
  cadence_config.min_periodicity = 0.3f;
  if (!cadence_estimator_.Init(cadence_config, window_samples_)) {
    return InvalidArgumentError("cadence range does not fit window_seconds");
  }

  if (!magnitude_window_.Init(window_samples_) || !gait_window_.Init(window_samples_)) {
    return InvalidArgumentError("window_seconds too short at internal_rate_hz");
  }
  scratch_ = std::make_unique<float[]>(static_cast<size_t>(window_samples_));
  deferred_limit_ = std::min(kMaxPending, window_samples_);
  axis_block_count_ = (window_samples_ + hop_samples_ - 1) / hop_samples_;
  axis_blocks_ = std::make_unique<AxisBlock[]>(static_cast<size_t>(axis_block_count_));
  block_first_input_ = std::make_unique<uint64_t[]>(static_cast<size_t>(axis_block_count_));
  Reset();
  return Status::Ok();
}

void MotionAnalyzer::Reset() {
  resampler_.Reset();
  gait_filter_.Reset();
  step_detector_.Reset();
  cadence_estimator_.Clear();
  magnitude_window_.Clear();
  gait_window_.Clear();
  if (scratch_)
    kernels::SecureZero(std::span(scratch_.get(), static_cast<size_t>(window_samples_)));
  if (axis_blocks_) {
    SecureZero(axis_blocks_.get(), sizeof(AxisBlock) * static_cast<size_t>(axis_block_count_));
  }
  axis_block_head_ = 0;
  if (block_first_input_) {
    std::fill_n(block_first_input_.get(), static_cast<size_t>(axis_block_count_), inputs_);
  }
  step_times_.fill(0.0);
  step_count_ = 0;
  step_head_ = 0;
  primed_ = false;
  since_window_ = 0;
  features_ = WindowFeatures();
  ZeroPending(kMaxPending);
  ClearPending();
  SecureZero(deferred_t_.data(), sizeof(deferred_t_));
  deferred_count_ = 0;
}

void MotionAnalyzer::ZeroPending(size_t count) {
  SecureZero(pending_t_.data(), count * sizeof(double));
  SecureZero(pending_x_.data(), count * sizeof(float));
  SecureZero(pending_y_.data(), count * sizeof(float));
  SecureZero(pending_z_.data(), count * sizeof(float));
  SecureZero(pending_magnitude_.data(), count * sizeof(float));
}

// ProcessGaitBlock is ProcessInternalSample of queued samples first .. end - 1 in order, stage by
// stage with each stage's state in registers: the step detector, the two windows and the axis
// blocks see the same values in the same order (no stage reads another's state here). Only the
// last sample can complete a window (ProcessPending ends the block there), and ComputeFeatures
// then sees every stage up to it, as after ProcessInternalSample.
bool MotionAnalyzer::ProcessGaitBlock(int first, int end, std::span<const float> gait) {
  const auto base = static_cast<size_t>(first);
  const auto n = static_cast<size_t>(end - first);
  step_detector_.PushBlock(gait, [&](size_t i) { RecordStep(pending_t_[base + i]); });
  magnitude_window_.PushBlock(std::span<const float>(pending_magnitude_.data() + base, n));
  gait_window_.PushBlock(gait);
  since_window_ += end - first;
  const bool window = gait_window_.full() && since_window_ >= hop_samples_;
  // The axis sums of the block in registers (scalars, like the other stages' states); a block
  // closes after its hop_samples_-th sample, except at a window's sample, where it closes after
  // ComputeFeatures has read it.
  AxisBlock* block = &axis_blocks_[static_cast<size_t>(axis_block_head_)];
  double x = block->x, y = block->y, z = block->z;
  int count = block->n;
  for (size_t k = base; k < base + n; ++k) {
    x += pending_x_[k];
    y += pending_y_[k];
    z += pending_z_[k];
    ++count;
    if (count >= hop_samples_ && !(window && k + 1 == base + n)) {
      *block = AxisBlock{x, y, z, count};
      CloseAxisBlock(pending_inputs_[k]);
      block = &axis_blocks_[static_cast<size_t>(axis_block_head_)];
      x = block->x;
      y = block->y;
      z = block->z;
      count = block->n;
    }
  }
  *block = AxisBlock{x, y, z, count};
  if (!window) return false;
  CompleteWindow(pending_t_[base + n - 1], pending_inputs_[base + n - 1]);
  return true;
}

bool MotionAnalyzer::ProcessInternalSample(double t, float x, float y, float z) {
  // |a|^2 (FilterDeferred takes the square roots of the deferred samples four at a time). The
  // gait window lags by the deferred samples: the slots they will overwrite, which hold samples
  // that have left the magnitude window, are zeroed now.
  magnitude_window_.Push(kernels::SquaredMagnitude(x, y, z));
  gait_window_.ZeroSlotAhead(deferred_count_);
  deferred_t_[static_cast<size_t>(deferred_count_++)] = t;
  AxisBlock& block = axis_blocks_[static_cast<size_t>(axis_block_head_)];
  block.x += x;
  block.y += y;
  block.z += z;
  ++block.n;
  ++since_window_;
  if (!magnitude_window_.full() || since_window_ < hop_samples_) [[likely]] {
    if (block.n >= hop_samples_) CloseAxisBlock(inputs_);
    if (deferred_count_ == deferred_limit_) FilterDeferred();
    return false;
  }
  FilterDeferred();
  CompleteWindow(t, inputs_);
  return true;
}

void MotionAnalyzer::RecordStep(double t) {
  // Confirmed one sample after the peak.
  step_times_[static_cast<size_t>(step_head_)] = t - 1.0 / rate_hz_;
  step_head_ = (step_head_ + 1) % kStepTimes;
  step_count_ = std::min(step_count_ + 1, kStepTimes);
}

void MotionAnalyzer::CompleteWindow(double t, uint64_t inputs) {
  since_window_ = 0;
  ComputeFeatures(t + 0.5 / rate_hz_, inputs);
  CloseAxisBlock(inputs);
}

void MotionAnalyzer::FilterDeferred() {
  const auto n = static_cast<size_t>(deferred_count_);
  if (n == 0) return;
  // The deferred samples are the newest n of the magnitude window, held as |a|^2 until now.
  const kernels::SlidingWindow::Pieces newest = magnitude_window_.Newest(deferred_count_);
  std::array<float, kMaxPending> gait;  // Raw-derived: zeroed before it goes out of scope.
  size_t done = 0;
  for (const std::span<float> piece : {newest.first, newest.second}) {
    if (piece.empty()) continue;
    kernels::SquareRootsExact(piece.data(), piece.size());
    if (!primed_) {
      gait_filter_.PrimeSteadyState(piece[0]);
      primed_ = true;
    }
    gait_filter_.ProcessBlock(piece, std::span<float>(gait.data() + done, piece.size()));
    done += piece.size();
  }
  step_detector_.PushBlock(std::span<const float>(gait.data(), n),
                           [&](size_t i) { RecordStep(deferred_t_[i]); });
  gait_window_.PushBlock(std::span<const float>(gait.data(), n));
  SecureZero(gait.data(), sizeof(gait));
  SecureZero(deferred_t_.data(), n * sizeof(double));
  deferred_count_ = 0;
}

bool MotionAnalyzer::ProcessPending() {
  const int count = pending_count_;
  if (pending_next_ == 0) {
    // The square roots of the batch, independent of each other and of the filter state, four
    // at a time (the same bits as Magnitude one at a time).
    kernels::MagnitudesExact(pending_x_.data(), pending_y_.data(), pending_z_.data(),
                             pending_magnitude_.data(), static_cast<size_t>(count));
  }
  while (pending_next_ < count) {
    // The gait filter runs over the queued samples up to the one that completes the next
    // window (see ClearPending) in one block, its state in registers: the same outputs as
    // sample by sample, and the filter never runs ahead of the samples processed when a
    // window is reported.
    const int first = pending_next_;
    const int until_window =
        std::max({1, hop_samples_ - since_window_, window_samples_ - gait_window_.size()});
    const int end = std::min(count, first + until_window);
    if (!primed_) {
      gait_filter_.PrimeSteadyState(pending_magnitude_[static_cast<size_t>(first)]);
      primed_ = true;
    }
    std::array<float, kMaxPending> gait;  // Raw-derived: zeroed before it goes out of scope.
    const auto n = static_cast<size_t>(end - first);
    gait_filter_.ProcessBlock(
        std::span<const float>(pending_magnitude_.data() + static_cast<size_t>(first), n),
        std::span<float>(gait.data(), n));
    pending_next_ = end;
    const bool window = ProcessGaitBlock(first, end, std::span<const float>(gait.data(), n));
    SecureZero(gait.data(), sizeof(gait));
    if (window) {
      if (pending_next_ == count) ClearPending();
      return true;
    }
  }
  ClearPending();
  return false;
}

void MotionAnalyzer::ClearPending() {
  // The processed samples are discarded: their copies are zeroed (the windows keep them).
  ZeroPending(static_cast<size_t>(pending_count_));
  pending_count_ = 0;
  pending_next_ = 0;
  // ProcessInternalSample completes a window at the first sample that both fills the windows
  // and ends a hop.
  const int until_window =
      std::max({1, hop_samples_ - since_window_, window_samples_ - gait_window_.size()});
  pending_limit_ = std::min(kMaxPending, until_window);
}

void MotionAnalyzer::CloseAxisBlock(uint64_t inputs) {
  axis_block_head_ = (axis_block_head_ + 1) % axis_block_count_;
  axis_blocks_[static_cast<size_t>(axis_block_head_)] = AxisBlock();
  block_first_input_[static_cast<size_t>(axis_block_head_)] = inputs;
}

float MotionAnalyzer::OrientationChange(float magnitude_mean) const {
  double x = 0, y = 0, z = 0;
  int n = 0;
  for (int i = 0; i < axis_block_count_; ++i) {
    const AxisBlock& b = axis_blocks_[static_cast<size_t>(i)];
    x += b.x;
    y += b.y;
    z += b.z;
    n += b.n;
  }
  if (n == 0) return 0;
  const double mean_vector_sq = (x * x + y * y + z * z) / (static_cast<double>(n) * n);
  const double excess = static_cast<double>(magnitude_mean) * magnitude_mean - mean_vector_sq;
  return excess > 0 ? static_cast<float>(std::sqrt(excess)) : 0.0f;
}

void MotionAnalyzer::ComputeFeatures(double t_end, uint64_t inputs) {
  const std::span<float> scratch(scratch_.get(), static_cast<size_t>(window_samples_));
  features_ = WindowFeatures();
  features_.t_end_seconds = t_end;

  magnitude_window_.CopyOrdered(scratch);
  kernels::WindowShapeSums shape;
  const kernels::WindowStats magnitude = kernels::ComputeWindowStatsAndShapeSums(scratch, &shape);
  features_.magnitude_mean_mps2 = magnitude.mean;
  features_.magnitude_std_mps2 = magnitude.stddev;
  features_.magnitude_min_mps2 = magnitude.min;
  features_.magnitude_max_mps2 = magnitude.max;
  features_.orientation_change_mps2 = OrientationChange(magnitude.mean);
  const double jerk_sq = shape.difference_squares;
  const double fourth = shape.fourth_powers;
  const double var = static_cast<double>(magnitude.variance);
  features_.magnitude_kurtosis =
      var > 1e-8 ? static_cast<float>(fourth / static_cast<double>(scratch.size()) / (var * var))
                 : 0.0f;
  features_.jerk_rms_mps3 =
      scratch.size() > 1
          ? static_cast<float>(std::sqrt(jerk_sq / static_cast<double>(scratch.size() - 1)) *
                               rate_hz_)
          : 0.0f;

  gait_window_.CopyOrdered(scratch);
  const kernels::CadenceEstimate cadence = cadence_estimator_.Estimate(scratch);
  // The estimator's pass for the mean already formed the gait window's sum of squares as
  // ComputeWindowRms does (same bits); a window it did not analyse takes the RMS pass itself.
  features_.gait_rms_mps2 =
      std::isnan(cadence.window_sum_squares)
          ? kernels::ComputeWindowRms(scratch)
          : kernels::WindowRmsFromSumOfSquares(cadence.window_sum_squares, scratch.size());
  features_.cadence_valid = cadence.valid;
  float spm = cadence.spm;
  // Input samples a second over the axis blocks (the window, or a little more when the hop does
  // not divide it): the inputs since the oldest block opened, over its internal samples.
  const uint64_t oldest =
      block_first_input_[static_cast<size_t>((axis_block_head_ + 1) % axis_block_count_)];
  int covered = 0;
  for (int i = 0; i < axis_block_count_; ++i) covered += axis_blocks_[static_cast<size_t>(i)].n;
  const double input_rate_hz = static_cast<double>(inputs - oldest) *
                               static_cast<double>(rate_hz_) / static_cast<double>(covered);
  if (cadence.valid && input_rate_hz < kAliasedInputMaxHz) {
    spm = WithHarmonicPeriod(scratch, spm, rate_hz_, input_rate_hz, min_cadence_spm_,
                             max_cadence_spm_);
  }
  features_.cadence_spm = spm;
  // The estimator's cadence decides whether a stride was read (the refinement moves it by a few
  // percent, and must not carry it across kStrideSuspectMaxSpm).
  if (cadence.valid && cadence.spm < kStrideSuspectMaxSpm &&
      features_.gait_rms_mps2 >= kRunningGaitRmsMps2 &&
      features_.magnitude_std_mps2 >= kRunningStdMps2 && 2 * spm <= max_cadence_spm_) {
    features_.cadence_spm = 2 * spm;
  }
  features_.periodicity = cadence.periodicity;
  features_.stride_periodicity = cadence.stride_periodicity;
  features_.step_lag_periodicity = cadence.step_lag_periodicity;
  // The copy of the window and its autocorrelation are not needed until the next window: zeroed
  // now, so that between windows only the two windows hold raw-derived samples.
  kernels::SecureZero(scratch);
  cadence_estimator_.Clear();
}

MotionAnalyzer::SteppingTime MotionAnalyzer::SteppingSecondsAfter(double t0,
                                                                  double max_gap_seconds) const {
  SteppingTime out;
  out.until_t = t0;
  for (int i = step_count_; i > 1; --i) {  // Consecutive pairs, oldest first.
    const double a = step_times_[static_cast<size_t>((step_head_ - i + kStepTimes) % kStepTimes)];
    const double b =
        step_times_[static_cast<size_t>((step_head_ - i + 1 + kStepTimes) % kStepTimes)];
    if (b <= t0) continue;
    out.until_t = b;
    if (b - a <= max_gap_seconds) out.seconds += b - std::max(a, t0);
  }
  return out;
}

size_t MotionAnalyzer::state_bytes() const {
  // Two windows, the scratch copy and the cadence estimator's lag buffer
  // (at most one window long).
  return sizeof(*this) + 4 * static_cast<size_t>(window_samples_) * sizeof(float) +
         static_cast<size_t>(axis_block_count_) * (sizeof(AxisBlock) + sizeof(uint64_t));
}

}  // namespace minsense
