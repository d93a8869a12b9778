// csv_line_reader.h: the line layer shared by the canonical CSV readers
// (AccelCsvReader, GpsCsvReader): one file, one fixed read buffer, lines
// handed out in place, the buffer wiped on Close().
//
// The reader owns one buffer of a size fixed at Open(). Lines are views into
// that buffer, valid until the next call; reading never allocates. The buffer
// holds raw sample text (accelerations, coordinates), so Close() and the
// destructor overwrite all of it with zeros (promise 2 of PRODUCT.md).
//
//   StatusOr<std::unique_ptr<CsvLineReader>> opened = CsvLineReader::Open(path, 64 * 1024);
//   if (!opened.ok()) return opened.status();
//   CsvLineReader& lines = **opened;
//   StatusOr<std::string_view> header = lines.ReadHeader("expected header t,x,y,z");
//   std::string_view line;
//   while (lines.NextLine(&line)) Parse(line);
//   if (!lines.status().ok()) return lines.status();
//
// Lines are returned without their '\n' and without one trailing '\r' (CRLF
// files). The header loses a UTF-8 byte order mark as well. A data line
// longer than the buffer cannot be held: it is skipped and counted in
// overlong_lines(), never returned in pieces.
//
// Error messages name the file and a line number; they never contain the
// file's text (promise 4 of PRODUCT.md).
//
// Thread safety: none; use one reader per thread.
#ifndef MINSENSE_PIPELINE_CSV_LINE_READER_H_
#define MINSENSE_PIPELINE_CSV_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace minsense {

// IsCsvBlank: a space or a tab, the blanks allowed around CSV fields.
inline bool IsCsvBlank(char c) { return c == ' ' || c == '\t'; }

// SkipCsvBlanks returns the first position of [p, end) that is not a blank.
inline const char* SkipCsvBlanks(const char* p, const char* end) {
  while (p < end && IsCsvBlank(*p)) ++p;
  return p;
}

// IsBlankCsvLine: only spaces, tabs and carriage returns (an empty line
// included). Blank lines are ignored by the readers, not malformed.
inline bool IsBlankCsvLine(std::string_view line) {
  for (char c : line) {
    if (!IsCsvBlank(c) && c != '\r') return false;
  }
  return true;
}

// CsvLineReader hands out the lines of one file from a fixed buffer.
class CsvLineReader {
 public:
  // Open opens `path` for reading with a buffer of `buffer_bytes` (> 0).
  // Returns kNotFound when the file does not exist, kDataLoss when it cannot
  // be opened or is a directory, kInvalidArgument for a zero buffer size.
  static StatusOr<std::unique_ptr<CsvLineReader>> Open(const std::string& path,
                                                       size_t buffer_bytes);

  // ~CsvLineReader calls Close(), then frees the buffer.
  ~CsvLineReader();
  CsvLineReader(const CsvLineReader&) = delete;
  CsvLineReader& operator=(const CsvLineReader&) = delete;

  // ReadHeader returns the first line (without a byte order mark or line
  // end); call it once, before NextLine. kDataLoss, with `expected` in the
  // message, when the file is empty or its first line does not fit the
  // buffer; kDataLoss on a read error.
  StatusOr<std::string_view> ReadHeader(std::string_view expected);

  // NextLine sets *line to the next line and returns true; returns false at
  // the end of the file, after Close(), or on a read error (see status()).
  bool NextLine(std::string_view* line);

  // ReadRows fills `out` with rows parsed from the next lines, in file order:
  // `parse(line, &row)` returns whether the line is a valid row. Blank lines
  // are skipped; any other line `parse` rejects counts in rejected_lines().
  // Returns how many rows were filled (fewer than out.size() only at the end
  // of the file), or status() after a read error or Close().
  template <typename Row, typename Parse>
  StatusOr<size_t> ReadRows(std::span<Row> out, Parse&& parse) {
    size_t filled = 0;
    std::string_view line;
    while (filled < out.size() && NextLine(&line)) {
      if (parse(line, &out[filled])) {
        ++filled;
        ++rows_;
      } else if (!IsBlankCsvLine(line)) {
        ++rejected_lines_;
      }
    }
    if (!status_.ok()) return status_;
    return filled;
  }

  // rows: rows that ReadRows returned so far.
  uint64_t rows() const { return rows_; }
  // rejected_lines: non-blank data lines ReadRows could not parse, plus the
  // overlong lines: every data line that did not become a row.
  uint64_t rejected_lines() const { return rejected_lines_ + overlong_lines_; }

  // status: OK, or the sticky read error that ended NextLine;
  // kFailedPrecondition after Close().
  const Status& status() const { return status_; }

  // path: the file, for the callers' own error messages.
  const std::string& path() const { return path_; }
  // bytes_read: raw bytes read from the file so far.
  uint64_t bytes_read() const { return bytes_read_; }
  // line_number: lines consumed so far, the header included.
  uint64_t line_number() const { return line_number_; }
  // overlong_lines: lines skipped because they did not fit the buffer.
  uint64_t overlong_lines() const { return overlong_lines_; }

  // Close closes the file and overwrites the whole buffer with zeros.
  // Idempotent; the buffer itself stays allocated until destruction.
  void Close();

  // buffer_for_testing is the whole buffer, so that a test can check that
  // Close() wiped it. Not for production use.
  std::span<const char> buffer_for_testing() const {
    return std::span<const char>(buffer_.get(), buffer_bytes_);
  }

 private:
  CsvLineReader(std::string path, int fd, size_t buffer_bytes);

  // Refill moves the unconsumed tail of the buffer to its front and appends
  // bytes from the file; sets eof_ at the end. On a read error it sets the
  // sticky status_ and returns false.
  bool Refill();

  std::string path_;
  int fd_ = -1;
  size_t buffer_bytes_ = 0;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;  // First unconsumed byte in buffer_.
  size_t end_ = 0;    // One past the last valid byte in buffer_.
  bool eof_ = false;
  bool discarding_long_line_ = false;  // Skipping the rest of an overlong line.
  Status status_;
  uint64_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
  uint64_t overlong_lines_ = 0;
  uint64_t rows_ = 0;
  uint64_t rejected_lines_ = 0;  // Parse failures only; see rejected_lines().
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_CSV_LINE_READER_H_
