#include "pipeline/gps_csv_reader.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

namespace minsense {
namespace {

constexpr std::string_view kExpectedHeader = "expected header t,lat,lon[,alt_m][,accuracy_m]";

// Field returns the next comma-separated field of [*p, end) without its
// surrounding blanks and advances *p past the comma (to end for the last).
std::string_view Field(const char** p, const char* end) {
  const char* start = SkipCsvBlanks(*p, end);
  const char* comma = std::find(start, end, ',');
  if (comma == end) comma = nullptr;
  const char* stop = comma != nullptr ? comma : end;
  const char* trimmed = stop;
  while (trimmed > start && IsCsvBlank(trimmed[-1])) --trimmed;
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
  StatusOr<std::unique_ptr<CsvLineReader>> lines = CsvLineReader::Open(path, kBufferBytes);
  if (!lines.ok()) return lines.status();
  StatusOr<std::string_view> header = (*lines)->ReadHeader(kExpectedHeader);
  if (!header.ok()) return header.status();
  std::unique_ptr<GpsCsvReader> reader(new GpsCsvReader(std::move(lines).value()));
  if (!reader->ParseHeader(*header)) {
    return DataLossError(path + ":1: " + std::string(kExpectedHeader));
  }
  return reader;
}

GpsCsvReader::GpsCsvReader(std::unique_ptr<CsvLineReader> lines) : lines_(std::move(lines)) {}

GpsCsvReader::~GpsCsvReader() { Close(); }

void GpsCsvReader::Close() { lines_->Close(); }

bool GpsCsvReader::ParseHeader(std::string_view header) {
  const char* const line = header.data();
  const char* const line_end = line + header.size();
  const int fields = FieldCount(line, line_end);
  if (fields < 3 || fields > 5) return false;
  const char* p = line;
  const std::string_view fixed[] = {"t", "lat", "lon"};
  for (std::string_view name : fixed) {
    if (Field(&p, line_end) != name) return false;
  }
  optional_count_ = 0;
  for (int i = 3; i < fields; ++i) {
    const std::string_view name = Field(&p, line_end);
    if (name == "alt_m" && optional_count_ == 0) {
      optional_[optional_count_++] = kAltitude;
    } else if (name == "accuracy_m" &&
               (optional_count_ == 0 || optional_[optional_count_ - 1] == kAltitude)) {
      optional_[optional_count_++] = kAccuracy;
    } else {
      return false;
    }
  }
  return true;
}

bool GpsCsvReader::ParseRow(std::string_view line, GpsFix* out) const {
  const char* const begin = line.data();
  const char* const end = begin + line.size();
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
  return lines_->ReadRows(
      out, [this](std::string_view line, GpsFix* row) { return ParseRow(line, row); });
}

}  // namespace minsense
