#include "pipeline/accel_csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "pipeline/secure_zero.h"

namespace minsense {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kExpectedHeader = "expected header t,x,y,z";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

const char* SkipBlanks(const char* p, const char* end) {
  while (p < end && IsBlank(*p)) ++p;
  return p;
}

// IsBlankLine: only spaces, tabs and a carriage return.
bool IsBlankLine(const char* p, const char* end) {
  while (p < end && (IsBlank(*p) || *p == '\r')) ++p;
  return p == end;
}

// ParseNumber parses one field (surrounding blanks allowed, a leading '+'
// accepted) into *value and returns the position after its trailing blanks,
// or nullptr when the field is not a number.
template <typename T>
const char* ParseNumber(const char* p, const char* end, T* value) {
  p = SkipBlanks(p, end);
  if (p < end && *p == '+') {
    ++p;
    if (p < end && (*p == '-' || *p == '+')) return nullptr;
  }
  auto [next, ec] = std::from_chars(p, end, *value);
  if (ec == std::errc::result_out_of_range) {
    // Out of the range of T. For a float field, a number that a double still
    // holds is returned as +/-inf (overflow) or rounded towards zero
    // (underflow), so that the ingest guard rejects or accepts it as a
    // value; anything else is not a usable number.
    if constexpr (std::is_same_v<T, float>) {
      double wide = 0;
      auto [wide_next, wide_ec] = std::from_chars(p, end, wide);
      if (wide_ec != std::errc()) return nullptr;
      if (std::fabs(wide) > static_cast<double>(std::numeric_limits<float>::max())) {
        constexpr float kInf = std::numeric_limits<float>::infinity();
        *value = wide < 0 ? -kInf : kInf;
      } else {
        *value = static_cast<float>(wide);
      }
      next = wide_next;
    } else {
      return nullptr;
    }
  } else if (ec != std::errc()) {
    return nullptr;
  }
  return SkipBlanks(next, end);
}

// HeaderMatches: the fields t, x, y, z, each with optional surrounding blanks.
bool HeaderMatches(const char* p, const char* end) {
  if (end > p && end[-1] == '\r') --end;
  constexpr char kNames[] = {'t', 'x', 'y', 'z'};
  for (size_t i = 0; i < sizeof(kNames); ++i) {
    p = SkipBlanks(p, end);
    if (p == end || *p != kNames[i]) return false;
    p = SkipBlanks(p + 1, end);
    if (i + 1 < sizeof(kNames)) {
      if (p == end || *p != ',') return false;
      ++p;
    }
  }
  return p == end;
}

}  // namespace

StatusOr<std::unique_ptr<AccelCsvReader>> AccelCsvReader::Open(const std::string& path,
                                                               AccelUnits units) {
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
  std::unique_ptr<AccelCsvReader> reader(new AccelCsvReader(path, units, fd));
  Status header = reader->ReadHeader();
  if (!header.ok()) return header;
  return reader;
}

AccelCsvReader::AccelCsvReader(std::string path, AccelUnits units, int fd)
    : path_(std::move(path)), units_(units), fd_(fd), buffer_(new char[kBufferBytes]()) {}

AccelCsvReader::~AccelCsvReader() { Close(); }

void AccelCsvReader::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (buffer_ != nullptr) SecureZero(buffer_.get(), kBufferBytes);
  begin_ = 0;
  end_ = 0;
  closed_ = true;
}

std::span<const char> AccelCsvReader::buffer_for_testing() const {
  return std::span<const char>(buffer_.get(), kBufferBytes);
}

Status AccelCsvReader::ReadError(int error_number) const {
  return DataLossError(path_ + ": read error after line " + std::to_string(line_number_) + ": " +
                       std::generic_category().message(error_number));
}

Status AccelCsvReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == kBufferBytes) return InternalError(path_ + ": refill of a full read buffer");
  ssize_t n = 0;
  do {
    n = ::read(fd_, buffer_.get() + end_, kBufferBytes - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = ReadError(errno);
    return error_;
  }
  if (n == 0) eof_ = true;
  end_ += static_cast<size_t>(n);
  bytes_read_ += static_cast<uint64_t>(n);
  return Status::Ok();
}

Status AccelCsvReader::ReadHeader() {
  const char* newline = nullptr;
  for (;;) {
    newline = static_cast<const char*>(std::memchr(buffer_.get() + begin_, '\n', end_ - begin_));
    if (newline != nullptr || eof_) break;
    if (end_ == kBufferBytes) {
      return DataLossError(path_ + ":1: first line longer than " + std::to_string(kBufferBytes) +
                           " bytes, " + std::string(kExpectedHeader));
    }
    Status status = Refill();
    if (!status.ok()) return status;
  }
  if (end_ == 0) return DataLossError(path_ + ": empty file, " + std::string(kExpectedHeader));

  const char* line = buffer_.get();
  const char* line_end = newline != nullptr ? newline : buffer_.get() + end_;
  if (std::string_view(line, static_cast<size_t>(line_end - line)).starts_with(kUtf8Bom)) {
    line += kUtf8Bom.size();
  }
  if (!HeaderMatches(line, line_end)) {
    return DataLossError(path_ + ":1: " + std::string(kExpectedHeader));
  }
  begin_ = newline != nullptr ? static_cast<size_t>(newline + 1 - buffer_.get()) : end_;
  line_number_ = 1;
  return Status::Ok();
}

bool AccelCsvReader::ParseRow(const char* begin, const char* end, AccelSample* out) const {
  if (end > begin && end[-1] == '\r') --end;
  double t = 0;
  float axes[3] = {0, 0, 0};
  const char* p = ParseNumber(begin, end, &t);
  for (float& axis : axes) {
    if (p == nullptr || p == end || *p != ',') return false;
    p = ParseNumber(p + 1, end, &axis);
  }
  if (p != end) return false;  // nullptr (bad last field) or a fifth field.
  if (units_ == AccelUnits::kStandardGravity) {
    for (float& axis : axes) axis *= kStandardGravityMps2;
  }
  out->t_seconds = t;
  out->x_mps2 = axes[0];
  out->y_mps2 = axes[1];
  out->z_mps2 = axes[2];
  return true;
}

StatusOr<size_t> AccelCsvReader::ReadBatch(std::span<AccelSample> out) {
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
          // A line longer than the buffer: count it once, then drop bytes
          // until its newline.
          if (!discarding_long_line_) ++malformed_rows_;
          discarding_long_line_ = true;
          end_ = 0;
        }
        Status status = Refill();
        if (!status.ok()) return status;
        continue;
      }
      if (begin_ == end_) break;  // End of file.
      line_end = base + end_;     // The last line has no final newline.
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
