#include "pipeline/accel_csv_reader.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

namespace minsense {
namespace {

constexpr std::string_view kExpectedHeader = "expected header t,x,y,z";

// ParseNumber parses one field (surrounding blanks allowed, a leading '+'
// accepted) into *value and returns the position after its trailing blanks,
// or nullptr when the field is not a number.
template <typename T>
const char* ParseNumber(const char* p, const char* end, T* value) {
  p = SkipCsvBlanks(p, end);
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
  return SkipCsvBlanks(next, end);
}

// HeaderMatches: the fields t, x, y, z, each with optional surrounding blanks.
bool HeaderMatches(std::string_view header) {
  const char* p = header.data();
  const char* const end = p + header.size();
  constexpr char kNames[] = {'t', 'x', 'y', 'z'};
  for (size_t i = 0; i < sizeof(kNames); ++i) {
    p = SkipCsvBlanks(p, end);
    if (p == end || *p != kNames[i]) return false;
    p = SkipCsvBlanks(p + 1, end);
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
  StatusOr<std::unique_ptr<CsvLineReader>> lines = CsvLineReader::Open(path, kBufferBytes);
  if (!lines.ok()) return lines.status();
  StatusOr<std::string_view> header = (*lines)->ReadHeader(kExpectedHeader);
  if (!header.ok()) return header.status();
  if (!HeaderMatches(*header)) return DataLossError(path + ":1: " + std::string(kExpectedHeader));
  return std::unique_ptr<AccelCsvReader>(new AccelCsvReader(std::move(lines).value(), units));
}

AccelCsvReader::AccelCsvReader(std::unique_ptr<CsvLineReader> lines, AccelUnits units)
    : lines_(std::move(lines)), units_(units) {}

AccelCsvReader::~AccelCsvReader() { Close(); }

void AccelCsvReader::Close() { lines_->Close(); }

std::span<const char> AccelCsvReader::buffer_for_testing() const {
  return lines_->buffer_for_testing();
}

bool AccelCsvReader::ParseRow(std::string_view line, AccelSample* out) const {
  const char* const end = line.data() + line.size();
  double t = 0;
  float axes[3] = {0, 0, 0};
  const char* p = ParseNumber(line.data(), end, &t);
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
  return lines_->ReadRows(
      out, [this](std::string_view line, AccelSample* row) { return ParseRow(line, row); });
}

}  // namespace minsense
