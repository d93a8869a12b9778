// accel_csv_reader.h: a fast, allocation-free reader of canonical
// accelerometer recordings (`t,x,y,z`, see ../shared/data/FORMAT.md).
//
// The reader owns one fixed read buffer (a CsvLineReader), allocated once by
// Open(). Rows are parsed in place with std::from_chars; reading never
// allocates per line. The buffer holds raw sample text, so Close() (and the
// destructor) overwrite it with zeros (promise 2 of PRODUCT.md).
//
//   auto opened = AccelCsvReader::Open("walk.accel.csv", AccelUnits::kMetersPerSecondSquared);
//   if (!opened.ok()) return opened.status();
//   std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
//   std::array<AccelSample, 4096> batch;
//   for (;;) {
//     StatusOr<size_t> n = reader->ReadBatch(batch);
//     if (!n.ok()) return n.status();
//     if (*n == 0) break;
//     pipeline->PushAccel(std::span(batch).first(*n));
//   }
//
// Accepted text: an optional UTF-8 byte order mark, then the header `t,x,y,z`,
// then one row per line: four numbers separated by commas. Spaces and tabs
// around fields, CRLF line ends and a missing final newline are accepted;
// blank lines are ignored. "nan" and "inf" are numbers here and are returned
// as they are (the pipeline's ingest guard rejects them). Any other row that
// is not exactly four numbers (too few or too many fields, junk, comma
// decimal separators, a line longer than the read buffer) is skipped and
// counted in malformed_rows(); it is never an error.
//
// Error messages name the file and a line number; they never contain sample
// values (promise 4 of PRODUCT.md).
//
// Thread safety: none; use one reader per thread.
#ifndef MINSENSE_PIPELINE_ACCEL_CSV_READER_H_
#define MINSENSE_PIPELINE_ACCEL_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/accel_sample.h"
#include "pipeline/csv_line_reader.h"
#include "pipeline/status.h"

namespace minsense {

// AccelUnits is the unit of the x, y, z columns of a file. Samples are always
// returned in m/s^2.
enum class AccelUnits {
  kMetersPerSecondSquared,  // Canonical: m/s^2, returned unchanged.
  kStandardGravity,         // g: multiplied by kStandardGravityMps2.
};

// AccelCsvReader reads one accelerometer CSV file, batch by batch.
class AccelCsvReader {
 public:
  // kBufferBytes is the size of the one read buffer; a line longer than this
  // is a malformed row.
  static constexpr size_t kBufferBytes = 256 * 1024;

  // Open opens `path` and checks its header. Returns kNotFound when the file
  // does not exist, kDataLoss when it cannot be read, is empty, or its first
  // line is not the header `t,x,y,z`.
  static StatusOr<std::unique_ptr<AccelCsvReader>> Open(const std::string& path, AccelUnits units);

  // ~AccelCsvReader calls Close(), then frees the buffer.
  ~AccelCsvReader();
  AccelCsvReader(const AccelCsvReader&) = delete;
  AccelCsvReader& operator=(const AccelCsvReader&) = delete;

  // ReadBatch fills up to out.size() samples in file order and returns how
  // many it filled; 0 means the end of the file (or an empty `out`). Returns
  // kDataLoss on an I/O error (sticky: later calls return it again) and
  // kFailedPrecondition after Close().
  StatusOr<size_t> ReadBatch(std::span<AccelSample> out);

  // bytes_read: raw bytes read from the file so far, header included.
  uint64_t bytes_read() const { return lines_->bytes_read(); }
  // rows: data rows parsed and returned so far.
  uint64_t rows() const { return lines_->rows(); }
  // malformed_rows: data rows skipped because they were not four numbers.
  uint64_t malformed_rows() const { return lines_->rejected_lines(); }

  // Close closes the file and overwrites the whole read buffer with zeros.
  // Idempotent; the buffer itself stays allocated until destruction.
  void Close();

  // buffer_for_testing is the whole read buffer, so that a test can check
  // that Close() wiped it. Not for production use.
  std::span<const char> buffer_for_testing() const;

 private:
  AccelCsvReader(std::unique_ptr<CsvLineReader> lines, AccelUnits units);

  // ParseRow parses one line into *out; false when the line is not exactly
  // four numbers.
  bool ParseRow(std::string_view line, AccelSample* out) const;

  std::unique_ptr<CsvLineReader> lines_;
  AccelUnits units_;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACCEL_CSV_READER_H_
