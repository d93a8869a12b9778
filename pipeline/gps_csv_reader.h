// gps_csv_reader.h: a reader of canonical GPS recordings
// (`t,lat,lon[,alt_m[,accuracy_m]]`, see ../shared/data/FORMAT.md).
//
// Like AccelCsvReader: one fixed read buffer (a CsvLineReader), allocated by
// Open(), rows parsed
// in place with std::from_chars, no allocation per line. The buffer holds
// coordinates as text, so Close() and the destructor overwrite it with zeros.
// Error messages name the file and a line number, never a value.
//
//   auto opened = GpsCsvReader::Open("track.gps.csv");
//   if (!opened.ok()) return opened.status();
//   std::array<GpsFix, 256> batch;
//   for (StatusOr<size_t> n; (n = (*opened)->ReadBatch(batch)).ok() && *n > 0;)
//     for (const GpsFix& f : std::span(batch).first(*n)) pipeline->PushGps(f);
//
// Accepted text: an optional UTF-8 byte order mark, a header whose first
// three fields are t,lat,lon, optionally followed by alt_m and accuracy_m (in
// that order, either may be left out: `t,lat,lon,accuracy_m` is accepted),
// then one row per line. An empty optional field is "unknown" (NaN). Rows
// that do not parse (wrong field count, junk) are skipped and counted in
// malformed_rows(). "nan"/"inf" are returned as numbers for the ingest guard.
#ifndef MINSENSE_PIPELINE_GPS_CSV_READER_H_
#define MINSENSE_PIPELINE_GPS_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/csv_line_reader.h"
#include "pipeline/gps_fix.h"
#include "pipeline/status.h"

namespace minsense {

class GpsCsvReader {
 public:
  static constexpr size_t kBufferBytes = 64 * 1024;

  // Open opens `path` and checks its header. kNotFound when the file does not
  // exist; kDataLoss when it cannot be read, is empty or has another header.
  static StatusOr<std::unique_ptr<GpsCsvReader>> Open(const std::string& path);

  ~GpsCsvReader();
  GpsCsvReader(const GpsCsvReader&) = delete;
  GpsCsvReader& operator=(const GpsCsvReader&) = delete;

  // ReadBatch fills up to out.size() fixes in file order; 0 at the end.
  // kDataLoss on a read error (sticky), kFailedPrecondition after Close().
  StatusOr<size_t> ReadBatch(std::span<GpsFix> out);

  uint64_t bytes_read() const { return lines_->bytes_read(); }
  uint64_t rows() const { return lines_->rows(); }
  uint64_t malformed_rows() const { return lines_->rejected_lines(); }

  // Close closes the file and zeroes the read buffer. Idempotent.
  void Close();

  std::span<const char> buffer_for_testing() const { return lines_->buffer_for_testing(); }

 private:
  enum Column { kAltitude, kAccuracy };
  explicit GpsCsvReader(std::unique_ptr<CsvLineReader> lines);
  // ParseHeader reads the optional columns of the header; false when it is
  // not a canonical GPS header.
  bool ParseHeader(std::string_view header);
  bool ParseRow(std::string_view line, GpsFix* out) const;

  std::unique_ptr<CsvLineReader> lines_;
  int optional_count_ = 0;  // Optional columns after lon (0-2).
  Column optional_[2] = {kAltitude, kAccuracy};
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_GPS_CSV_READER_H_
