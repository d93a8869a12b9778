// fuzz_targets.h: the bodies of the libFuzzer targets, shared by the fuzzers
// (tests/fuzz/*_fuzzer.cc, built by scripts/ci_fuzz.sh with clang) and by the
// regression test (tests/reliability/fuzz_regression_test.cc), which replays
// every seed and every saved crash input through the same code with g++.
//
// Each target takes arbitrary bytes, drives one entry point with them and
// checks invariants that must hold for any input; a broken invariant aborts
// (a crash for libFuzzer, a failed test for the regression test).
//
//   FuzzCsvReader(data, size);   // AccelCsvReader on a file with these bytes
//   FuzzPolicyParser(data, size);  // text-format EgressPolicy + validation
//   FuzzPushApi(data, size);     // Pipeline::PushAccel/Poll/Reset sequences
//   FuzzGpsCsvReader(data, size);  // GpsCsvReader + GPS-only pipeline
#ifndef MINSENSE_TESTS_FUZZ_FUZZ_TARGETS_H_
#define MINSENSE_TESTS_FUZZ_FUZZ_TARGETS_H_

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>

#include "minsense/v1/activity_update.pb.h"
#include "minsense/v1/egress_policy.pb.h"
#include "pipeline/accel_csv_reader.h"
#include "pipeline/accel_sample.h"
#include "pipeline/gps_csv_reader.h"
#include "pipeline/ledger.h"
#include "pipeline/pipeline.h"

namespace minsense::fuzz {

// FuzzCheck aborts with a message when an invariant is broken.
inline void FuzzCheck(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

// ByteSource hands out the fuzz input as typed values; past the end it
// returns zeros.
class ByteSource {
 public:
  ByteSource(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  template <typename T>
  T Raw() {
    unsigned char bytes[sizeof(T)] = {};
    for (unsigned char& b : bytes) b = Byte();
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// CheckMessage: whatever the input, a message carries only in-range fields.
inline void CheckMessage(const v1::ActivityUpdate& m) {
  FuzzCheck(v1::Activity_IsValid(m.activity()), "activity is a known enum value");
  FuzzCheck(!m.has_cadence_spm() || (m.cadence_spm() >= 1 && m.cadence_spm() <= 300),
            "cadence_spm within the policy limits");
  FuzzCheck(m.ByteSizeLong() <= 32, "a message is a few bytes");
}

// CheckLedger: the books balance.
inline void CheckLedger(const Ledger& l) {
  FuzzCheck(l.samples_in == l.samples_accepted + l.rejected_total(),
            "samples_in == accepted + rejected");
}

// ScratchFile is one temporary file per process, rewritten for each input.
class ScratchFile {
 public:
  ScratchFile() {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/minsense_fuzz_XXXXXX";
    fd_ = ::mkstemp(path_.data());
    FuzzCheck(fd_ >= 0, "mkstemp");
  }
  ~ScratchFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& Write(const uint8_t* data, size_t size) {
    FuzzCheck(::ftruncate(fd_, 0) == 0, "ftruncate");
    size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      FuzzCheck(n > 0, "pwrite");
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// FuzzCsvReader: the bytes are a whole accelerometer file. The last byte
// picks the batch size (1 to 256) and the units, so that every refill and
// line-splitting path is reached. Invariants: reading ends, an error is one
// line, rows + malformed rows never exceed the lines read, Close() wipes the
// buffer, and the samples go through a pipeline with balanced books.
inline int FuzzCsvReader(const uint8_t* data, size_t size) {
  static ScratchFile file;
  const uint8_t knob = size > 0 ? data[size - 1] : 0;
  const size_t batch_size = 1 + (knob & 0xff);
  const AccelUnits units =
      (knob & 1) != 0 ? AccelUnits::kStandardGravity : AccelUnits::kMetersPerSecondSquared;
  const std::string& path = file.Write(data, size);

  auto opened = AccelCsvReader::Open(path, units);
  if (!opened.ok()) {
    FuzzCheck(opened.status().message().find('\n') == std::string::npos, "one-line error");
    return 0;
  }
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
  auto created = Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy());
  FuzzCheck(created.ok(), "default pipeline");
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();

  std::array<AccelSample, 256> batch{};
  uint64_t lines = 1;  // The header.
  for (size_t i = 0; i < size; ++i) lines += data[i] == '\n' ? 1 : 0;
  v1::ActivityUpdate update;
  for (int guard = 0;; ++guard) {
    FuzzCheck(guard <= static_cast<int>(size) + 2, "ReadBatch terminates");
    StatusOr<size_t> n = reader->ReadBatch(std::span(batch).first(batch_size));
    FuzzCheck(n.ok(), "no read error on a regular file");
    if (*n == 0) break;
    FuzzCheck(*n <= batch_size, "batch bound");
    pipeline->PushAccel(std::span<const AccelSample>(batch.data(), *n));
    while (pipeline->Poll(&update)) CheckMessage(update);
  }
  FuzzCheck(reader->rows() + reader->malformed_rows() <= lines, "rows <= lines");
  FuzzCheck(reader->bytes_read() == size, "every byte read once");
  pipeline->CountSourceRead(reader->bytes_read(), reader->malformed_rows());
  CheckLedger(pipeline->ledger());
  reader->Close();
  static const std::unique_ptr<char[]> zeros(new char[AccelCsvReader::kBufferBytes]());
  const std::span<const char> wiped = reader->buffer_for_testing();
  FuzzCheck(std::memcmp(wiped.data(), zeros.get(), wiped.size()) == 0, "Close() wipes the buffer");
  return 0;
}

// FuzzGpsCsvReader: the bytes are a whole GPS file (t,lat,lon[,alt_m]
// [,accuracy_m]). The last byte picks the batch size (1 to 256). Invariants:
// reading ends, an error is one line, rows + malformed rows never exceed the
// lines read, every byte is read once, the fixes' books balance in the
// ledger, GPS-only messages carry no cadence, Close() wipes the buffer.
inline int FuzzGpsCsvReader(const uint8_t* data, size_t size) {
  static ScratchFile file;
  const size_t batch_size = 1 + (size > 0 ? data[size - 1] : 0);
  const std::string& path = file.Write(data, size);
  auto opened = GpsCsvReader::Open(path);
  if (!opened.ok()) {
    FuzzCheck(opened.status().message().find('\n') == std::string::npos, "one-line error");
    return 0;
  }
  std::unique_ptr<GpsCsvReader> reader = std::move(opened).value();
  v1::EgressPolicy policy = DefaultEgressPolicy();
  policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  FuzzCheck(created.ok(), "default pipeline");
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();
  std::array<GpsFix, 256> batch{};
  uint64_t lines = 1;
  for (size_t i = 0; i < size; ++i) lines += data[i] == '\n' ? 1 : 0;
  v1::ActivityUpdate update;
  for (int guard = 0;; ++guard) {
    FuzzCheck(guard <= static_cast<int>(size) + 2, "ReadBatch terminates");
    StatusOr<size_t> n = reader->ReadBatch(std::span(batch).first(batch_size));
    FuzzCheck(n.ok(), "no read error on a regular file");
    if (*n == 0) break;
    FuzzCheck(*n <= batch_size, "batch bound");
    pipeline->PushGps(std::span<const GpsFix>(batch.data(), *n));
    while (pipeline->Poll(&update)) {
      CheckMessage(update);
      FuzzCheck(!update.has_cadence_spm(), "GPS alone gives no cadence");
    }
  }
  FuzzCheck(reader->rows() + reader->malformed_rows() <= lines, "rows <= lines");
  FuzzCheck(reader->bytes_read() == size, "every byte read once");
  pipeline->CountGpsSourceRead(reader->bytes_read(), reader->malformed_rows());
  const Ledger& l = pipeline->ledger();
  uint64_t rejected = 0;
  for (uint64_t r : l.gps_rejected) rejected += r;
  FuzzCheck(l.gps_fixes_in == l.gps_fixes_accepted + rejected, "fixes_in == accepted + rejected");
  FuzzCheck(l.samples_in == 0, "no accelerometer sample from a GPS file");
  reader->Close();
  for (char c : reader->buffer_for_testing()) FuzzCheck(c == 0, "Close() wipes the buffer");
  return 0;
}

// SilentErrors swallows text-format parse errors (protobuf would log them).
class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

// FuzzPolicyParser: the bytes are a text-format EgressPolicy, parsed and
// validated as `minsense replay --policy` does. A policy that validates must
// build a pipeline, which then replays a short synthetic walk under it.
inline int FuzzPolicyParser(const uint8_t* data, size_t size) {
  v1::EgressPolicy policy;
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!parser.ParseFromString(text, &policy)) return 0;
  const Status valid = ValidateEgressPolicy(policy);
  if (!valid.ok()) {
    FuzzCheck(!valid.message().empty(), "a rejection names its reason");
    FuzzCheck(valid.message().find('\n') == std::string::npos, "one-line reason");
    return 0;
  }
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  FuzzCheck(created.ok(), "a valid policy builds a pipeline");
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();
  v1::ActivityUpdate update;
  for (int i = 0; i < 50 * 20; ++i) {
    const double t = i / 50.0;
    const float bounce = (i % 25) < 12 ? 3.0f : -3.0f;  // ~120 spm square wave.
    pipeline->PushAccel(AccelSample{t, 0.01f * static_cast<float>(i % 7), 0.3f, 9.81f + bounce});
    while (pipeline->Poll(&update)) CheckMessage(update);
  }
  CheckLedger(pipeline->ledger());
  return 0;
}

// FuzzPushApi: the bytes are a program of operations on one pipeline. The
// first byte picks the emit mode; then each op byte pushes one sample (time
// as a raw double or a small step, axes as raw floats or scaled int16),
// pushes a burst, polls or resets.
inline int FuzzPushApi(const uint8_t* data, size_t size) {
  ByteSource in(data, size);
  v1::EgressPolicy policy = DefaultEgressPolicy();
  if ((in.Byte() & 1) != 0) policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = Pipeline::Create(DefaultPipelineOptions(), policy);
  FuzzCheck(created.ok(), "default pipeline");
  std::unique_ptr<Pipeline> pipeline = std::move(created).value();

  double t = 0;
  float axes[3] = {0, 0, 9.81f};
  std::array<AccelSample, 64> burst{};
  v1::ActivityUpdate update;
  uint64_t pushed = 0;
  // kMaxPushed bounds the work per input (a few windows' worth) so that the
  // fuzzer tries many programs rather than a few long ones.
  constexpr uint64_t kMaxPushed = 20000;
  while (!in.empty() && pushed < kMaxPushed) {
    const uint8_t op = in.Byte();
    switch (op % 8) {
      case 0:  // Raw time.
        t = in.Raw<double>();
        break;
      case 1:  // Raw axis values.
        for (float& a : axes) a = in.Raw<float>();
        break;
      case 2:  // Scaled axis values (0.01 m/s^2 steps, +-327 m/s^2).
        for (float& a : axes) a = 0.01f * static_cast<float>(in.Raw<int16_t>());
        break;
      case 3: {  // A burst of samples at a fuzzed rate, axes wobbling.
        const double dt = 0.0001 * (1 + in.Byte()) * (1 + in.Byte());
        const size_t n = 1 + in.Byte() % burst.size();
        for (size_t i = 0; i < n; ++i) {
          t += dt;
          const float wobble = static_cast<float>(static_cast<int8_t>(in.Byte())) * 0.05f;
          burst[i] = AccelSample{t, axes[0] + wobble, axes[1] - wobble, axes[2] + 2 * wobble};
        }
        pipeline->PushAccel(std::span<const AccelSample>(burst.data(), n));
        pushed += n;
        break;
      }
      case 4:
        while (pipeline->Poll(&update)) CheckMessage(update);
        break;
      case 5:
        if (in.Byte() == 0xA5) pipeline->Reset();
        break;
      default:  // One sample after a small time step (possibly zero).
        t += 0.001 * (op >> 3);
        pipeline->PushAccel(AccelSample{t, axes[0], axes[1], axes[2]});
        ++pushed;
        break;
    }
  }
  while (pipeline->Poll(&update)) CheckMessage(update);
  const Ledger& l = pipeline->ledger();
  FuzzCheck(l.samples_in == pushed, "every pushed sample is counted once");
  CheckLedger(l);
  return 0;
}

}  // namespace minsense::fuzz

#endif  // MINSENSE_TESTS_FUZZ_FUZZ_TARGETS_H_
