#include "pipeline/csv_line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "pipeline/secure_zero.h"

namespace minsense {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view WithoutCarriageReturn(const char* begin, const char* end) {
  if (end > begin && end[-1] == '\r') --end;
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

}  // namespace

StatusOr<std::unique_ptr<CsvLineReader>> CsvLineReader::Open(const std::string& path,
                                                             size_t buffer_bytes) {
  if (buffer_bytes == 0) return InvalidArgumentError(path + ": read buffer of 0 bytes");
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
  return std::unique_ptr<CsvLineReader>(new CsvLineReader(path, fd, buffer_bytes));
}

CsvLineReader::CsvLineReader(std::string path, int fd, size_t buffer_bytes)
    : path_(std::move(path)),
      fd_(fd),
      buffer_bytes_(buffer_bytes),
      buffer_(new char[buffer_bytes]()) {}

CsvLineReader::~CsvLineReader() { Close(); }

void CsvLineReader::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (buffer_ != nullptr) SecureZero(buffer_.get(), buffer_bytes_);
  begin_ = 0;
  end_ = 0;
  status_ = FailedPreconditionError(path_ + ": read after Close()");
}

bool CsvLineReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_bytes_) {
    status_ = InternalError(path_ + ": refill of a full read buffer");
    return false;
  }
  ssize_t n = 0;
  do {
    n = ::read(fd_, buffer_.get() + end_, buffer_bytes_ - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    const int error_number = errno;
    status_ = DataLossError(path_ + ": read error after line " + std::to_string(line_number_) +
                            ": " + std::generic_category().message(error_number));
    return false;
  }
  if (n == 0) eof_ = true;
  end_ += static_cast<size_t>(n);
  bytes_read_ += static_cast<uint64_t>(n);
  return true;
}

StatusOr<std::string_view> CsvLineReader::ReadHeader(std::string_view expected) {
  if (!status_.ok()) return status_;
  if (line_number_ != 0) return FailedPreconditionError(path_ + ": header already read");
  const char* newline = nullptr;
  for (;;) {
    newline = static_cast<const char*>(std::memchr(buffer_.get() + begin_, '\n', end_ - begin_));
    if (newline != nullptr || eof_) break;
    if (end_ == buffer_bytes_) {
      std::string message = path_;
      message += ":1: first line longer than ";
      message += std::to_string(buffer_bytes_);
      message += " bytes, ";
      message += expected;
      return DataLossError(std::move(message));
    }
    if (!Refill()) return status_;
  }
  if (end_ == 0) {
    std::string message = path_;
    message += ": empty file, ";
    message += expected;
    return DataLossError(std::move(message));
  }
  const char* line = buffer_.get();
  const char* line_end = newline != nullptr ? newline : buffer_.get() + end_;
  std::string_view header = WithoutCarriageReturn(line, line_end);
  if (header.starts_with(kUtf8Bom)) header.remove_prefix(kUtf8Bom.size());
  begin_ = newline != nullptr ? static_cast<size_t>(newline + 1 - buffer_.get()) : end_;
  line_number_ = 1;
  return header;
}

bool CsvLineReader::NextLine(std::string_view* line) {
  if (!status_.ok()) return false;
  for (;;) {
    char* const base = buffer_.get();
    const char* start = base + begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const char* line_end = newline;
    if (newline == nullptr) {
      if (!eof_) {
        if (begin_ == 0 && end_ == buffer_bytes_) {
          // A line longer than the buffer: count it once, then drop bytes
          // until its newline.
          if (!discarding_long_line_) ++overlong_lines_;
          discarding_long_line_ = true;
          end_ = 0;
        }
        if (!Refill()) return false;
        continue;
      }
      if (begin_ == end_) return false;  // End of file.
      line_end = base + end_;            // The last line has no final newline.
      begin_ = end_;
    } else {
      begin_ = static_cast<size_t>(newline + 1 - base);
    }
    ++line_number_;
    if (discarding_long_line_) {
      discarding_long_line_ = false;
      continue;
    }
    *line = WithoutCarriageReturn(start, line_end);
    return true;
  }
}

}  // namespace minsense
