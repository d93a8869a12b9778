#include "tools/eval/manifest.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>

namespace minsense::eval {
namespace {

constexpr std::string_view kHeader =
    "id,dataset,subject,device,position,activity,detail,rate_hz,rate_note,duration_s,steps_gt,"
    "cadence_spm_gt,files";
constexpr int kColumns = 13;

std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

StatusOr<std::vector<ManifestEntry>> ParseManifest(const std::string& text,
                                                   const std::string& source_name) {
  std::vector<ManifestEntry> entries;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1) {
      if (line != kHeader) return DataLossError(source_name + ": unexpected manifest header");
      continue;
    }
    if (line.empty()) continue;
    const std::vector<std::string_view> f = SplitCommas(line);
    const std::string where = source_name + ":" + std::to_string(line_no);
    if (static_cast<int>(f.size()) != kColumns) {
      return DataLossError(where + ": expected " + std::to_string(kColumns) + " columns");
    }
    ManifestEntry e;
    e.id = f[0];
    e.dataset = f[1];
    e.subject = f[2];
    e.device = f[3];
    e.position = f[4];
    e.activity = f[5];
    e.detail = f[6];
    double d = 0;
    if (!f[7].empty()) {
      if (!ParseNumber(f[7], &d)) return DataLossError(where + ": bad rate_hz");
      e.rate_hz = d;
    }
    e.rate_uncertain = f[8] == "uncertain";
    if (!ParseNumber(f[9], &e.duration_s)) return DataLossError(where + ": bad duration_s");
    int n = 0;
    if (!f[10].empty()) {
      if (!ParseNumber(f[10], &n)) return DataLossError(where + ": bad steps_gt");
      e.steps_gt = n;
    }
    if (!f[11].empty()) {
      if (!ParseNumber(f[11], &d)) return DataLossError(where + ": bad cadence_spm_gt");
      e.cadence_spm_gt = d;
    }
    std::istringstream files{std::string(f[12])};
    std::string file;
    while (files >> file) {
      if (EndsWith(file, ".accel.csv")) {
        e.accel_file = file;
      } else if (EndsWith(file, ".steps.csv")) {
        e.steps_file = file;
      } else if (EndsWith(file, ".gps.csv")) {
        e.gps_file = file;
      }
    }
    entries.push_back(std::move(e));
  }
  if (line_no == 0) return DataLossError(source_name + ": empty manifest");
  return entries;
}

StatusOr<Corpus> LoadCorpus(const std::string& dir) {
  const std::string path = dir + "/manifest.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  StatusOr<std::vector<ManifestEntry>> entries = ParseManifest(text.str(), path);
  if (!entries.ok()) return entries.status();
  Corpus corpus;
  corpus.dir = dir;
  std::string_view trimmed = dir;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  const size_t slash = trimmed.rfind('/');
  corpus.name = std::string(slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1));
  corpus.entries = std::move(entries).value();
  return corpus;
}

}  // namespace minsense::eval
