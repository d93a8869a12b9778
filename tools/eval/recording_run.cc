#include "tools/eval/recording_run.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>

#include "pipeline/accel_csv_reader.h"
#include "tools/zeroing_sample_buffer.h"

namespace minsense::eval {
namespace {

// kPollEverySamples: samples pushed between polls. At 2 Hz, far below any
// supported sensor, this is 64 s, 32 windows at the default hop: fewer than
// Pipeline::kMaxPendingMessages.
constexpr size_t kPollEverySamples = 128;

}  // namespace

StatusOr<std::vector<double>> ReadStepTimes(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot open " + path);
  std::string line;
  std::vector<double> steps;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1) {
      if (line != "t") return DataLossError(path + ": expected header t");
      continue;
    }
    if (line.empty()) continue;
    double t = 0;
    const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), t);
    if (ec != std::errc() || ptr != line.data() + line.size()) {
      return DataLossError(path + ":" + std::to_string(line_no) + ": not a time");
    }
    steps.push_back(t);
  }
  return steps;
}

StatusOr<RecordingRun> RunRecording(const std::string& corpus_dir, const ManifestEntry& entry,
                                    const RunConfig& config) {
  if (entry.accel_file.empty()) return InvalidArgumentError(entry.id + ": no accelerometer file");
  StatusOr<std::unique_ptr<AccelCsvReader>> reader = AccelCsvReader::Open(
      corpus_dir + "/" + entry.accel_file, AccelUnits::kMetersPerSecondSquared);
  if (!reader.ok()) return reader.status();
  StatusOr<std::unique_ptr<Pipeline>> created =
      config.model ? Pipeline::Create(config.options, config.policy, *config.model)
                   : Pipeline::Create(config.options, config.policy);
  if (!created.ok()) return created.status();
  Pipeline& pipeline = **created;

  RecordingRun run;
  run.windows.reserve(static_cast<size_t>(entry.duration_s / config.options.hop_seconds()) + 4);
  pipeline.SetWindowObserver([&run](const WindowReport& r) { run.windows.push_back(r); });

  tools::ZeroingSampleBuffer<AccelSample> buffer(4096);  // Wiped on every return.
  const std::span<AccelSample> batch = buffer.span();
  bool kept_any = false;
  double next_keep_t = 0;
  const double keep_period = config.decimate_to_hz > 0 ? 1.0 / config.decimate_to_hz : 0;
  v1::ActivityUpdate update;
  while (true) {
    StatusOr<size_t> n = (*reader)->ReadBatch(batch);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    std::span<const AccelSample> samples(batch.data(), *n);
    if (keep_period > 0) {
      size_t kept = 0;
      for (const AccelSample& s : samples) {
        // Keep the first sample at or after each tick of the slower grid.
        if (kept_any && s.t_seconds + 1e-9 < next_keep_t) continue;
        next_keep_t = kept_any ? next_keep_t + keep_period : s.t_seconds + keep_period;
        if (next_keep_t <= s.t_seconds) next_keep_t = s.t_seconds + keep_period;
        kept_any = true;
        batch[kept++] = s;
      }
      samples = std::span<const AccelSample>(batch.data(), kept);
    }
    // Poll at least every kPollEverySamples: the pipeline holds at most
    // Pipeline::kMaxPendingMessages messages, and with --emit window a slow
    // sensor fills that within one batch.
    for (size_t i = 0; i < samples.size(); i += kPollEverySamples) {
      pipeline.PushAccel(samples.subspan(i, std::min(kPollEverySamples, samples.size() - i)));
      while (pipeline.Poll(&update)) run.messages.push_back(update);
    }
  }
  buffer.Wipe();
  pipeline.CountSourceRead((*reader)->bytes_read(), (*reader)->malformed_rows());
  run.ledger = pipeline.ledger();

  if (!entry.steps_file.empty()) {
    StatusOr<std::vector<double>> steps = ReadStepTimes(corpus_dir + "/" + entry.steps_file);
    if (!steps.ok()) return steps.status();
    run.true_steps = std::move(steps).value();
  }
  return run;
}

}  // namespace minsense::eval
