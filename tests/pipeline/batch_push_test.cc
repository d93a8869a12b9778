// batch_push_test.cc: PushAccel(std::span) against the per-sample PushAccel, its reference.
//
// The span overload queues internal-rate samples and processes them in small batches
// (MotionAnalyzer::PushBatched). It must give exactly what pushing the same samples one at a
// time gives: every window report bit for bit, reported at the same point of the stream
// (checked through the ledger the observer sees), the same messages and the same ledger,
// whatever the batch boundaries, input rate, gaps, rejected samples and window options, and when
// spans and single samples are pushed in turn.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "pipeline/ingest_guard.h"
#include "pipeline/pipeline.h"

namespace minsense {
namespace {

// Walk-like input with jittered times, at rate_hz for `seconds`, starting at t0.
std::vector<AccelSample> Walk(double t0, double seconds, double rate_hz, double spm,
                              uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::uniform_real_distribution<double> jitter(-0.2, 0.2);
  std::vector<AccelSample> out;
  const double step_hz = spm / 60.0;
  for (int i = 0; i < static_cast<int>(seconds * rate_hz); ++i) {
    const double t = (i + jitter(rng)) / rate_hz;
    const double phase = 2 * std::numbers::pi * step_hz * t;
    const auto bounce = static_cast<float>(3.0 * std::sin(phase) + 0.8 * std::sin(phase / 2));
    out.push_back({t0 + t, static_cast<float>(std::sin(phase / 2)) + noise(rng), noise(rng),
                   9.81f + bounce + noise(rng)});
  }
  return out;
}

// A stream with everything the ingest guard and the analysis restart on: several rates,
// gaps, non-finite, out-of-range, repeated and out-of-order samples, and a frozen sensor.
std::vector<AccelSample> MixedStream(double rate_hz, uint32_t seed) {
  std::vector<AccelSample> s = Walk(0, 40, rate_hz, 110, seed);
  const double t1 = s.back().t_seconds + 3.0;  // A gap: the analysis restarts.
  std::vector<AccelSample> more = Walk(t1, 30, rate_hz * 1.7, 150, seed + 1);
  s.insert(s.end(), more.begin(), more.end());
  std::mt19937 rng(seed + 2);
  std::uniform_int_distribution<size_t> where(1, s.size() - 2);
  for (int k = 0; k < 40; ++k) {
    const size_t i = where(rng);
    switch (k % 4) {
      case 0:
        s[i].x_mps2 = std::numeric_limits<float>::quiet_NaN();
        break;
      case 1:
        s[i].z_mps2 = 1e6f;
        break;
      case 2:
        s[i].t_seconds = s[i - 1].t_seconds;  // Repeated timestamp.
        break;
      default:
        s[i].t_seconds = s[i - 1].t_seconds - 0.5;  // Out of order.
        break;
    }
  }
  // A frozen sensor for 3 s (rejected after 2 s, which opens a gap), then walking again.
  const double t2 = s.back().t_seconds;
  for (int i = 1; i <= static_cast<int>(3 * rate_hz); ++i) {
    s.push_back({t2 + i / rate_hz, 0.1f, 0.2f, 9.8f});
  }
  std::vector<AccelSample> last = Walk(s.back().t_seconds + 0.01, 20, rate_hz, 95, seed + 3);
  s.insert(s.end(), last.begin(), last.end());
  // Wild times years ahead (rejected, the clock stays), then the stream jumps two days ahead
  // for real (the guard follows it after IngestGuard::kResyncSamples samples).
  for (int k = 1; k <= 3; ++k) s[s.size() - static_cast<size_t>(k) * 97].t_seconds += 3.0e8;
  std::vector<AccelSample> later =
      Walk(s.back().t_seconds + 2 * 86400.0, 12, rate_hz, 120, seed + 4);
  s.insert(s.end(), later.begin(), later.end());
  return s;
}

std::string Bits(float v) { return std::to_string(std::bit_cast<uint32_t>(v)) + ","; }
std::string Bits(double v) { return std::to_string(std::bit_cast<uint64_t>(v)) + ","; }

// Every field of a window report, bit for bit, and the ledger counts when it was reported.
std::string Describe(const WindowReport& r, const Ledger& l) {
  const WindowFeatures& f = r.features;
  std::string out = Bits(r.t_end_seconds) + std::to_string(r.raw_activity) + "," +
                    std::to_string(r.activity) + "," + std::to_string(r.confidence) + "," +
                    std::to_string(r.stepping) + "," + Bits(r.cadence_spm) + Bits(r.periodicity) +
                    Bits(r.dynamic_rms_mps2) + Bits(r.magnitude_std_mps2) +
                    std::to_string(r.cadence_valid) + "," + Bits(r.raw_cadence_spm) +
                    std::to_string(r.from_gps) + "," + std::to_string(r.accel_activity) + "|";
  out += Bits(f.t_end_seconds) + Bits(f.magnitude_mean_mps2) + Bits(f.magnitude_std_mps2) +
         Bits(f.gait_rms_mps2) + std::to_string(f.cadence_valid) + "," + Bits(f.cadence_spm) +
         Bits(f.periodicity) + Bits(f.stride_periodicity) + Bits(f.step_lag_periodicity) +
         Bits(f.orientation_change_mps2) + Bits(f.jerk_rms_mps3) + Bits(f.magnitude_kurtosis) +
         Bits(f.magnitude_min_mps2) + Bits(f.magnitude_max_mps2) + "|";
  out += std::to_string(l.samples_in) + "," + std::to_string(l.samples_accepted) + "," +
         Bits(l.seconds_accepted) + std::to_string(l.windows) + "," + std::to_string(l.steps);
  return out;
}

struct Run {
  std::vector<std::string> windows;
  std::vector<std::string> messages;
  std::string ledger;
};

// How RunStream pushes each chunk: one PushAccel(const AccelSample&) a sample, one span, or
// the two in turn (chunk 0 sample by sample, chunk 1 as a span, ...), as an app may when it
// takes both single sensor events and batches.
enum class PushMode { kPerSample, kSpan, kAlternating };

// RunStream pushes `samples` in chunks of `batch` (see PushMode) and polls the messages after
// each chunk.
Run RunStream(const v1::PipelineOptions& options, const std::vector<AccelSample>& samples,
              size_t batch, PushMode mode) {
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = Pipeline::Create(options, policy);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  std::unique_ptr<Pipeline> p = std::move(created).value();
  Run run;
  Pipeline* raw = p.get();
  p->SetWindowObserver(
      [&run, raw](const WindowReport& r) { run.windows.push_back(Describe(r, raw->ledger())); });
  v1::ActivityUpdate u;
  const std::span<const AccelSample> all(samples);
  for (size_t start = 0, chunk_index = 0; start < all.size(); start += batch, ++chunk_index) {
    const std::span<const AccelSample> chunk =
        all.subspan(start, std::min(batch, all.size() - start));
    const bool per_sample =
        mode == PushMode::kPerSample || (mode == PushMode::kAlternating && chunk_index % 2 == 0);
    if (per_sample) {
      for (const AccelSample& s : chunk) p->PushAccel(s);
    } else {
      p->PushAccel(chunk);
    }
    while (p->Poll(&u)) run.messages.push_back(u.SerializeAsString());
  }
  const Ledger& l = p->ledger();
  run.ledger = std::to_string(l.samples_in) + "," + std::to_string(l.samples_accepted) + "," +
               Bits(l.seconds_accepted) + std::to_string(l.rejected_total()) + "," +
               std::to_string(l.rejected[static_cast<int>(RejectReason::kImplausibleTime)]) + "," +
               std::to_string(l.rejected[static_cast<int>(RejectReason::kOutOfOrder)]) + "," +
               std::to_string(l.gap_resets) + "," + std::to_string(l.windows) + "," +
               std::to_string(l.steps) + "," + std::to_string(l.raw_wipes) + "," +
               std::to_string(l.raw_bytes_wiped) + "," + std::to_string(l.messages_out) + "," +
               std::to_string(l.messages_dropped);
  return run;
}

void ExpectSameAsPerSample(const v1::PipelineOptions& options,
                           const std::vector<AccelSample>& samples) {
  for (size_t batch : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{16}, size_t{33},
                       size_t{128}, size_t{1000}, samples.size()}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const Run reference = RunStream(options, samples, batch, PushMode::kPerSample);
    ASSERT_GT(reference.windows.size(), 10u);
    for (PushMode mode : {PushMode::kSpan, PushMode::kAlternating}) {
      SCOPED_TRACE(mode == PushMode::kSpan ? "spans" : "spans and single samples in turn");
      const Run batched = RunStream(options, samples, batch, mode);
      ASSERT_EQ(batched.windows.size(), reference.windows.size());
      for (size_t i = 0; i < reference.windows.size(); ++i) {
        ASSERT_EQ(batched.windows[i], reference.windows[i]) << "window " << i;
      }
      EXPECT_EQ(batched.messages, reference.messages);
      EXPECT_EQ(batched.ledger, reference.ledger);
    }
  }
}

// The mixed stream reaches the wild-time rules: its three wild samples and the samples before
// the guard follows the two-day jump are rejected as implausible times.
TEST(BatchPushTest, MixedStreamHasImplausibleTimes) {
  auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy())).value();
  p->PushAccel(MixedStream(100.0, 800));
  EXPECT_EQ(p->ledger().rejected[static_cast<int>(RejectReason::kImplausibleTime)],
            3u + IngestGuard::kResyncSamples - 1);
}

TEST(BatchPushTest, SameAsPerSampleAtEveryRate) {
  for (double rate : {12.5, 50.0, 100.0, 400.0}) {
    SCOPED_TRACE("rate " + std::to_string(rate));
    ExpectSameAsPerSample(DefaultPipelineOptions(),
                          MixedStream(rate, static_cast<uint32_t>(rate * 8)));
  }
}

TEST(BatchPushTest, SameAsPerSampleWhenTheHopDoesNotDivideTheWindow) {
  v1::PipelineOptions options = DefaultPipelineOptions();
  options.set_window_seconds(5);
  options.set_hop_seconds(1.5f);
  options.set_internal_rate_hz(40);
  ASSERT_TRUE(ValidatePipelineOptions(options).ok()) << ValidatePipelineOptions(options).ToString();
  ExpectSameAsPerSample(options, MixedStream(100.0, 11));
}

TEST(BatchPushTest, SameAsPerSampleWhenTheHopIsShort) {
  // The shortest hop (0.1 s, 5 internal samples): a window ends every few input samples, so
  // most batches end at a window rather than at the queue's size.
  v1::PipelineOptions options = DefaultPipelineOptions();
  options.set_window_seconds(4);
  options.set_hop_seconds(0.1f);
  ASSERT_TRUE(ValidatePipelineOptions(options).ok()) << ValidatePipelineOptions(options).ToString();
  ExpectSameAsPerSample(options, MixedStream(100.0, 12));
}

}  // namespace
}  // namespace minsense
