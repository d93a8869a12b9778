// boxcar_resampler_test.cc: bin means, timestamps and spectral behaviour of BoxcarResampler.
#include "kernels/boxcar_resampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

constexpr double kPi = std::numbers::pi;

struct Bin {
  double t;
  float x, y, z;
};

// Collector is a sink that appends every emitted bin.
struct Collector {
  std::vector<Bin> bins;
  void operator()(double t, float x, float y, float z) { bins.push_back({t, x, y, z}); }
};

// Sinc is the box-car gain |sin(pi f T) / (pi f T)|.
double Sinc(double f, double period) {
  const double a = kPi * f * period;
  return a == 0.0 ? 1.0 : std::sin(a) / a;
}

TEST(BoxcarResamplerTest, InitRejectsBadRates) {
  BoxcarResampler r;
  EXPECT_FALSE(r.Init(0.0));
  EXPECT_FALSE(r.Init(-50.0));
  EXPECT_FALSE(r.Init(10000.5));
  EXPECT_FALSE(r.Init(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(r.Init(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(r.output_period_seconds(), 0.0);
  Collector sink;
  EXPECT_EQ(r.Push(0.0, 1, 1, 1, sink), 0);
  EXPECT_EQ(r.Push(1.0, 1, 1, 1, sink), 0);
  EXPECT_TRUE(sink.bins.empty());
  EXPECT_TRUE(r.Init(10000.0));
  EXPECT_TRUE(r.Init(50.0));
  EXPECT_DOUBLE_EQ(r.output_period_seconds(), 0.02);
}

TEST(BoxcarResamplerTest, UninitialisedResamplerEmitsNothing) {
  BoxcarResampler r;
  Collector sink;
  EXPECT_EQ(r.Push(0.0, 1, 1, 1, sink), 0);
  EXPECT_EQ(r.Push(5.0, 1, 1, 1, sink), 0);
  EXPECT_TRUE(sink.bins.empty());
}

TEST(BoxcarResamplerTest, ConstantInputGivesConstantOutput) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> interval(0.001, 0.013);
  Collector sink;
  double t = 12.5;
  for (int i = 0; i < 2000; ++i) {
    r.Push(t, 0.25f, -2.0f, 9.80665f, sink);
    t += interval(rng);
  }
  ASSERT_GT(sink.bins.size(), 500u);
  for (const Bin& b : sink.bins) {
    EXPECT_NEAR(b.x, 0.25f, 1e-6f);
    EXPECT_NEAR(b.y, -2.0f, 1e-6f);
    EXPECT_NEAR(b.z, 9.80665f, 1e-6f);
  }
}

// The mean of a line over a bin is the line at the bin centre, and linear interpolation of a line
// is exact, so irregular sampling of a ramp must give the ramp at the centres.
TEST(BoxcarResamplerTest, IrregularlySampledRampGivesRampAtBinCentres) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> interval(0.0005, 0.031);  // Up- and down-sampling mix.
  const double origin = 1000.125;
  auto ramp_x = [&](double t) { return 2.0 + 3.0 * (t - origin); };
  auto ramp_y = [&](double t) { return -1.0 * (t - origin); };
  auto ramp_z = [&](double t) { return 9.0 + 0.5 * (t - origin); };
  Collector sink;
  double t = origin;
  while (t < origin + 4.0) {
    r.Push(t, static_cast<float>(ramp_x(t)), static_cast<float>(ramp_y(t)),
           static_cast<float>(ramp_z(t)), sink);
    t += interval(rng);
  }
  ASSERT_GE(sink.bins.size(), 195u);
  for (std::size_t k = 0; k < sink.bins.size(); ++k) {
    const Bin& b = sink.bins[k];
    const double center = origin + (static_cast<double>(k) + 0.5) * 0.02;
    ASSERT_NEAR(b.t, center, 1e-9) << k;
    EXPECT_NEAR(b.x, ramp_x(center), 1e-5) << k;
    EXPECT_NEAR(b.y, ramp_y(center), 1e-5) << k;
    EXPECT_NEAR(b.z, ramp_z(center), 1e-5) << k;
  }
}

// Hand-computed golden: samples (0, 0), (0.03, 3), (0.05, 1) at 50 Hz (T = 0.02).
// Bin 0 = [0, 0.02): the line 100 t, mean = 1. Bin 1 = [0.02, 0.04): 100 t on [0.02, 0.03]
// (integral 0.025) then 3 - 100 (t - 0.03) on [0.03, 0.04] (integral 0.025), mean = 2.5.
TEST(BoxcarResamplerTest, HandComputedBins) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  EXPECT_EQ(r.Push(0.0, 0.0f, 0.0f, 0.0f, sink), 0);
  EXPECT_EQ(r.Push(0.03, 3.0f, -3.0f, 6.0f, sink), 1);
  EXPECT_EQ(r.Push(0.05, 1.0f, -1.0f, 2.0f, sink), 1);
  ASSERT_EQ(sink.bins.size(), 2u);
  EXPECT_DOUBLE_EQ(sink.bins[0].t, 0.01);
  EXPECT_NEAR(sink.bins[0].x, 1.0f, 1e-6f);
  EXPECT_NEAR(sink.bins[0].y, -1.0f, 1e-6f);
  EXPECT_NEAR(sink.bins[0].z, 2.0f, 1e-6f);
  EXPECT_DOUBLE_EQ(sink.bins[1].t, 0.03);
  EXPECT_NEAR(sink.bins[1].x, 2.5f, 1e-6f);
  EXPECT_NEAR(sink.bins[1].y, -2.5f, 1e-6f);
  EXPECT_NEAR(sink.bins[1].z, 5.0f, 1e-6f);
}

// Decimation by 8 of a 2 Hz sine: each output is the box-car mean, i.e. the sine at the centre
// scaled by sinc(2 Hz * 0.02 s) = 0.99737. (The trapezoid error of linear interpolation at
// 400 Hz is ~1e-5 and is inside the tolerance; the sinc attenuation of 2.6e-3 is not.)
TEST(BoxcarResamplerTest, Decimates2HzSineWithSincGain) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  const double f = 2.0;
  for (int i = 0; i <= 400 * 4; ++i) {
    const double t = i / 400.0;
    const float v = static_cast<float>(std::sin(2 * kPi * f * t));
    r.Push(t, v, 2.0f * v, -v, sink);
  }
  ASSERT_EQ(sink.bins.size(), 200u);
  const double gain = Sinc(f, 0.02);
  EXPECT_NEAR(gain, 0.99737, 1e-5);
  double s = 0, c = 0;
  for (const Bin& b : sink.bins) {
    const double expected = gain * std::sin(2 * kPi * f * b.t);
    EXPECT_NEAR(b.x, expected, 2e-4);
    EXPECT_NEAR(b.y, 2.0 * expected, 4e-4);
    EXPECT_NEAR(b.z, -expected, 2e-4);
    s += b.x * std::sin(2 * kPi * f * b.t);
    c += b.x * std::cos(2 * kPi * f * b.t);
  }
  // Fitted amplitude over 8 whole periods, and no phase shift (the centre timestamps are right).
  EXPECT_NEAR(2.0 / 200.0 * s, gain, 1e-4);
  EXPECT_NEAR(2.0 / 200.0 * c, 0.0, 1e-4);
}

// Upsampling 12.5 Hz -> 50 Hz: four bins per input interval, each inside one interval, so each
// output is the linear interpolation of the two neighbouring inputs at the bin centre.
TEST(BoxcarResamplerTest, Upsamples12p5HzByLinearInterpolation) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  std::vector<double> times, values;
  for (int i = 0; i <= 50; ++i) {
    const double t = i / 12.5;
    const double v = std::sin(2 * kPi * 1.0 * t) + 0.3 * std::cos(2 * kPi * 0.4 * t);
    times.push_back(t);
    values.push_back(static_cast<float>(v));
    const int emitted = r.Push(t, static_cast<float>(v), 0.0f, 1.0f, sink);
    EXPECT_EQ(emitted, i == 0 ? 0 : 4) << i;
  }
  ASSERT_EQ(sink.bins.size(), 200u);
  for (std::size_t k = 0; k < sink.bins.size(); ++k) {
    const double tc = sink.bins[k].t;
    const std::size_t i = k / 4;  // Input interval [times[i], times[i + 1]].
    ASSERT_LE(times[i], tc);
    ASSERT_GE(times[i + 1], tc);
    const double w = (tc - times[i]) / (times[i + 1] - times[i]);
    const double expected = values[i] + w * (values[i + 1] - values[i]);
    EXPECT_NEAR(sink.bins[k].x, expected, 1e-6) << k;
    EXPECT_NEAR(sink.bins[k].z, 1.0f, 1e-6f);
  }
}

// A 48 Hz tone at 400 Hz aliases to 2 Hz at 50 Hz. The box-car gain there is
// sinc(0.96) = 0.0416 (and linear interpolation takes another 5 % off): >= 10x attenuation.
TEST(BoxcarResamplerTest, AttenuatesToneThatAliasesNearDc) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  for (int i = 0; i <= 400 * 4; ++i) {
    const double t = i / 400.0;
    r.Push(t, static_cast<float>(std::sin(2 * kPi * 48.0 * t + 0.3)), 0.0f, 0.0f, sink);
  }
  ASSERT_EQ(sink.bins.size(), 200u);
  float peak = 0.0f;
  for (const Bin& b : sink.bins) peak = std::max(peak, std::abs(b.x));
  EXPECT_LT(peak, 0.1f);
  EXPECT_LT(peak, Sinc(48.0, 0.02) * 1.05);
  EXPECT_GT(peak, 0.02f);  // Attenuated, not lost: the box-car is no brick wall.
  // A tone exactly at the output rate is nulled.
  BoxcarResampler r50;
  ASSERT_TRUE(r50.Init(50.0));
  Collector sink50;
  for (int i = 0; i <= 400 * 4; ++i) {
    const double t = i / 400.0;
    r50.Push(t, static_cast<float>(std::sin(2 * kPi * 50.0 * t + 0.3)), 0.0f, 0.0f, sink50);
  }
  for (const Bin& b : sink50.bins) EXPECT_NEAR(b.x, 0.0f, 1e-5f);
}

TEST(BoxcarResamplerTest, JitteredTimestampsFollowTheTrueSignal) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> jitter(-0.001, 0.001);  // +-1 ms on a 2.5 ms grid.
  const double f = 1.5;
  Collector sink;
  double previous = -1.0;
  for (int i = 0; i <= 400 * 6; ++i) {
    const double t = 100.0 + i / 400.0 + (i == 0 ? 0.0 : jitter(rng));
    ASSERT_GT(t, previous);
    previous = t;
    r.Push(t, static_cast<float>(std::sin(2 * kPi * f * t)), 0.0f, 0.0f, sink);
  }
  ASSERT_GE(sink.bins.size(), 299u);
  const double gain = Sinc(f, 0.02);
  for (const Bin& b : sink.bins) EXPECT_NEAR(b.x, gain * std::sin(2 * kPi * f * b.t), 5e-4);
}

TEST(BoxcarResamplerTest, RepeatedAndBackwardTimestampsAreIgnored) {
  BoxcarResampler clean, dirty;
  ASSERT_TRUE(clean.Init(50.0));
  ASSERT_TRUE(dirty.Init(50.0));
  Collector clean_sink, dirty_sink;
  for (int i = 0; i < 400; ++i) {
    const double t = i * 0.0037;
    const float v = static_cast<float>(std::sin(3.0 * t));
    clean.Push(t, v, v, v, clean_sink);
    dirty.Push(t, v, v, v, dirty_sink);
    if (i % 10 == 5) {
      EXPECT_EQ(dirty.Push(t, 100.0f, 100.0f, 100.0f, dirty_sink), 0);       // Repeated.
      EXPECT_EQ(dirty.Push(t - 0.001, -100.0f, 0.0f, 0.0f, dirty_sink), 0);  // Backwards.
      EXPECT_EQ(dirty.Push(std::numeric_limits<double>::quiet_NaN(), 1, 1, 1, dirty_sink), 0);
    }
  }
  ASSERT_EQ(clean_sink.bins.size(), dirty_sink.bins.size());
  for (std::size_t k = 0; k < clean_sink.bins.size(); ++k) {
    EXPECT_EQ(clean_sink.bins[k].t, dirty_sink.bins[k].t);
    EXPECT_EQ(clean_sink.bins[k].x, dirty_sink.bins[k].x);
  }
}

TEST(BoxcarResamplerTest, NumberOfOutputsForAKnownSpan) {
  // 400 Hz over [0, 1] s at 50 Hz: bin k closes when t >= (k + 1) / 50, so the sample at
  // t = 1.0 closes bin 49 and the span yields exactly 50 bins, one per 8 input samples.
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  int total = 0;
  for (int i = 0; i <= 400; ++i) {
    const int emitted = r.Push(i / 400.0, 1, 2, 3, sink);
    EXPECT_EQ(emitted, (i > 0 && i % 8 == 0) ? 1 : 0) << i;
    total += emitted;
  }
  EXPECT_EQ(total, 50);
  EXPECT_EQ(sink.bins.size(), 50u);
  EXPECT_DOUBLE_EQ(sink.bins.back().t, 0.99);

  // Stopping just short of 1.0 leaves bin 49 open.
  BoxcarResampler short_span;
  ASSERT_TRUE(short_span.Init(50.0));
  Collector short_sink;
  for (int i = 0; i < 400; ++i) short_span.Push(i / 400.0, 1, 2, 3, short_sink);
  short_span.Push(0.9999, 1, 2, 3, short_sink);
  EXPECT_EQ(short_sink.bins.size(), 49u);

  // 10 s of 100 Hz input to 25 Hz: 250 bins.
  BoxcarResampler quarter;
  ASSERT_TRUE(quarter.Init(25.0));
  Collector quarter_sink;
  for (int i = 0; i <= 1000; ++i) quarter.Push(5.0 + i / 100.0, 0, 0, 0, quarter_sink);
  EXPECT_EQ(quarter_sink.bins.size(), 250u);
}

TEST(BoxcarResamplerTest, GapIsBridgedByInterpolation) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  r.Push(0.0, 0.0f, 0.0f, 0.0f, sink);
  EXPECT_EQ(r.Push(1.0, 50.0f, 0.0f, 0.0f, sink), 50);
  for (std::size_t k = 0; k < sink.bins.size(); ++k) {
    EXPECT_NEAR(sink.bins[k].x, 50.0 * sink.bins[k].t, 1e-5);
  }
}

TEST(BoxcarResamplerTest, ResetStartsANewOrigin) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  Collector sink;
  for (int i = 0; i <= 100; ++i) r.Push(i / 400.0, 5.0f, 5.0f, 5.0f, sink);
  ASSERT_EQ(sink.bins.size(), 12u);
  r.Reset();
  EXPECT_DOUBLE_EQ(r.output_period_seconds(), 0.02);
  sink.bins.clear();
  EXPECT_EQ(r.Push(7.003, 1.0f, 1.0f, 1.0f, sink), 0);  // New origin, earlier values forgotten.
  EXPECT_EQ(r.Push(7.043, 1.0f, 1.0f, 1.0f, sink), 2);
  ASSERT_EQ(sink.bins.size(), 2u);
  EXPECT_NEAR(sink.bins[0].t, 7.013, 1e-12);
  EXPECT_NEAR(sink.bins[1].t, 7.033, 1e-12);
  EXPECT_NEAR(sink.bins[0].x, 1.0f, 1e-6f);
  // Reset also accepts times earlier than the forgotten stream.
  r.Reset();
  EXPECT_EQ(r.Push(1.0, 2.0f, 2.0f, 2.0f, sink), 0);
  EXPECT_EQ(r.Push(1.02, 2.0f, 2.0f, 2.0f, sink), 1);
}

TEST(BoxcarResamplerTest, PushDoesNotAllocate) {
  BoxcarResampler r;
  ASSERT_TRUE(r.Init(50.0));
  std::array<float, 64> out{};
  int n = 0;
  auto sink = [&](double, float x, float, float) { out[static_cast<std::size_t>(n++ % 64)] = x; };
  minsense::testing::ScopedAllocationCounter counter;
  for (int i = 0; i < 4000; ++i) {
    r.Push(i * 0.0025, static_cast<float>(i % 17), 0.0f, 0.0f, sink);
  }
  r.Reset();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(n, 499);
}

// PlainBoxcarResampler is the plain reference of BoxcarResampler::Push: every push
// interpolates both ends of its piece (one division per push), as first written. The resampler
// skips that for pushes that end no bin and takes the piece's end value as it is, which differs
// from the interpolated end only by the rounding of (t1 - t0) / (t1 - t0), ~1e-16 relative.
class PlainBoxcarResampler {
 public:
  explicit PlainBoxcarResampler(double rate_hz) : rate_hz_(rate_hz) {}

  template <typename Sink>
  int Push(double t_seconds, float x, float y, float z, Sink&& sink) {
    const std::array<double, 3> value = {x, y, z};
    if (!has_previous_) {
      has_previous_ = true;
      origin_ = t_seconds;
      previous_t_ = t_seconds;
      previous_value_ = value;
      return 0;
    }
    if (!(t_seconds > previous_t_)) return 0;
    const double t0 = previous_t_;
    const double inv_dt = 1.0 / (t_seconds - t0);
    auto lerp = [&](std::size_t c, double t) {
      return previous_value_[c] + (value[c] - previous_value_[c]) * ((t - t0) * inv_dt);
    };
    int emitted = 0;
    double start = t0;
    double end = origin_ + static_cast<double>(bin_ + 1) / rate_hz_;
    while (end <= t_seconds) {
      std::array<float, 3> mean{};
      for (std::size_t c = 0; c < 3; ++c) {
        partial_[c] += (end - start) * 0.5 * (lerp(c, start) + lerp(c, end));
        mean[c] = static_cast<float>(partial_[c] * rate_hz_);
        partial_[c] = 0.0;
      }
      sink(origin_ + (static_cast<double>(bin_) + 0.5) / rate_hz_, mean[0], mean[1], mean[2]);
      ++emitted;
      ++bin_;
      start = end;
      end = origin_ + static_cast<double>(bin_ + 1) / rate_hz_;
    }
    for (std::size_t c = 0; c < 3; ++c) {
      partial_[c] += (t_seconds - start) * 0.5 * (lerp(c, start) + lerp(c, t_seconds));
    }
    previous_t_ = t_seconds;
    previous_value_ = value;
    return emitted;
  }

 private:
  double rate_hz_;
  bool has_previous_ = false;
  double origin_ = 0.0;
  int64_t bin_ = 0;
  double previous_t_ = 0.0;
  std::array<double, 3> previous_value_{};
  std::array<double, 3> partial_{};
};

// The resampler against the plain reference on jittered accelerometer-like streams at the
// phone rates the pipeline sees: the same bins at the same times, values within one float
// rounding, and in practice (double sums cast to float) almost all bit-identical.
TEST(BoxcarResamplerTest, MatchesPlainReferenceOnJitteredStreams) {
  for (const double input_hz : {12.5, 25.0, 50.0, 99.9, 100.0, 200.0, 400.0}) {
    std::mt19937 rng(83);
    std::uniform_real_distribution<double> jitter(-0.2, 0.2);
    std::normal_distribution<float> noise(0.0f, 0.5f);
    BoxcarResampler resampler;
    ASSERT_TRUE(resampler.Init(50.0));
    PlainBoxcarResampler plain(50.0);
    Collector got;
    Collector expected;
    double t = 1.0e3;  // An offset origin, as with epoch-like clocks.
    for (int i = 0; i < static_cast<int>(120 * input_hz); ++i) {
      const double phase = 2.0 * kPi * 1.8 * t;
      const float x = static_cast<float>(3.0 * std::sin(phase)) + noise(rng);
      const float y = static_cast<float>(1.5 * std::cos(0.5 * phase)) + noise(rng);
      const float z = 9.81f + static_cast<float>(2.0 * std::sin(phase + 0.4)) + noise(rng);
      EXPECT_EQ(resampler.Push(t, x, y, z, got), plain.Push(t, x, y, z, expected));
      t += (1.0 + jitter(rng)) / input_hz;
    }
    ASSERT_EQ(got.bins.size(), expected.bins.size());
    std::size_t identical = 0;
    for (std::size_t k = 0; k < got.bins.size(); ++k) {
      const Bin& a = got.bins[k];
      const Bin& b = expected.bins[k];
      ASSERT_EQ(a.t, b.t) << "bin " << k;
      EXPECT_NEAR(a.x, b.x, 1.2e-7f * std::fabs(b.x) + 1e-12f) << "bin " << k;
      EXPECT_NEAR(a.y, b.y, 1.2e-7f * std::fabs(b.y) + 1e-12f) << "bin " << k;
      EXPECT_NEAR(a.z, b.z, 1.2e-7f * std::fabs(b.z) + 1e-12f) << "bin " << k;
      if (a.x == b.x && a.y == b.y && a.z == b.z) ++identical;
    }
    EXPECT_GE(identical, got.bins.size() * 99 / 100) << input_hz << " Hz";
  }
}

// BitsOf is a bin as its bits, for exact comparisons that also tell -0 from +0 and NaNs apart.
std::array<uint64_t, 4> BitsOf(const Bin& b) {
  return {std::bit_cast<uint64_t>(b.t), std::bit_cast<uint32_t>(b.x), std::bit_cast<uint32_t>(b.y),
          std::bit_cast<uint32_t>(b.z)};
}

// ExpectSameBins: `got` holds the bins of `expected`, bit for bit, in the same order.
void ExpectSameBins(const Collector& got, const Collector& expected) {
  ASSERT_EQ(got.bins.size(), expected.bins.size());
  for (std::size_t k = 0; k < got.bins.size(); ++k) {
    ASSERT_EQ(BitsOf(got.bins[k]), BitsOf(expected.bins[k])) << "bin " << k;
  }
}

// PushRun is n calls of Push: the same bins bit for bit, each sample fetched right before it
// is pushed (its bins come after its fetch and before the next one), whatever the run lengths,
// from a fresh resampler (the first run starts the stream) and with samples Push ignores
// (repeated, backward and non-finite times) inside the runs.
TEST(BoxcarResamplerTest, PushRunIsPushSampleBySample) {
  for (const double input_hz : {12.5, 50.0, 99.9, 400.0}) {
    std::mt19937 rng(29);
    std::uniform_real_distribution<double> jitter(-0.3, 0.3);
    std::normal_distribution<float> noise(0.0f, 2.0f);
    std::uniform_int_distribution<int> pick(0, 99);
    std::vector<BoxcarResampler::Input> input;
    double t = 5.0e2;
    for (int i = 0; i < static_cast<int>(60 * input_hz); ++i) {
      BoxcarResampler::Input in{t, noise(rng), noise(rng), 9.81f + noise(rng)};
      const int event = pick(rng);
      if (event == 0 && !input.empty()) in.t_seconds = input.back().t_seconds;  // Repeated.
      if (event == 1) in.t_seconds = t - 0.3;                                   // Backward.
      if (event == 2) in.t_seconds = std::numeric_limits<double>::quiet_NaN();
      if (event == 3) t += 0.7;  // A gap, bridged.
      input.push_back(in);
      t += (1.0 + jitter(rng)) / input_hz;
    }
    // Events: 'f' for a fetch, 'b' for a bin, in call order; the bins themselves apart.
    std::string expected_order;
    Collector expected;
    BoxcarResampler one;
    ASSERT_TRUE(one.Init(50.0));
    int expected_emitted = 0;
    for (const BoxcarResampler::Input& in : input) {
      expected_order += 'f';
      expected_emitted +=
          one.Push(in.t_seconds, in.x, in.y, in.z, [&](double bt, float x, float y, float z) {
            expected_order += 'b';
            expected(bt, x, y, z);
          });
    }
    for (const std::size_t run :
         {std::size_t{1}, std::size_t{3}, std::size_t{16}, std::size_t{128}, input.size()}) {
      SCOPED_TRACE(std::to_string(input_hz) + " Hz, runs of " + std::to_string(run));
      std::string order;
      Collector got;
      BoxcarResampler batched;
      ASSERT_TRUE(batched.Init(50.0));
      int emitted = 0;
      for (std::size_t start = 0; start < input.size(); start += run) {
        const std::size_t n = std::min(run, input.size() - start);
        emitted += batched.PushRun(
            n,
            [&](std::size_t k) {
              order += 'f';
              return input[start + k];
            },
            [&](double bt, float x, float y, float z) {
              order += 'b';
              got(bt, x, y, z);
            });
      }
      EXPECT_EQ(emitted, expected_emitted);
      EXPECT_EQ(order, expected_order);
      ExpectSameBins(got, expected);
      if (::testing::Test::HasFatalFailure()) return;
      // The state left behind is the same too: one more sample gives the same bins.
      Collector next_got;
      Collector next_expected;
      BoxcarResampler one_after = one;
      const double t_next = input.back().t_seconds + 1.0;
      batched.Push(t_next, 1.0f, 2.0f, 3.0f, next_got);
      one_after.Push(t_next, 1.0f, 2.0f, 3.0f, next_expected);
      ASSERT_FALSE(next_expected.bins.empty());
      ExpectSameBins(next_got, next_expected);
    }
  }
}

// PushRunIncreasing (SSE2 on x86-64), PushRunIncreasingPortable, and PushIncreasing a sample at
// a time (without the samples at or before the last one, as the ingest guard drops them), on
// runs whose times are finite and strictly increasing, as the ingest guard's runs are: the same
// fetches and bins, in the same order, bit for bit, as PushRunPortable, and the same state
// afterwards, decimating and upsampling, with extreme, signed-zero and subnormal values and
// bridged gaps; some runs start with samples at or before the resampler's previous sample
// (ignored, as Push ignores them).
TEST(BoxcarResamplerTest, PushRunIncreasingIsPushRunOnIncreasingRuns) {
  struct Case {
    double input_hz;
    double output_hz;
    double origin;
  };
  const Case cases[] = {{99.9, 50.0, 0.0},   {100.0, 50.0, 1.6e9}, {400.0, 50.0, 3.3e3},
                        {12.5, 50.0, 1.0e3}, {5.0, 200.0, 0.1},    {50.0, 20.0, -7.25}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.input_hz) + " Hz to " + std::to_string(c.output_hz) + " Hz");
    std::mt19937 rng(202);
    std::uniform_real_distribution<double> jitter(-0.45, 0.45);
    std::normal_distribution<float> noise(0.0f, 3.0f);
    std::uniform_int_distribution<int> pick(0, 99);
    // Runs: each strictly increasing; a run may start up to 0.05 s before the previous run's
    // last sample (those samples are at or before the resampler's previous time).
    std::vector<std::vector<BoxcarResampler::Input>> runs;
    std::uniform_int_distribution<int> run_length(1, 140);
    double t = c.origin;
    const int total = static_cast<int>(std::min(40.0, 4.0e4 / c.output_hz) * c.input_hz);
    for (int i = 0; i < total;) {
      std::vector<BoxcarResampler::Input> run;
      double rt = t;
      if (!runs.empty() && pick(rng) < 20) rt = t - 0.05;  // Starts in the past.
      const int n = run_length(rng);
      for (int k = 0; k < n; ++k, ++i) {
        BoxcarResampler::Input in{rt, noise(rng), noise(rng), 9.81f + noise(rng)};
        switch (pick(rng)) {
          case 0:
            in.x = -0.0f;
            in.y = 0.0f;
            break;
          case 1:
            in.y = 3.0e38f;
            in.z = -3.0e38f;
            break;
          case 2:
            in.x = 1.0e-40f;  // Subnormal.
            break;
          case 3:
            rt += 1.3;  // A gap, bridged.
            in.t_seconds = rt;
            break;
          default:
            break;
        }
        run.push_back(in);
        rt += (1.0 + jitter(rng)) / c.input_hz;
      }
      t = std::max(t, rt);
      runs.push_back(std::move(run));
    }
    auto replay = [&](int mode, std::string& order, Collector& out) {
      BoxcarResampler r;
      EXPECT_TRUE(r.Init(c.output_hz));
      int emitted = 0;
      bool pushed_any = false;
      double last_pushed = 0;
      for (const std::vector<BoxcarResampler::Input>& run : runs) {
        auto fetch = [&](std::size_t k) {
          order += 'f';
          return run[k];
        };
        auto sink = [&](double bt, float x, float y, float z) {
          order += 'b';
          out(bt, x, y, z);
        };
        if (mode == 0) {
          emitted += r.PushRunPortable(run.size(), fetch, sink);
        } else if (mode == 3) {
          // One sample at a time, without those at or before the last one pushed, as the
          // ingest guard drops them.
          for (std::size_t k = 0; k < run.size(); ++k) {
            const BoxcarResampler::Input in = fetch(k);
            if (pushed_any && !(in.t_seconds > last_pushed)) continue;
            emitted += r.PushIncreasing(in.t_seconds, in.x, in.y, in.z, sink);
            pushed_any = true;
            last_pushed = in.t_seconds;
          }
        } else if (mode == 1) {
          emitted += r.PushRunIncreasing(run.size(), fetch, sink);
        } else {
          emitted += r.PushRunIncreasingPortable(run.size(), fetch, sink);
        }
      }
      // The state left behind: more samples through the portable kernel.
      const BoxcarResampler::Input more[] = {{t + 0.37, 1.0f, -2.0f, 3.0f},
                                             {t + 0.87, -4.0f, 5.0f, -6.0f}};
      emitted += r.PushRunPortable(
          2, [&](std::size_t k) { return more[k]; }, out);
      return emitted;
    };
    std::string reference_order;
    Collector reference;
    const int reference_emitted = replay(0, reference_order, reference);
    ASSERT_GT(reference.bins.size(), 100u);
    for (const int mode : {1, 2, 3}) {
      SCOPED_TRACE(mode == 1   ? "PushRunIncreasing"
                   : mode == 2 ? "PushRunIncreasingPortable"
                               : "PushIncreasing");
      std::string order;
      Collector got;
      EXPECT_EQ(replay(mode, order, got), reference_emitted);
      EXPECT_EQ(order, reference_order);
      ExpectSameBins(got, reference);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

// PushRun's SSE2 path (x86-64; elsewhere PushRun is the portable code) and Push against
// PushRunPortable, the plain scalar kernel: the same bins bit for bit and the same state
// afterwards, decimating and upsampling (several bins in one piece), at several output rates
// and clock origins, with extreme, signed-zero and subnormal values, gaps, and samples that
// are ignored (repeated, backward, non-finite times).
TEST(BoxcarResamplerTest, PushRunMatchesPortableKernelBitForBit) {
  struct Case {
    double input_hz;
    double output_hz;
    double origin;
  };
  const Case cases[] = {{99.9, 50.0, 0.0},    {100.0, 50.0, 1.6e9}, {400.0, 50.0, 3.3e3},
                        {200.0, 33.3, -7.25}, {12.5, 50.0, 1.0e3},  {5.0, 200.0, 0.1},
                        {49.7, 50.0, 1.6e9},  {50.0, 20.0, 0.0},    {1000.0, 10000.0, 2.5}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.input_hz) + " Hz to " + std::to_string(c.output_hz) + " Hz");
    std::mt19937 rng(101);
    std::uniform_real_distribution<double> jitter(-0.45, 0.45);
    std::normal_distribution<float> noise(0.0f, 3.0f);
    std::uniform_int_distribution<int> pick(0, 199);
    std::vector<BoxcarResampler::Input> input;
    double t = c.origin;
    const double seconds = std::min(40.0, 4.0e4 / c.output_hz);  // At most 40,000 bins.
    for (int i = 0; i < static_cast<int>(seconds * c.input_hz); ++i) {
      BoxcarResampler::Input in{t, noise(rng), noise(rng), 9.81f + noise(rng)};
      switch (pick(rng)) {
        case 0:
          in.x = -0.0f;
          in.y = 0.0f;
          break;
        case 1:
          in.y = 3.0e38f;
          in.z = -3.0e38f;
          break;
        case 2:
          in.x = 1.0e-40f;  // Subnormal.
          in.z = -1.0e-45f;
          break;
        case 3:
          if (!input.empty()) in.t_seconds = input.back().t_seconds;  // Repeated.
          break;
        case 4:
          in.t_seconds = t - 0.2;  // Backward.
          break;
        case 5:
          in.t_seconds = std::numeric_limits<double>::infinity();
          break;
        case 6:
          t += 1.3;  // A gap, bridged.
          in.t_seconds = t;
          break;
        default:
          break;
      }
      input.push_back(in);
      t += (1.0 + jitter(rng)) / c.input_hz;
    }
    // A stretch of constant zeros (signed zeros in the sums).
    for (int i = 0; i < 50; ++i) {
      input.push_back({t, -0.0f, -0.0f, 0.0f});
      t += 1.0 / c.input_hz;
    }

    auto run = [&](int mode, std::size_t run_length, Collector& out) {
      BoxcarResampler r;
      EXPECT_TRUE(r.Init(c.output_hz));
      int emitted = 0;
      for (std::size_t start = 0; start < input.size(); start += run_length) {
        const std::size_t n = std::min(run_length, input.size() - start);
        auto fetch = [&](std::size_t k) { return input[start + k]; };
        if (mode == 0) {
          emitted += r.PushRunPortable(n, fetch, out);
        } else if (mode == 1) {
          emitted += r.PushRun(n, fetch, out);
        } else {
          for (std::size_t k = 0; k < n; ++k) {
            const BoxcarResampler::Input in = fetch(k);
            emitted += r.Push(in.t_seconds, in.x, in.y, in.z, out);
          }
        }
      }
      // The state left behind: more samples through the portable kernel.
      const double t_next = t + 0.37;
      const BoxcarResampler::Input more[] = {{t_next, 1.0f, -2.0f, 3.0f},
                                             {t_next + 0.5, -4.0f, 5.0f, -6.0f}};
      emitted += r.PushRunPortable(
          2, [&](std::size_t k) { return more[k]; }, out);
      return emitted;
    };
    Collector reference;
    const int reference_emitted = run(0, input.size(), reference);
    ASSERT_GT(reference.bins.size(), 100u);
    for (const int mode : {1, 2}) {
      for (const std::size_t run_length :
           {std::size_t{1}, std::size_t{7}, std::size_t{128}, input.size()}) {
        SCOPED_TRACE((mode == 1 ? "PushRun, runs of " : "Push, chunks of ") +
                     std::to_string(run_length));
        Collector got;
        EXPECT_EQ(run(mode, run_length, got), reference_emitted);
        ExpectSameBins(got, reference);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

}  // namespace
}  // namespace minsense::kernels
