#include "pipeline/gps_csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>
#include <utility>

#include "pipeline/secure_zero.h"

namespace minsense {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kExpectedHeader = "expected header t,lat,lon[,alt_m][,accuracy_m]";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

const char* SkipBlanks(const char* p, const char* end) {
  while (p < end && IsBlank(*p)) ++p;
  return p;
}

bool IsBlankLine(const char* p, const char* end) {
  while (p < end && (IsBlank(*p) || *p == '\r')) ++p;
  return p == end;
}

// Field returns the next comma-separated field of [*p, end) without its
// surrounding blanks and advances *p past the comma (to end for the last).
std::string_view Field(const char** p, const char* end) {
  const char* start = SkipBlanks(*p, end);
  const char* comma = std::find(start, end, ',');
  if (comma == end) comma = nullptr;
  const char* stop = comma != nullptr ? comma : end;
  const char* trimmed = stop;
  while (trimmed > start && IsBlank(trimmed[-1])) --trimmed;
  *p = comma != nullptr ? comma + 1 : end;
  return std::string_view(start, static_cast<size_t>(trimmed - start));
}

// Number parses a whole field as a double (a leading '+' accepted).
bool Number(std::string_view field, double* value) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty() || field.front() == '+') return false;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), *value);
  return ec == std::errc() && ptr == field.data() + field.size();
}

// FieldCount: commas + 1.
int FieldCount(const char* p, const char* end) {
  int n = 1;
  for (; p < end; ++p) n += *p == ',';
  return n;
}

}  // namespace

StatusOr<std::unique_ptr<GpsCsvReader>> GpsCsvReader::Open(const std::string& path) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int error_number = errno;
    if (error_number == ENOENT) return NotFoundError(path + ": no such file");
    return DataLossError(path + ": cannot open: " + std::generic_category().message(error_number));
  }
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    return DataLossError(path + ": is a directory, not a file");
  }
  std::unique_ptr<GpsCsvReader> reader(new GpsCsvReader(path, fd));
  Status header = reader->ReadHeader();
  if (!header.ok()) return header;
  return reader;
}

GpsCsvReader::GpsCsvReader(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), buffer_(new char[kBufferBytes]()) {}

GpsCsvReader::~GpsCsvReader() { Close(); }

void GpsCsvReader::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (buffer_ != nullptr) SecureZero(buffer_.get(), kBufferBytes);
  begin_ = 0;
  end_ = 0;
  closed_ = true;
}

Status GpsCsvReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  ssize_t n = 0;
  do {
    n = ::read(fd_, buffer_.get() + end_, kBufferBytes - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = DataLossError(path_ + ": read error after line " + std::to_string(line_number_) +
                           ": " + std::generic_category().message(errno));
    return error_;
  }
  if (n == 0) eof_ = true;
  end_ += static_cast<size_t>(n);
  bytes_read_ += static_cast<uint64_t>(n);
  return Status::Ok();
}

Status GpsCsvReader::ReadHeader() {
  const char* newline = nullptr;
  for (;;) {
    newline = static_cast<const char*>(std::memchr(buffer_.get() + begin_, '\n', end_ - begin_));
    if (newline != nullptr || eof_) break;
    if (end_ == kBufferBytes) return DataLossError(path_ + ":1: " + std::string(kExpectedHeader));
    Status status = Refill();
    if (!status.ok()) return status;
  }
  if (end_ == 0) return DataLossError(path_ + ": empty file, " + std::string(kExpectedHeader));
  const char* line = buffer_.get();
  const char* line_end = newline != nullptr ? newline : buffer_.get() + end_;
  if (line_end > line && line_end[-1] == '\r') --line_end;
  if (std::string_view(line, static_cast<size_t>(line_end - line)).starts_with(kUtf8Bom)) {
    line += kUtf8Bom.size();
  }
  const int fields = FieldCount(line, line_end);
  if (fields < 3 || fields > 5) return DataLossError(path_ + ":1: " + std::string(kExpectedHeader));
  const char* p = line;
  const std::string_view fixed[] = {"t", "lat", "lon"};
  for (std::string_view name : fixed) {
    if (Field(&p, line_end) != name) {
      return DataLossError(path_ + ":1: " + std::string(kExpectedHeader));
    }
  }
  optional_count_ = 0;
  for (int i = 3; i < fields; ++i) {
    const std::string_view name = Field(&p, line_end);
    if (name == "alt_m" && optional_count_ == 0) {
      optional_[optional_count_++] = kAltitude;
    } else if (name == "accuracy_m") {
      optional_[optional_count_++] = kAccuracy;
    } else {
      return DataLossError(path_ + ":1: " + std::string(kExpectedHeader));
    }
  }
  begin_ = newline != nullptr ? static_cast<size_t>(newline + 1 - buffer_.get()) : end_;
  line_number_ = 1;
  return Status::Ok();
}

bool GpsCsvReader::ParseRow(const char* begin, const char* end, GpsFix* out) const {
  if (end > begin && end[-1] == '\r') --end;
  // Optional trailing columns may be left out of a row, or left empty.
  const int fields = FieldCount(begin, end);
  if (fields < 3 || fields > 3 + optional_count_) return false;
  const char* p = begin;
  GpsFix fix;
  double* required[] = {&fix.t_seconds, &fix.latitude_deg, &fix.longitude_deg};
  for (double* value : required) {
    if (!Number(Field(&p, end), value)) return false;
  }
  for (int i = 0; i + 3 < fields; ++i) {
    const std::string_view field = Field(&p, end);
    if (field.empty()) continue;
    double* target = optional_[i] == kAltitude ? &fix.altitude_m : &fix.accuracy_m;
    if (!Number(field, target)) return false;
  }
  *out = fix;
  return true;
}

StatusOr<size_t> GpsCsvReader::ReadBatch(std::span<GpsFix> out) {
  if (closed_) return FailedPreconditionError(path_ + ": read after Close()");
  if (!error_.ok()) return error_;
  size_t filled = 0;
  while (filled < out.size()) {
    char* const base = buffer_.get();
    const char* line = base + begin_;
    const char* newline = static_cast<const char*>(std::memchr(line, '\n', end_ - begin_));
    const char* line_end = newline;
    if (newline == nullptr) {
      if (!eof_) {
        if (begin_ == 0 && end_ == kBufferBytes) {
          if (!discarding_long_line_) ++malformed_rows_;
          discarding_long_line_ = true;
          end_ = 0;
        }
        Status status = Refill();
        if (!status.ok()) return status;
        continue;
      }
      if (begin_ == end_) break;
      line_end = base + end_;
      begin_ = end_;
    } else {
      begin_ = static_cast<size_t>(newline + 1 - base);
    }
    ++line_number_;
    if (discarding_long_line_) {
      discarding_long_line_ = false;
      continue;
    }
    if (ParseRow(line, line_end, &out[filled])) {
      ++filled;
      ++rows_;
    } else if (!IsBlankLine(line, line_end)) {
      ++malformed_rows_;
    }
  }
  return filled;
}

}  // namespace minsense
