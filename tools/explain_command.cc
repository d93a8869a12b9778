#include "tools/explain_command.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli_status.h"
#include "tools/flags.h"
#include "tools/replay_command.h"

namespace minsense::tools {
namespace {

constexpr std::string_view kErrorPrefix = "minsense explain";

constexpr std::string_view kUnits[] = {"mps2", "g"};
constexpr std::string_view kSensors[] = {"location", "motion"};
constexpr std::string_view kEmitModes[] = {"window", "change"};

constexpr FlagSpec kExplainFlags[] = {
    {.name = "report"},
    {.name = "accel"},
    {.name = "accel-units", .allowed_values = kUnits},
    {.name = "gps"},
    {.name = "deny", .allowed_values = kSensors, .repeatable = true},
    {.name = "policy"},
    {.name = "emit", .allowed_values = kEmitModes},
};

constexpr std::string_view kExplainUsage =
    R"(usage: minsense explain --report FILE
       minsense explain --accel FILE [--accel-units mps2|g] [--gps FILE]
                        [--deny location|motion] [--policy FILE]
                        [--emit window|change]

Tells, in plain words and on one screen, what a replay did with the motion
data: what was read and for how long, what was rejected and why, whether the
raw data was wiped, how many messages and bytes left and which fields they
held.

  --report FILE   a ledger written by minsense replay --report FILE
  --accel FILE    replay FILE first (the flags of minsense replay) and
                  explain its ledger; the messages themselves are not shown
  -h, --help      show this help

Exit status: 0 on success; 2 for unusable arguments or unreadable input.
)";

// Thousands writes n with separators (1,234,567); from ten million on it
// writes a rounded word form (12.3 million) so that lines stay short.
std::string Thousands(uint64_t n) {
  if (n >= 10'000'000) {
    constexpr const char* kNames[] = {"million", "billion", "trillion", "quadrillion",
                                      "quintillion"};
    double v = static_cast<double>(n) / 1e6;
    int name = 0;
    while (v >= 1000 && name < 4) {
      v /= 1000;
      ++name;
    }
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%.1f %s", v, kNames[name]);
    return buf;
  }
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Bytes(uint64_t n) {
  char buf[32];
  if (n < 10 * 1024) return Thousands(n) + (n == 1 ? " byte" : " bytes");
  constexpr const char* kByteUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(n) / 1024.0;
  int unit = 0;
  while (v >= 10 * 1024.0 && unit < 5) {
    v /= 1024.0;
    ++unit;
  }
  std::snprintf(buf, sizeof(buf), "%.0f %s", v, kByteUnits[unit]);
  return buf;
}

std::string Duration(double seconds) {
  // Saturated at 1e18 s, well inside what llround can return.
  const auto total = static_cast<uint64_t>(std::llround(std::clamp(seconds, 0.0, 1e18)));
  const uint64_t h = total / 3600;
  const uint64_t m = total / 60 % 60;
  const uint64_t s = total % 60;
  char buf[48];
  if (h > 0) {
    std::snprintf(buf, sizeof(buf), "%llu h %llu min", static_cast<unsigned long long>(h),
                  static_cast<unsigned long long>(m));
  } else {
    std::snprintf(buf, sizeof(buf), "%llu min %llu s", static_cast<unsigned long long>(m),
                  static_cast<unsigned long long>(s));
  }
  return buf;
}

// ReasonWords is a reject reason in plain words; a reason added later falls
// back to its report name.
std::string_view ReasonWords(RejectReason r) {
  switch (r) {
    case RejectReason::kNonFinite:
      return "not a number";
    case RejectReason::kOutOfRange:
      return "beyond the sensor range";
    case RejectReason::kOutOfOrder:
      return "time went backwards";
    case RejectReason::kRepeatedTimestamp:
      return "repeated time";
    case RejectReason::kMalformedRow:
      return "unreadable rows";
    case RejectReason::kStuckSensor:
      return "stuck sensor";
    case RejectReason::kClipped:
      return "saturated sensor";
    case RejectReason::kImplausibleTime:
      return "time over a day ahead";
    default:
      return RejectReasonName(r);
  }
}

// Wrap appends `text` to `lines` under a 12-column label, wrapping at words
// so that no line exceeds kExplainMaxColumns.
void Wrap(std::vector<std::string>& lines, std::string_view label, std::string_view text) {
  constexpr size_t kIndent = 12;
  std::string line = std::string(label) + std::string(kIndent - label.size(), ' ');
  size_t used = kIndent;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (used > kIndent && used + 1 + word.size() > static_cast<size_t>(kExplainMaxColumns)) {
      lines.push_back(line);
      line = std::string(kIndent, ' ');
      used = kIndent;
    }
    if (used > kIndent) {
      line += ' ';
      ++used;
    }
    line += word;
    used += word.size();
    start = end + 1;
  }
  lines.push_back(line);
}

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return Thousands(n) + " " + std::string(n == 1 ? one : many);
}

// ToCount converts a JSON number to a count: false for a negative number or
// one beyond uint64 (a damaged report; the cast would be undefined). 2^64 is
// what a count of 2^64 - 1 reads back as, and saturates.
bool ToCount(double v, uint64_t* count) {
  if (!(v >= 0) || v > 0x1p64) return false;
  *count = v == 0x1p64 ? UINT64_MAX : static_cast<uint64_t>(v);
  return true;
}

}  // namespace

std::string ExplainLedger(const Ledger& l) {
  std::vector<std::string> lines;
  lines.push_back("What minsense did with your motion data:");
  Wrap(lines, "Read:",
       Plural(l.samples_in, "accelerometer sample", "accelerometer samples") + " (" +
           Bytes(l.bytes_in) + "), covering " + Duration(l.seconds_accepted) + ".");
  std::string checked =
      Thousands(l.samples_accepted) + " accepted, " + Thousands(l.rejected_total()) + " rejected";
  bool first = true;
  for (int i = 0; i < kRejectReasonCount; ++i) {
    if (l.rejected[i] == 0) continue;
    checked += first ? ": " : ", ";
    first = false;
    checked +=
        Thousands(l.rejected[i]) + " " + std::string(ReasonWords(static_cast<RejectReason>(i)));
  }
  Wrap(lines, "Checked:", checked + ".");
  if (l.denied_samples > 0) {
    Wrap(lines, "Denied:",
         Plural(l.denied_samples, "sample", "samples") +
             " of a sensor you did not allow, "
             "dropped unread.");
  }
  if (l.gps_fixes_in > 0) {
    const uint64_t gps_rejected = l.gps_rejected_total();
    std::string location = Plural(l.gps_fixes_in, "GPS fix", "GPS fixes") + " (" +
                           Bytes(l.gps_bytes_in) + "): " + Thousands(l.gps_fixes_accepted) +
                           " accepted, " + Thousands(gps_rejected) + " rejected";
    bool first_gps = true;
    for (int i = 0; i < kGpsRejectReasonCount; ++i) {
      if (l.gps_rejected[static_cast<size_t>(i)] == 0) continue;
      location += first_gps ? " (" : ", ";
      first_gps = false;
      location += Thousands(l.gps_rejected[static_cast<size_t>(i)]) + " " +
                  std::string(GpsRejectReasonName(static_cast<GpsRejectReason>(i)));
    }
    if (!first_gps) location += ")";
    Wrap(lines, "Location:",
         location + "; each fix turned into a speed at once, " +
             Plural(l.gps_windows, "GPS-only window", "GPS-only windows") +
             " analysed; no coordinate, speed or distance was sent.");
  }
  Wrap(lines, "Analysed:",
       Plural(l.windows, "window", "windows") + "; " + Plural(l.gap_resets, "restart", "restarts") +
           " after gaps.");
  if (l.raw_wipes > 0 && l.raw_buffers_clear) {
    Wrap(lines, "Wiped:",
         "yes: raw buffers zeroed " + Plural(l.raw_wipes, "time", "times") +
             ", last after the end of the data; none holds a sample now. Nothing raw was "
             "written to disk.");
  } else if (l.samples_accepted == 0 && l.gps_fixes_accepted == 0) {
    Wrap(lines, "Wiped:", "nothing to wipe: no sample or fix was accepted.");
  } else {
    Wrap(lines, "Wiped:", "NOT CONFIRMED: the ledger records no wipe after the last sample.");
  }
  std::string sent = Plural(l.messages_out, "message", "messages") + ", " + Bytes(l.bytes_out);
  if (l.messages_dropped > 0) sent += " (" + Thousands(l.messages_dropped) + " never collected)";
  if (l.bytes_out > 0 && l.bytes_in > 0) {
    sent += "; " + Thousands(l.bytes_in / l.bytes_out) + " bytes read per byte sent";
  }
  Wrap(lines, "Sent:", sent + ".");
  Wrap(lines, "Fields:",
       "activity in " + Thousands(l.activity_fields_out) + ", confidence in " +
           Thousands(l.confidence_fields_out) + ", cadence_spm in " +
           Thousands(l.cadence_fields_out) + ", time_bucket_minutes in " +
           Plural(l.time_bucket_fields_out, "message", "messages") + "; nothing else.");
  if (l.masked_labels > 0) {
    Wrap(lines, "Masked:",
         Plural(l.masked_labels, "label", "labels") +
             " not allowed by the policy sent as "
             "UNKNOWN.");
  }
  Wrap(lines, "Never sent:",
       "raw samples, coordinates, speed, distance, IDs, precise times, your step count (" +
           Thousands(l.steps) + ", kept here).");
  if (l.ldp_epsilon > 0) {
    char eps[32];
    std::snprintf(eps, sizeof(eps), "%g", l.ldp_epsilon);
    Wrap(lines, "Noise:",
         "on: label and tempo randomised in " +
             Plural(l.randomised_messages, "message", "messages") + ", epsilon " + eps + " each.");
  } else {
    Wrap(lines, "Noise:", "off (randomised response is optional).");
  }
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

StatusOr<Ledger> LedgerFromJson(std::string_view json) {
  google::protobuf::Struct parsed;
  const auto status = google::protobuf::util::JsonStringToMessage(std::string(json), &parsed);
  if (!status.ok()) return DataLossError("not a minsense ledger (JSON expected)");
  const auto& f = parsed.fields();
  bool ok = true;
  auto number = [&f, &ok](const char* key) -> double {
    auto it = f.find(key);
    if (it == f.end() || !it->second.has_number_value()) {
      ok = false;
      return 0;
    }
    return it->second.number_value();
  };
  // to_count: a number in a nested object; non-numbers count as 0.
  auto to_count = [&ok](const google::protobuf::Value& value) -> uint64_t {
    uint64_t n = 0;
    if (value.has_number_value() && !ToCount(value.number_value(), &n)) ok = false;
    return n;
  };
  auto count = [&number, &ok](const char* key) -> uint64_t {
    uint64_t n = 0;
    if (!ToCount(number(key), &n)) ok = false;
    return n;
  };
  auto optional_count = [&f, &count](const char* key) -> uint64_t {
    return f.contains(key) ? count(key) : 0;
  };
  Ledger l;
  l.samples_in = count("samples_in");
  l.bytes_in = count("bytes_in");
  l.messages_out = count("messages_out");
  l.bytes_out = count("bytes_out");
  l.steps = count("steps");
  l.samples_accepted = optional_count("samples_accepted");
  l.gap_resets = optional_count("gap_resets");
  l.windows = optional_count("windows");
  l.messages_dropped = optional_count("messages_dropped");
  l.cadence_fields_out = optional_count("cadence_fields_out");
  l.denied_samples = optional_count("denied_samples");
  l.raw_wipes = optional_count("raw_wipes");
  l.raw_bytes_wiped = optional_count("raw_bytes_wiped");
  l.masked_labels = optional_count("masked_labels");
  l.randomised_messages = optional_count("randomised_messages");
  l.gps_fixes_in = optional_count("gps_fixes_in");
  l.gps_bytes_in = optional_count("gps_bytes_in");
  l.gps_fixes_accepted = optional_count("gps_fixes_accepted");
  l.gps_windows = optional_count("gps_windows");
  l.denied_gps_fixes = optional_count("denied_gps_fixes");
  if (auto gps = f.find("gps_rejected"); gps != f.end() && gps->second.has_struct_value()) {
    const auto& g = gps->second.struct_value().fields();
    for (int i = 0; i < kGpsRejectReasonCount; ++i) {
      auto it = g.find(std::string(GpsRejectReasonName(static_cast<GpsRejectReason>(i))));
      if (it != g.end()) l.gps_rejected[static_cast<size_t>(i)] = to_count(it->second);
    }
  }
  l.seconds_accepted = f.contains("seconds_accepted") ? number("seconds_accepted") : 0;
  if (!(l.seconds_accepted >= 0)) ok = false;
  l.ldp_epsilon = f.contains("ldp_epsilon") ? number("ldp_epsilon") : 0;
  l.raw_buffers_clear = f.contains("raw_buffers_clear") && f.at("raw_buffers_clear").bool_value();
  auto rejected = f.find("rejected");
  if (rejected == f.end() || !rejected->second.has_struct_value()) {
    ok = false;
  } else {
    const auto& r = rejected->second.struct_value().fields();
    for (int i = 0; i < kRejectReasonCount; ++i) {
      auto it = r.find(std::string(RejectReasonName(static_cast<RejectReason>(i))));
      if (it != r.end()) l.rejected[i] = to_count(it->second);
    }
  }
  if (auto fields = f.find("fields_out"); fields != f.end() && fields->second.has_struct_value()) {
    const auto& ff = fields->second.struct_value().fields();
    auto field = [&ff, &to_count](const char* key) -> uint64_t {
      auto it = ff.find(key);
      return it != ff.end() ? to_count(it->second) : 0;
    };
    l.activity_fields_out = field("activity");
    l.confidence_fields_out = field("confidence");
    l.time_bucket_fields_out = field("time_bucket_minutes");
  }
  if (!ok) {
    return DataLossError("not a minsense ledger (a required key is missing or out of range)");
  }
  return l;
}

std::string_view ExplainUsage() { return kExplainUsage; }

int RunExplain(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
  auto fail = [&err](std::string_view reason) { return UsageError(err, kErrorPrefix, reason); };
  CommandStart start =
      StartCommand(args, kExplainFlags, "explain", kErrorPrefix, kExplainUsage, out, err);
  if (!start.flags) return start.exit_code;
  const ParsedFlags& flags = *start.flags;
  const bool has_report = flags.has("report");
  if (has_report == flags.has("accel")) {
    return fail("give either --report FILE or --accel FILE (see minsense explain --help)");
  }
  Ledger ledger;
  if (has_report) {
    for (std::string_view name : {"accel-units", "gps", "deny", "policy", "emit"}) {
      if (flags.has(name)) {
        return fail("--" + std::string(name) +
                    " needs --accel, not --report (see minsense "
                    "explain --help)");
      }
    }
    const std::string path(flags.value_or("report", ""));
    errno = 0;
    std::ifstream file(path, std::ios::binary);
    if (!file) return fail("cannot read report " + path);
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    StatusOr<Ledger> loaded = LedgerFromJson(text);
    if (!loaded.ok()) return fail("bad report " + path + ": " + loaded.status().message());
    ledger = *loaded;
  } else {
    // The messages are not shown: they are discarded in binary form.
    std::vector<std::string_view> replay_args(args.begin(), args.end());
    replay_args.push_back("--format");
    replay_args.push_back("binary");
    std::ostringstream discarded;
    const int status = RunReplayForLedger(replay_args, discarded, err, kErrorPrefix, &ledger);
    if (status != kExitOk) return status;
  }
  out << ExplainLedger(ledger) << std::flush;
  return kExitOk;
}

}  // namespace minsense::tools
