// biquad.h: Butterworth design and a cascade of second-order IIR sections.
//
// DesignButterworth turns (type, order, cutoff, sample rate) into second-order sections;
// BiquadCascade runs them sample by sample in transposed direct form II with float state, after
// CMSIS-DSP arm_biquad_cascade_df2T_f32. The cascade holds its coefficients and state inline
// (no heap), so Init, Process and ProcessBlock never allocate.
//
// Example: a 4th-order 5 Hz low-pass at 50 Hz, started without a transient.
//   std::array<BiquadCoefficients, 2> sections;
//   if (DesignButterworth(FilterType::kLowPass, 4, 5.0f, 50.0f, sections) != 2) return false;
//   BiquadCascade lp;
//   if (!lp.Init(sections)) return false;
//   lp.PrimeSteadyState(first_sample);
//   for (float& v : block) v = lp.Process(v);
#ifndef MINSENSE_KERNELS_BIQUAD_H_
#define MINSENSE_KERNELS_BIQUAD_H_

#include <array>
#include <cstddef>
#include <span>

namespace minsense::kernels {

// BiquadCoefficients is one second-order section
//   H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2).
// Note the sign convention: a1, a2 are the denominator coefficients as written above (CMSIS
// stores their negatives).
struct BiquadCoefficients {
  float b0, b1, b2, a1, a2;
};

// FilterType selects the response of DesignButterworth.
enum class FilterType { kLowPass, kHighPass };

// DesignButterworth designs a Butterworth filter of even `order` (2, 4, 6 or 8) as order/2
// second-order sections, by the bilinear transform with the cutoff pre-warped so that the digital
// response is exactly -3.01 dB at `cutoff_hz`. Sections are written to out[0, order/2), lowest Q
// first (keeps intermediate signals small). The design runs in double; the coefficients are then
// rounded to float and, for the low-pass, the numerator is re-derived from the rounded
// denominator so that the float filter's DC gain is 1 to float precision (the high-pass numerator
// sums to exactly 0). Returns the number of sections written, or 0 (and writes nothing) if an
// argument is invalid: order odd or outside [2, 8], sample_rate_hz <= 0 or not finite,
// cutoff_hz <= 0 or >= sample_rate_hz / 2, or out.size() < order / 2.
int DesignButterworth(FilterType type, int order, float cutoff_hz, float sample_rate_hz,
                      std::span<BiquadCoefficients> out);

// BiquadCascade filters a stream through up to kMaxStages second-order sections in series,
// transposed direct form II, float state (two floats per section). Not thread-safe; one instance
// per stream. A default-constructed or failed-Init cascade has 0 stages and passes its input
// through unchanged.
//
// Precision: float state, as in CMSIS. Rounding errors in the recursion are amplified at DC by
// about 1 / (1 + a1 + a2), which grows as (fs / fc)^2: with a 9.8 m/s^2 input the DC output is
// within ~1e-6 relative for fc/fs >= 0.02 (1 Hz at 50 Hz), ~1e-4 at fc/fs = 0.006 (0.3 Hz at
// 50 Hz) and ~1e-3 at fc/fs = 0.002 (0.1 Hz at 50 Hz).
class BiquadCascade {
 public:
  // kMaxStages is the largest number of sections (an 8th-order filter).
  static constexpr int kMaxStages = 4;

  // Init copies the sections and zeroes the state. Returns false (and leaves a pass-through
  // cascade with 0 stages) if stages is empty, holds more than kMaxStages sections, or holds a
  // non-finite coefficient.
  bool Init(std::span<const BiquadCoefficients> stages);

  // Process filters one sample and returns the output. O(num_stages()), no allocation. Inline:
  // it runs once per internal-rate sample.
  float Process(float x);

  // ProcessBlock filters in[i] into out[i]. in and out may be the same buffer (in-place). The
  // sizes should be equal; if they are not, only the first min(in.size(), out.size()) samples are
  // processed.
  void ProcessBlock(std::span<const float> in, std::span<float> out);

  // Reset zeroes the state and keeps the coefficients.
  void Reset();

  // PrimeSteadyState sets the state as if the constant x had been applied forever, so that the
  // next outputs carry no start-up transient (for a low-pass: the output starts at x; for a
  // high-pass: at 0). Uses the DC gain of the float coefficients. A section with a pole at DC
  // (1 + a1 + a2 == 0, not a stable filter) gets a zero state instead.
  void PrimeSteadyState(float x);

  // num_stages is the number of sections in use, 0 before a successful Init.
  int num_stages() const { return num_stages_; }

 private:
  struct State {
    float s1 = 0.0f;
    float s2 = 0.0f;
  };
  static_assert(kMaxStages == 4, "ProcessBlock dispatches 1 to 4 stages");
  // ProcessBlockWith is ProcessBlock for num_stages_ == kStages.
  template <std::size_t kStages>
  void ProcessBlockWith(const float* in, float* out, std::size_t n);

  std::array<BiquadCoefficients, kMaxStages> coefficients_{};
  std::array<State, kMaxStages> state_{};
  int num_stages_ = 0;
};

inline float BiquadCascade::Process(float x) {
  float v = x;
  for (int i = 0; i < num_stages_; ++i) {
    const BiquadCoefficients& c = coefficients_[static_cast<std::size_t>(i)];
    State& s = state_[static_cast<std::size_t>(i)];
    const float y = c.b0 * v + s.s1;
    s.s1 = c.b1 * v - c.a1 * y + s.s2;
    s.s2 = c.b2 * v - c.a2 * y;
    v = y;
  }
  return v;
}

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_BIQUAD_H_
