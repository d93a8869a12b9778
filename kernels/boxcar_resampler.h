// boxcar_resampler.h: irregular, jittered 3-axis samples in, a fixed-rate stream out.
//
// Phones deliver accelerometer samples at a rate that is neither exact nor steady (nominal 50,
// 100, 200, 400 Hz with jitter and occasional bursts). BoxcarResampler turns them into a stream
// at exactly output_rate_hz, with output timestamps derived by counting bins from the first
// sample, not from the input clock.
//
// Model. The input is taken to be piecewise linear between consecutive samples. The origin is the
// time of the first sample pushed after construction, Init or Reset. Output bin k covers
// [origin + k T, origin + (k + 1) T), T = 1 / output_rate_hz; its value is the exact mean of the
// piecewise-linear input over the bin (the linear pieces overlapping the bin are integrated in
// double), and its timestamp is the bin centre origin + (k + 0.5) T. Bin k is emitted as soon as a
// sample with t >= origin + (k + 1) T has been pushed, so the output lags the input by at most one
// input interval plus T / 2.
//
// What this does to the spectrum:
//  * Decimating (input faster than output): the bin mean is a box-car (moving-average) filter of
//    width T sampled at rate 1/T. Its gain is |sinc(f T)| = |sin(pi f T) / (pi f T)|, with exact
//    nulls at f = m / T, i.e. at the output rate and its multiples: exactly the frequencies that
//    alias to DC. Example at 50 Hz out: 2 Hz passes with gain 0.9974, 10 Hz with 0.935, while a
//    48 Hz tone (aliasing to 2 Hz) is cut to 0.042 and 50 Hz to 0. It is a cheap anti-aliasing
//    filter, not a sharp one (25 Hz, the output Nyquist, still passes at 0.64); follow it with a
//    proper low-pass if the band near output Nyquist matters.
//  * Upsampling (input slower than output): each bin lies within one or two input intervals,
//    so the output is linear interpolation of the input evaluated at bin centres (exact when a
//    bin lies inside one interval, a mean of two lines otherwise).
//  * Jitter: the true sample times are used, so timing jitter does not become amplitude noise.
//
// Gaps: a gap of G seconds between two pushes emits G * output_rate_hz bins interpolated across
// it. The caller's ingest guard should Reset (and start a new segment) on gaps it does not want
// bridged.
//
// No allocation anywhere; Push is O(1 + bins emitted). Not thread-safe.
//
// Example: 3-axis input at ~400 Hz (jittered) to 50 Hz.
//   BoxcarResampler resampler;
//   if (!resampler.Init(50.0)) return false;
//   resampler.Push(s.t_seconds, s.x_mps2, s.y_mps2, s.z_mps2,
//                  [&](double t, float x, float y, float z) { stage.Consume(t, x, y, z); });
#ifndef MINSENSE_KERNELS_BOXCAR_RESAMPLER_H_
#define MINSENSE_KERNELS_BOXCAR_RESAMPLER_H_

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace minsense::kernels {

// BoxcarResampler resamples a 3-channel stream with irregular timestamps to a fixed rate by
// averaging its piecewise-linear interpolant over consecutive output bins (see the file comment).
class BoxcarResampler {
 public:
  // kMaxOutputRateHz bounds output_rate_hz in Init.
  static constexpr double kMaxOutputRateHz = 10000.0;

  // Init sets the output rate in Hz and resets the state. Returns false (and leaves the resampler
  // inert: Push returns 0) unless 0 < output_rate_hz <= kMaxOutputRateHz.
  bool Init(double output_rate_hz);

  // Push adds one input sample at time t_seconds (any origin, seconds; double so that epoch-sized
  // times keep sub-microsecond resolution) with values x, y, z (any unit, typically m/s^2).
  // t_seconds must be finite and strictly greater than the previous pushed time; otherwise the
  // sample is ignored and 0 is returned. Calls
  //   sink(double t_center_seconds, float x, float y, float z)
  // once per completed bin, in time order, and returns how many bins were completed. The first
  // sample after Init/Reset only sets the origin and returns 0. No allocation.
  template <typename Sink>
  int Push(double t_seconds, float x, float y, float z, Sink&& sink);

  // Reset forgets the previous sample, the origin and the partial bin; the stored raw sample and
  // partial sums are overwritten with zeros. Keeps the output rate.
  void Reset();

  // output_period_seconds is T = 1 / output_rate_hz, or 0 before a successful Init.
  double output_period_seconds() const { return rate_hz_ > 0.0 ? 1.0 / rate_hz_ : 0.0; }

 private:
  // BinEnd is origin + (k + 1) T, computed afresh (no accumulated rounding) by a correctly
  // rounded division, so that e.g. bin 49 at 50 Hz ends at exactly origin + 1.0.
  double BinEnd(int64_t k) const { return origin_ + static_cast<double>(k + 1) / rate_hz_; }

  double rate_hz_ = 0.0;
  bool has_previous_ = false;
  double origin_ = 0.0;
  int64_t bin_ = 0;       // Index of the bin being accumulated; previous_t_ lies inside it.
  double bin_end_ = 0.0;  // BinEnd(bin_): a push that ends no bin needs no division.
  double previous_t_ = 0.0;
  std::array<double, 3> previous_value_{};
  std::array<double, 3> partial_integral_{};  // Integral over [start of bin_, previous_t_].
};

template <typename Sink>
int BoxcarResampler::Push(double t_seconds, float x, float y, float z, Sink&& sink) {
  if (rate_hz_ <= 0.0 || !std::isfinite(t_seconds)) return 0;
  const std::array<double, 3> value = {static_cast<double>(x), static_cast<double>(y),
                                       static_cast<double>(z)};
  if (!has_previous_) {
    has_previous_ = true;
    origin_ = t_seconds;
    bin_ = 0;
    bin_end_ = BinEnd(0);
    previous_t_ = t_seconds;
    previous_value_ = value;
    partial_integral_ = {};
    return 0;
  }
  if (!(t_seconds > previous_t_)) return 0;

  const double t0 = previous_t_;
  if (bin_end_ > t_seconds) {
    // The usual push when decimating: no bin ends inside this piece, so only its integral is
    // added, from its two end values as they are (no interpolation, no division).
    const double half_dt = (t_seconds - t0) * 0.5;
    for (std::size_t c = 0; c < 3; ++c) {
      partial_integral_[c] += half_dt * (previous_value_[c] + value[c]);
    }
    previous_t_ = t_seconds;
    previous_value_ = value;
    return 0;
  }
  const double inv_dt = 1.0 / (t_seconds - t0);
  // Lerp evaluates channel c of the linear piece from (t0, previous) to (t_seconds, value).
  auto lerp = [&](int c, double t) {
    const double v0 = previous_value_[static_cast<std::size_t>(c)];
    return v0 + (value[static_cast<std::size_t>(c)] - v0) * ((t - t0) * inv_dt);
  };
  int emitted = 0;
  double start = t0;  // Start of the part of this piece not yet integrated.
  double end = bin_end_;
  while (end <= t_seconds) {
    std::array<float, 3> mean{};
    for (int c = 0; c < 3; ++c) {
      const std::size_t i = static_cast<std::size_t>(c);
      // Trapezoid = exact integral of a linear piece.
      partial_integral_[i] += (end - start) * 0.5 * (lerp(c, start) + lerp(c, end));
      mean[i] = static_cast<float>(partial_integral_[i] * rate_hz_);
      partial_integral_[i] = 0.0;
    }
    const double center = origin_ + (static_cast<double>(bin_) + 0.5) / rate_hz_;
    sink(center, mean[0], mean[1], mean[2]);
    ++emitted;
    ++bin_;
    start = end;
    end = BinEnd(bin_);
  }
  for (std::size_t c = 0; c < 3; ++c) {
    partial_integral_[c] +=
        (t_seconds - start) * 0.5 * (lerp(static_cast<int>(c), start) + value[c]);
  }
  bin_end_ = end;
  previous_t_ = t_seconds;
  previous_value_ = value;
  return emitted;
}

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_BOXCAR_RESAMPLER_H_
