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
// No allocation anywhere; Push is O(1 + bins emitted), PushRun (a run of Push calls, the state held
// in locals across it) O(samples + bins). Not thread-safe.
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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

  // PushIncreasing is Push for a sample whose time is finite and later than the previous
  // sample's (the caller guarantees it, as the ingest guard's accepted samples are), after a
  // successful Init: Push's tests of the time and the rate are left out. Same bins, same bits,
  // same sink calls as Push for such a sample.
  template <typename Sink>
  int PushIncreasing(double t_seconds, float x, float y, float z, Sink&& sink);

  // Input is one input sample for PushRun.
  struct Input {
    double t_seconds;
    float x, y, z;
  };

  // PushRun is n calls of Push, with the resampler's state held in locals between them instead
  // of being stored and reloaded around every sink call. fetch(std::size_t k) -> Input is called
  // once per sample, in order k = 0 .. n-1, right before that sample is pushed (a caller may
  // count the sample there). Same bins, same bits, same sink calls as Push; returns the number
  // of bins completed. The sink must not call back into this resampler. On x86-64 the run
  // keeps the three channels in SSE2 lanes (AdvanceSse2); elsewhere it is PushRunPortable.
  template <typename Fetch, typename Sink>
  int PushRun(std::size_t n, Fetch&& fetch, Sink&& sink);

  // PushRunPortable is PushRun with the plain scalar code on every target, one channel at a
  // time: the reference that PushRun's SSE2 path (x86-64) is tested and benchmarked against.
  // Same bins, same bits, same sink calls.
  template <typename Fetch, typename Sink>
  int PushRunPortable(std::size_t n, Fetch&& fetch, Sink&& sink);

  // PushRunIncreasing is PushRun for a run whose times are finite and strictly increasing (the
  // caller guarantees it, as the ingest guard's runs are): Push's tests of a sample's time are
  // made until one sample of the run is taken, and then left out, since every later sample of
  // the run passes them. Same bins, same bits, same sink calls as PushRun on such a run.
  template <typename Fetch, typename Sink>
  int PushRunIncreasing(std::size_t n, Fetch&& fetch, Sink&& sink);
  // PushRunIncreasingPortable is PushRunIncreasing with the plain scalar code on every target
  // (what PushRunIncreasing is without SSE2), tested against PushRunPortable.
  template <typename Fetch, typename Sink>
  int PushRunIncreasingPortable(std::size_t n, Fetch&& fetch, Sink&& sink);

  // Reset forgets the previous sample, the origin and the partial bin; the stored raw sample and
  // partial sums are overwritten with zeros. Keeps the output rate.
  void Reset();

  // output_period_seconds is T = 1 / output_rate_hz, or 0 before a successful Init.
  double output_period_seconds() const { return rate_hz_ > 0.0 ? 1.0 / rate_hz_ : 0.0; }

 private:
  // BinEnd is origin + (k + 1) T, computed afresh (no accumulated rounding) by a correctly
  // rounded division, so that e.g. bin 49 at 50 Hz ends at exactly origin + 1.0.
  double BinEnd(int64_t k) const { return origin_ + static_cast<double>(k + 1) / rate_hz_; }

  // Piece: the state that a push after the first one updates.
  struct Piece {
    int64_t bin = 0;          // Index of the bin being accumulated; previous_t lies inside it.
    double bin_end = 0.0;     // BinEnd(bin): a push that ends no bin needs no division.
    double previous_t = 0.0;  // Time of the previous sample.
    std::array<double, 3> previous_value{};    // Its values.
    std::array<double, 3> partial_integral{};  // Integral over [start of bin, previous_t].
  };
  // Start makes t_seconds (finite) the origin and the first previous sample.
  void Start(double t_seconds, const std::array<double, 3>& value);
  // Advance is a push after the first (has_previous_, a valid rate), on `piece`: the body of
  // Push after its tests, shared by Push and PushRun.
  template <typename Sink>
  int Advance(Piece& piece, double t_seconds, const std::array<double, 3>& value, Sink& sink) const;
  // PushRunWith is the body of PushRun (kSse2: with AdvanceSse2), of PushRunPortable and
  // (kIncreasing: the time tests only until a sample is taken) of PushRunIncreasing.
  template <bool kSse2, bool kIncreasing = false, typename Fetch, typename Sink>
  int PushRunWith(std::size_t n, Fetch& fetch, Sink& sink);
#if defined(__SSE2__)
  // Lanes is a Piece in SSE2 registers: channels x, y in one, z (and a zero) in the other.
  struct Lanes {
    int64_t bin;
    double bin_end;
    double previous_t;
    __m128d previous_xy, previous_z;
    __m128d partial_xy, partial_z;
    __m128d rate, origin;  // rate_hz_ and origin_ in both lanes, loaded once per run.
  };
  Lanes ToLanes(const Piece& piece) const;
  static void FromLanes(const Lanes& lanes, Piece& piece);
  // AdvanceSse2 is Advance on Lanes: each lane takes the IEEE operations, in the order, that
  // Advance applies to its channel (SSE2 has no fused multiply-add, so no rounding changes),
  // and the bin centre and the next bin end share one two-lane division.
  template <typename Sink>
  int AdvanceSse2(Lanes& piece, double t_seconds, float x, float y, float z, Sink& sink) const;
#endif

  double rate_hz_ = 0.0;
  bool has_previous_ = false;
  double origin_ = 0.0;
  Piece piece_;
};

inline void BoxcarResampler::Start(double t_seconds, const std::array<double, 3>& value) {
  has_previous_ = true;
  origin_ = t_seconds;
  piece_ = Piece();
  piece_.bin_end = BinEnd(0);
  piece_.previous_t = t_seconds;
  piece_.previous_value = value;
}

template <typename Sink>
int BoxcarResampler::Push(double t_seconds, float x, float y, float z, Sink&& sink) {
  if (rate_hz_ <= 0.0 || !std::isfinite(t_seconds)) return 0;
  if (has_previous_ && !(t_seconds > piece_.previous_t)) return 0;
  return PushIncreasing(t_seconds, x, y, z, sink);
}

template <typename Sink>
int BoxcarResampler::PushIncreasing(double t_seconds, float x, float y, float z, Sink&& sink) {
  const std::array<double, 3> value = {static_cast<double>(x), static_cast<double>(y),
                                       static_cast<double>(z)};
  if (!has_previous_) {
    Start(t_seconds, value);
    return 0;
  }
  // The scalar code: one push does too little for moving the state into SSE2 lanes and back to
  // pay (PushRun keeps it there across a run).
  return Advance(piece_, t_seconds, value, sink);
}

template <typename Fetch, typename Sink>
int BoxcarResampler::PushRun(std::size_t n, Fetch&& fetch, Sink&& sink) {
#if defined(__SSE2__)
  return PushRunWith</*kSse2=*/true>(n, fetch, sink);
#else
  return PushRunWith</*kSse2=*/false>(n, fetch, sink);
#endif
}

template <typename Fetch, typename Sink>
int BoxcarResampler::PushRunPortable(std::size_t n, Fetch&& fetch, Sink&& sink) {
  return PushRunWith</*kSse2=*/false>(n, fetch, sink);
}

template <typename Fetch, typename Sink>
int BoxcarResampler::PushRunIncreasing(std::size_t n, Fetch&& fetch, Sink&& sink) {
#if defined(__SSE2__)
  return PushRunWith</*kSse2=*/true, /*kIncreasing=*/true>(n, fetch, sink);
#else
  return PushRunWith</*kSse2=*/false, /*kIncreasing=*/true>(n, fetch, sink);
#endif
}

template <typename Fetch, typename Sink>
int BoxcarResampler::PushRunIncreasingPortable(std::size_t n, Fetch&& fetch, Sink&& sink) {
  return PushRunWith</*kSse2=*/false, /*kIncreasing=*/true>(n, fetch, sink);
}

template <bool kSse2, bool kIncreasing, typename Fetch, typename Sink>
int BoxcarResampler::PushRunWith(std::size_t n, Fetch& fetch, Sink& sink) {
  int emitted = 0;
  std::size_t k = 0;
  // Until the first sample has started the stream (or without a rate), sample by sample.
  for (; k < n && !(has_previous_ && rate_hz_ > 0.0); ++k) {
    const Input in = fetch(k);
    emitted += Push(in.t_seconds, in.x, in.y, in.z, sink);
  }
  if (k == n) return emitted;
#if defined(__SSE2__)
  if constexpr (kSse2) {
    Lanes lanes = ToLanes(piece_);  // In registers across the run.
    for (; k < n; ++k) {
      const Input in = fetch(k);
      if (!std::isfinite(in.t_seconds) || !(in.t_seconds > lanes.previous_t)) continue;
      emitted += AdvanceSse2(lanes, in.t_seconds, in.x, in.y, in.z, sink);
      if constexpr (kIncreasing) {
        ++k;
        break;
      }
    }
    if constexpr (kIncreasing) {
      for (; k < n; ++k) {
        const Input in = fetch(k);
        emitted += AdvanceSse2(lanes, in.t_seconds, in.x, in.y, in.z, sink);
      }
    }
    FromLanes(lanes, piece_);
    return emitted;
  }
#endif
  Piece piece = piece_;  // In locals (registers) across the run, not reloaded after each sink call.
  for (; k < n; ++k) {
    const Input in = fetch(k);
    // Push's tests for a push after the first.
    if (!std::isfinite(in.t_seconds) || !(in.t_seconds > piece.previous_t)) continue;
    const std::array<double, 3> value = {static_cast<double>(in.x), static_cast<double>(in.y),
                                         static_cast<double>(in.z)};
    emitted += Advance(piece, in.t_seconds, value, sink);
    if constexpr (kIncreasing) {
      ++k;
      break;
    }
  }
  if constexpr (kIncreasing) {
    for (; k < n; ++k) {
      const Input in = fetch(k);
      const std::array<double, 3> value = {static_cast<double>(in.x), static_cast<double>(in.y),
                                           static_cast<double>(in.z)};
      emitted += Advance(piece, in.t_seconds, value, sink);
    }
  }
  piece_ = piece;
  return emitted;
}

template <typename Sink>
[[gnu::always_inline]] inline int BoxcarResampler::Advance(Piece& piece, double t_seconds,
                                                           const std::array<double, 3>& value,
                                                           Sink& sink) const {
  const double t0 = piece.previous_t;
  if (piece.bin_end > t_seconds) {
    // The usual push when decimating: no bin ends inside this piece, so only its integral is
    // added, from its two end values as they are (no interpolation, no division).
    const double half_dt = (t_seconds - t0) * 0.5;
    for (std::size_t c = 0; c < 3; ++c) {
      piece.partial_integral[c] += half_dt * (piece.previous_value[c] + value[c]);
    }
    piece.previous_t = t_seconds;
    piece.previous_value = value;
    return 0;
  }
  const double inv_dt = 1.0 / (t_seconds - t0);
  // Lerp evaluates channel c of the linear piece from (t0, previous) to (t_seconds, value).
  auto lerp = [&](int c, double t) {
    const double v0 = piece.previous_value[static_cast<std::size_t>(c)];
    return v0 + (value[static_cast<std::size_t>(c)] - v0) * ((t - t0) * inv_dt);
  };
  int emitted = 0;
  double start = t0;  // Start of the part of this piece not yet integrated.
  double end = piece.bin_end;
  while (end <= t_seconds) {
    std::array<float, 3> mean{};
    for (int c = 0; c < 3; ++c) {
      const std::size_t i = static_cast<std::size_t>(c);
      // Trapezoid = exact integral of a linear piece.
      piece.partial_integral[i] += (end - start) * 0.5 * (lerp(c, start) + lerp(c, end));
      mean[i] = static_cast<float>(piece.partial_integral[i] * rate_hz_);
      piece.partial_integral[i] = 0.0;
    }
    const double center = origin_ + (static_cast<double>(piece.bin) + 0.5) / rate_hz_;
    sink(center, mean[0], mean[1], mean[2]);
    ++emitted;
    ++piece.bin;
    start = end;
    end = BinEnd(piece.bin);
  }
  for (std::size_t c = 0; c < 3; ++c) {
    piece.partial_integral[c] +=
        (t_seconds - start) * 0.5 * (lerp(static_cast<int>(c), start) + value[c]);
  }
  piece.bin_end = end;
  piece.previous_t = t_seconds;
  piece.previous_value = value;
  return emitted;
}

#if defined(__SSE2__)
inline BoxcarResampler::Lanes BoxcarResampler::ToLanes(const Piece& piece) const {
  return Lanes{piece.bin,
               piece.bin_end,
               piece.previous_t,
               _mm_loadu_pd(&piece.previous_value[0]),
               _mm_load_sd(&piece.previous_value[2]),
               _mm_loadu_pd(&piece.partial_integral[0]),
               _mm_load_sd(&piece.partial_integral[2]),
               _mm_set1_pd(rate_hz_),
               _mm_set1_pd(origin_)};
}

inline void BoxcarResampler::FromLanes(const Lanes& lanes, Piece& piece) {
  piece.bin = lanes.bin;
  piece.bin_end = lanes.bin_end;
  piece.previous_t = lanes.previous_t;
  _mm_storeu_pd(&piece.previous_value[0], lanes.previous_xy);
  _mm_store_sd(&piece.previous_value[2], lanes.previous_z);
  _mm_storeu_pd(&piece.partial_integral[0], lanes.partial_xy);
  _mm_store_sd(&piece.partial_integral[2], lanes.partial_z);
}

template <typename Sink>
[[gnu::always_inline]] inline int BoxcarResampler::AdvanceSse2(Lanes& piece, double t_seconds,
                                                               float x, float y, float z,
                                                               Sink& sink) const {
  const __m128d value_xy = _mm_cvtps_pd(_mm_setr_ps(x, y, 0.0f, 0.0f));
  const __m128d value_z = _mm_set_sd(static_cast<double>(z));
  const double t0 = piece.previous_t;
  if (piece.bin_end > t_seconds) {
    const __m128d half_dt = _mm_set1_pd((t_seconds - t0) * 0.5);
    piece.partial_xy =
        _mm_add_pd(piece.partial_xy, _mm_mul_pd(half_dt, _mm_add_pd(piece.previous_xy, value_xy)));
    piece.partial_z =
        _mm_add_pd(piece.partial_z, _mm_mul_pd(half_dt, _mm_add_pd(piece.previous_z, value_z)));
    piece.previous_t = t_seconds;
    piece.previous_xy = value_xy;
    piece.previous_z = value_z;
    return 0;
  }
  const double inv_dt = 1.0 / (t_seconds - t0);
  const __m128d rise_xy = _mm_sub_pd(value_xy, piece.previous_xy);
  const __m128d rise_z = _mm_sub_pd(value_z, piece.previous_z);
  // Advance's lerp: previous + (value - previous) * ((t - t0) * inv_dt).
  auto lerp = [&](double t, __m128d previous, __m128d rise) {
    return _mm_add_pd(previous, _mm_mul_pd(rise, _mm_set1_pd((t - t0) * inv_dt)));
  };
  const __m128d rate = piece.rate;
  const __m128d origin = piece.origin;
  int emitted = 0;
  double start = t0;
  __m128d start_xy = lerp(start, piece.previous_xy, rise_xy);
  __m128d start_z = lerp(start, piece.previous_z, rise_z);
  double end = piece.bin_end;
  while (end <= t_seconds) {
    const __m128d end_xy = lerp(end, piece.previous_xy, rise_xy);
    const __m128d end_z = lerp(end, piece.previous_z, rise_z);
    const __m128d width = _mm_set1_pd((end - start) * 0.5);
    const __m128d integral_xy =
        _mm_add_pd(piece.partial_xy, _mm_mul_pd(width, _mm_add_pd(start_xy, end_xy)));
    const __m128d integral_z =
        _mm_add_pd(piece.partial_z, _mm_mul_pd(width, _mm_add_pd(start_z, end_z)));
    const __m128 mean_xy = _mm_cvtpd_ps(_mm_mul_pd(integral_xy, rate));
    const __m128 mean_z = _mm_cvtpd_ps(_mm_mul_pd(integral_z, rate));
    piece.partial_xy = _mm_setzero_pd();
    piece.partial_z = _mm_setzero_pd();
    // Lane 0: this bin's centre, origin + (bin + 0.5) / rate; lane 1: BinEnd(bin + 1).
    const __m128d times =
        _mm_add_pd(origin, _mm_div_pd(_mm_setr_pd(static_cast<double>(piece.bin) + 0.5,
                                                  static_cast<double>(piece.bin + 2)),
                                      rate));
    sink(_mm_cvtsd_f64(times), _mm_cvtss_f32(mean_xy),
         _mm_cvtss_f32(_mm_shuffle_ps(mean_xy, mean_xy, _MM_SHUFFLE(1, 1, 1, 1))),
         _mm_cvtss_f32(mean_z));
    ++emitted;
    ++piece.bin;
    start = end;
    start_xy = end_xy;
    start_z = end_z;
    end = _mm_cvtsd_f64(_mm_unpackhi_pd(times, times));
  }
  const __m128d width = _mm_set1_pd((t_seconds - start) * 0.5);
  piece.partial_xy =
      _mm_add_pd(piece.partial_xy, _mm_mul_pd(width, _mm_add_pd(start_xy, value_xy)));
  piece.partial_z = _mm_add_pd(piece.partial_z, _mm_mul_pd(width, _mm_add_pd(start_z, value_z)));
  piece.bin_end = end;
  piece.previous_t = t_seconds;
  piece.previous_xy = value_xy;
  piece.previous_z = value_z;
  return emitted;
}
#endif  // defined(__SSE2__)

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_BOXCAR_RESAMPLER_H_
