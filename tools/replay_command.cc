#include "tools/replay_command.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"
#include "pipeline/accel_csv_reader.h"
#include "pipeline/accel_sample.h"
#include "pipeline/gps_csv_reader.h"
#include "pipeline/gps_fix.h"
#include "pipeline/ledger.h"
#include "pipeline/pipeline.h"
#include "pipeline/secure_zero.h"
#include "pipeline/status.h"
#include "tools/cli_status.h"
#include "tools/flags.h"
#include "tools/message_writer.h"
#include "tools/zeroing_sample_buffer.h"

namespace minsense::tools {
namespace {

constexpr std::string_view kErrorPrefix = "minsense replay";

// kBatchSamples: samples read and pushed at a time (96 KiB of raw data).
constexpr size_t kBatchSamples = 4096;

// The pipeline keeps at most Pipeline::kMaxPendingMessages (64) messages;
// with --emit window that is 64 windows, so the replay polls well within
// them whatever the sensor rate: after at most kMaxSecondsBetweenPolls of
// accelerometer stream time (33 windows at the 2 s hop) and after at most
// kMaxFixesBetweenPolls GPS fixes (each fix completes at most one GPS window).
constexpr double kMaxSecondsBetweenPolls = 64;
constexpr int kMaxFixesBetweenPolls = 32;
static_assert(kMaxFixesBetweenPolls < Pipeline::kMaxPendingMessages);

constexpr std::string_view kUnits[] = {"mps2", "g"};
constexpr std::string_view kSensors[] = {"location", "motion"};
constexpr std::string_view kEmitModes[] = {"window", "change"};
constexpr std::string_view kFormats[] = {"jsonl", "text", "binary"};

constexpr FlagSpec kReplayFlags[] = {
    {.name = "accel"},
    {.name = "accel-units", .allowed_values = kUnits},
    {.name = "gps"},
    {.name = "deny", .allowed_values = kSensors, .repeatable = true},
    {.name = "policy"},
    {.name = "emit", .allowed_values = kEmitModes},
    {.name = "format", .allowed_values = kFormats},
    {.name = "report"},
};

constexpr std::string_view kReplayUsage =
    R"(usage: minsense replay --accel FILE [--accel-units mps2|g] [--gps FILE]
       minsense replay --gps FILE [flags]
                       [--deny location|motion] [--policy FILE]
                       [--emit window|change] [--format jsonl|text|binary]
                       [--report FILE]

Replays a recorded accelerometer and/or GPS stream through the on-device
pipeline and prints, on stdout, the egress messages that would leave the
device.

  --accel FILE        accelerometer CSV: header t,x,y,z, t in seconds,
                      x,y,z in m/s^2 (this, --gps, or both)
  --accel-units U     unit of x,y,z in FILE: mps2 (default) or g
  --gps FILE          GPS CSV: header t,lat,lon[,alt_m][,accuracy_m], t in
                      seconds on the accelerometer's clock, WGS84 degrees.
                      With --accel, GPS speed refines the labels (cycling,
                      in vehicle); alone, GPS windows give the labels (no
                      cadence). No coordinate, speed or distance is ever
                      printed. With --deny location the file is not read
  --deny SENSOR       the user denied consent for SENSOR: location or motion
                      (repeatable). With motion denied the accelerometer file
                      is not read at all: nothing is printed and the ledger
                      counts 0 samples
  --policy FILE       egress policy: a minsense.v1.EgressPolicy in protobuf
                      text format; fields left out keep their defaults
  --emit MODE         change: a message when the label or the tempo bucket
                      changes, plus a rare heartbeat (the default);
                      window: a message for every analysis window.
                      Overrides the policy's emit_mode
  --format F          jsonl: one JSON message per line, .proto field names
                      (default); text: one line for a person per message;
                      binary: each message length-delimited (varint size,
                      then the serialized minsense.v1.ActivityUpdate)
  --report FILE       write the local ledger (what was read, rejected and
                      emitted) as JSON to FILE; '-' writes it to stderr
  -h, --help          show this help

Exit status: 0 on success; 2 for unusable arguments or unreadable input, with
a one-line reason on stderr; 1 when stdout cannot be written.
)";

// ErrnoSuffix is ": <reason>" for a failed file operation, or "" when the
// stream library left no errno behind.
std::string ErrnoSuffix(int error_number) {
  if (error_number == 0) return "";
  return ": " + std::generic_category().message(error_number);
}

// RedactValues replaces every word of `text` that starts like a number (a
// digit, '.', '+' or '-') by "<value>". The protobuf parser quotes the offending token ("Expected
// identifier, got: 0.981"); when a recording is passed as --policy by
// mistake, that token is a sample value, which must never reach stderr.
std::string RedactValues(std::string_view text) {
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '+';
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word(text[i])) {
      out += text[i++];
      continue;
    }
    const char first = text[i];
    auto digit_at = [&text](size_t k) {
      return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]));
    };
    const bool number =
        digit_at(i) ||
        ((first == '.' || first == '+' || first == '-') &&
         (digit_at(i + 1) || (i + 2 < text.size() && text[i + 1] == '.' && digit_at(i + 2))));
    size_t end = i;
    while (end < text.size() && is_word(text[end])) ++end;
    out += number ? std::string("<value>") : std::string(text.substr(i, end - i));
    i = end;
  }
  return out;
}

// FirstErrorCollector keeps the first text-format parse error, with any
// value in it redacted.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!error_.empty()) return;
    error_ =
        std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + RedactValues(message);
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

// LoadPolicy reads a text-format EgressPolicy from `path` and validates it.
StatusOr<v1::EgressPolicy> LoadPolicy(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return InvalidArgumentError("cannot read policy " + path + ": is a directory");
  }
  errno = 0;
  std::ifstream file(path, std::ios::binary);
  if (!file) return InvalidArgumentError("cannot read policy " + path + ErrnoSuffix(errno));
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) return InvalidArgumentError("cannot read policy " + path);

  v1::EgressPolicy policy;
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &policy)) {
    const std::string& reason =
        errors.error().empty() ? "not a text-format EgressPolicy" : errors.error();
    return InvalidArgumentError("bad policy " + path + ":" + reason);
  }
  Status valid = ValidateEgressPolicy(policy);
  if (!valid.ok()) return InvalidArgumentError("bad policy " + path + ": " + valid.message());
  return policy;
}

// Drain polls every pending message and writes it; a write failure sets
// *output_failed.
Status Drain(Pipeline& pipeline, MessageWriter& writer, bool* output_failed) {
  v1::ActivityUpdate update;
  while (pipeline.Poll(&update)) {
    Status written = writer.Write(update);
    if (!written.ok()) {
      *output_failed = true;
      return written;
    }
  }
  return Status::Ok();
}

// GpsFeed hands the fixes of a GPS file to the pipeline in time order with
// the accelerometer samples. Its batch buffer holds coordinates: Close()
// zeroes it.
class GpsFeed {
 public:
  explicit GpsFeed(std::unique_ptr<GpsCsvReader> reader) : reader_(std::move(reader)) {}
  ~GpsFeed() { Close(); }

  // PushUntil pushes every fix with t <= t_seconds (all when infinite),
  // calling `drain` (which polls and writes the messages) after every batch
  // read, so that a long GPS stretch never overflows the pending queue.
  template <typename Drain>
  Status PushUntil(double t_seconds, Pipeline& pipeline, Drain&& drain) {
    for (;;) {
      if (next_ == size_) {
        if (done_) return Status::Ok();
        if (size_ > 0) {
          Status drained = drain();
          if (!drained.ok()) return drained;
        }
        StatusOr<size_t> n = reader_->ReadBatch(batch_.span());
        if (!n.ok()) return n.status();
        next_ = 0;
        size_ = *n;
        if (size_ == 0) {
          done_ = true;
          return Status::Ok();
        }
      }
      // A non-finite time goes in at once: the guard counts it.
      const double t = batch_.span()[next_].t_seconds;
      if (t > t_seconds) return Status::Ok();
      pipeline.PushGps(batch_.span()[next_++]);
      if (++pushed_since_drain_ == kMaxFixesBetweenPolls) {
        pushed_since_drain_ = 0;
        Status drained = drain();
        if (!drained.ok()) return drained;
      }
    }
  }

  void Close(Pipeline* pipeline = nullptr) {
    if (reader_ == nullptr) return;
    if (pipeline != nullptr) {
      pipeline->CountGpsSourceRead(reader_->bytes_read(), reader_->malformed_rows());
    }
    reader_->Close();
    batch_.Wipe();
  }

 private:
  std::unique_ptr<GpsCsvReader> reader_;
  ZeroingSampleBuffer<GpsFix> batch_{256};
  size_t next_ = 0;
  size_t size_ = 0;
  bool done_ = false;
  int pushed_since_drain_ = 0;
};

// PushAccelDraining pushes `samples` in stretches of at most
// kMaxSecondsBetweenPolls of stream time, calling `drain` after each, so that
// no window waits beyond the pending queue whatever the sample rate. (Pushing
// a span in parts gives what pushing it whole gives.)
template <typename Drain>
Status PushAccelDraining(std::span<const AccelSample> samples, Pipeline& pipeline, Drain&& drain) {
  size_t start = 0;
  double stretch_t0 = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < samples.size(); ++i) {
    const double t = samples[i].t_seconds;
    if (!std::isfinite(t)) continue;  // Rejected by the guard: no window.
    if (std::isnan(stretch_t0)) {
      stretch_t0 = t;
    } else if (!(t - stretch_t0 <= kMaxSecondsBetweenPolls)) {
      pipeline.PushAccel(samples.subspan(start, i - start));
      Status drained = drain();
      if (!drained.ok()) return drained;
      start = i;
      stretch_t0 = t;
    }
  }
  pipeline.PushAccel(samples.subspan(start));
  return drain();
}

// ReplayGps replays a GPS file alone (no accelerometer).
Status ReplayGpsOnly(GpsFeed& feed, Pipeline& pipeline, MessageWriter& writer,
                     bool* output_failed) {
  auto drain = [&pipeline, &writer, output_failed]() {
    return Drain(pipeline, writer, output_failed);
  };
  Status pushed = feed.PushUntil(std::numeric_limits<double>::infinity(), pipeline, drain);
  if (!pushed.ok()) return pushed;
  Status drained = drain();
  if (!drained.ok()) return drained;
  feed.Close(&pipeline);
  pipeline.Finish();
  return Status::Ok();
}

// ReplayAccel reads `path` batch by batch into `pipeline`, writing every
// polled message with `writer`.
Status ReplayAccel(const std::string& path, AccelUnits units, Pipeline& pipeline,
                   MessageWriter& writer, bool* output_failed, GpsFeed* gps) {
  StatusOr<std::unique_ptr<AccelCsvReader>> opened = AccelCsvReader::Open(path, units);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();

  ZeroingSampleBuffer<AccelSample> batch(kBatchSamples);
  auto drain = [&pipeline, &writer, output_failed]() {
    return Drain(pipeline, writer, output_failed);
  };
  v1::ActivityUpdate update;
  for (;;) {
    StatusOr<size_t> read = reader->ReadBatch(batch.span());
    if (!read.ok()) return read.status();
    if (*read == 0) break;
    const std::span<const AccelSample> samples(batch.span().first(*read));
    if (gps == nullptr) {
      Status pushed = PushAccelDraining(samples, pipeline, drain);
      if (!pushed.ok()) return pushed;
    } else {
      // Interleave: the fixes up to each sample's time go in before it.
      size_t start = 0;
      for (size_t i = 0; i < samples.size(); ++i) {
        if (!std::isfinite(samples[i].t_seconds)) continue;
        Status pushed = PushAccelDraining(samples.subspan(start, i - start), pipeline, drain);
        if (!pushed.ok()) return pushed;
        start = i;
        pushed = gps->PushUntil(samples[i].t_seconds, pipeline, drain);
        if (!pushed.ok()) return pushed;
      }
      Status pushed = PushAccelDraining(samples.subspan(start), pipeline, drain);
      if (!pushed.ok()) return pushed;
    }
  }
  pipeline.CountSourceRead(reader->bytes_read(), reader->malformed_rows());
  if (gps != nullptr) {
    // Fixes after the last sample still count in the ledger (and drive no
    // window: the accelerometer was there).
    Status pushed = gps->PushUntil(std::numeric_limits<double>::infinity(), pipeline, drain);
    if (!pushed.ok()) return pushed;
    gps->Close(&pipeline);
    while (pipeline.Poll(&update)) {
      Status written = writer.Write(update);
      if (!written.ok()) {
        *output_failed = true;
        return written;
      }
    }
  }
  // End of the stream: every raw buffer is zeroed now, not only at exit, so
  // that the ledger (raw_wipes, raw_buffers_clear) can say so.
  reader->Close();
  batch.Wipe();
  pipeline.Finish();
  return Status::Ok();
}

// OpenReport opens the --report destination before any work, so that a bad
// path fails fast. Returns nullptr with `*error` set on failure.
std::unique_ptr<std::ofstream> OpenReport(const std::string& path, std::string* error) {
  errno = 0;
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    *error = "cannot write report " + path + ErrnoSuffix(errno);
    return nullptr;
  }
  return file;
}

}  // namespace

std::string_view ReplayUsage() { return kReplayUsage; }

int RunReplay(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
  return RunReplayForLedger(args, out, err, kErrorPrefix, nullptr);
}

int RunReplayForLedger(std::span<const std::string_view> args, std::ostream& out, std::ostream& err,
                       std::string_view error_prefix, Ledger* ledger) {
  auto fail = [&err, error_prefix](std::string_view reason) {
    return UsageError(err, error_prefix, reason);
  };
  CommandStart start =
      StartCommand(args, kReplayFlags, "replay", error_prefix, kReplayUsage, out, err);
  if (!start.flags) return start.exit_code;
  const ParsedFlags& flags = *start.flags;
  if (!flags.has("accel") && !flags.has("gps")) {
    return fail("missing --accel FILE or --gps FILE (see minsense replay --help)");
  }
  const std::vector<std::string_view> denied = flags.values("deny");
  auto is_denied = [&denied](std::string_view sensor) {
    return std::find(denied.begin(), denied.end(), sensor) != denied.end();
  };

  v1::EgressPolicy policy = DefaultEgressPolicy();
  if (flags.has("policy")) {
    StatusOr<v1::EgressPolicy> loaded = LoadPolicy(std::string(flags.value_or("policy", "")));
    if (!loaded.ok()) return fail(loaded.status().message());
    policy = *loaded;
  }
  if (flags.has("emit")) {
    policy.set_emit_mode(flags.value_or("emit", "") == "window"
                             ? v1::EgressPolicy::EMIT_EVERY_WINDOW
                             : v1::EgressPolicy::EMIT_ON_CHANGE);
  }
  const OutputFormat format = ParseOutputFormat(flags.value_or("format", "jsonl")).value();
  const AccelUnits units = flags.value_or("accel-units", "mps2") == "g"
                               ? AccelUnits::kStandardGravity
                               : AccelUnits::kMetersPerSecondSquared;

  const std::string report_path(flags.value_or("report", ""));
  std::unique_ptr<std::ofstream> report_file;
  if (!report_path.empty() && report_path != "-") {
    // The report is truncated before anything is read: never over an input.
    for (std::string_view input : {"accel", "gps", "policy"}) {
      std::error_code ignored;
      if (flags.has(input) && std::filesystem::equivalent(
                                  report_path, std::string(flags.value_or(input, "")), ignored)) {
        return fail("cannot write report " + report_path + ": it is an input file (--" +
                    std::string(input) + ")");
      }
    }
    std::string error;
    report_file = OpenReport(report_path, &error);
    if (report_file == nullptr) return fail(error);
  }

  StatusOr<std::unique_ptr<Pipeline>> created = Pipeline::Create(DefaultPipelineOptions(), policy);
  if (!created.ok()) return fail(created.status().message());
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();

  // Consent lives in the pipeline: a denied sensor is dropped at its door.
  Consent consent;
  consent.motion = !is_denied("motion");
  consent.location = !is_denied("location");
  pipeline->SetConsent(consent);

  MessageWriter writer(format, &out);
  // A denied sensor's samples would all be dropped at the door, so its file
  // is not even opened.
  std::unique_ptr<GpsFeed> gps;
  if (flags.has("gps") && pipeline->consent().location) {
    StatusOr<std::unique_ptr<GpsCsvReader>> opened =
        GpsCsvReader::Open(std::string(flags.value_or("gps", "")));
    if (!opened.ok()) return fail(opened.status().message());
    gps = std::make_unique<GpsFeed>(std::move(opened).value());
  }
  bool output_failed = false;
  Status replayed = Status::Ok();
  if (pipeline->consent().motion && flags.has("accel")) {
    replayed = ReplayAccel(std::string(flags.value_or("accel", "")), units, *pipeline, writer,
                           &output_failed, gps.get());
  } else if (gps != nullptr) {
    replayed = ReplayGpsOnly(*gps, *pipeline, writer, &output_failed);
  }
  if (!replayed.ok()) {
    PrintErrorLine(err, error_prefix, replayed.message());
    return output_failed ? kExitOutputError : kExitUsage;
  }
  out.flush();
  if (!out) {
    PrintErrorLine(err, error_prefix, "cannot write to stdout");
    return kExitOutputError;
  }

  if (!report_path.empty()) {
    const std::string json = LedgerToJson(pipeline->ledger()) + "\n";
    std::ostream& report = report_file != nullptr ? *report_file : err;
    report << json << std::flush;
    if (!report) return fail("cannot write report " + report_path);
  }
  if (ledger != nullptr) *ledger = pipeline->ledger();
  return kExitOk;
}

}  // namespace minsense::tools
