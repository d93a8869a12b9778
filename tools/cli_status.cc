#include "tools/cli_status.h"

#include <string>
#include <utility>

namespace minsense::tools {

void PrintErrorLine(std::ostream& err, std::string_view prefix, std::string_view reason) {
  std::string line(prefix);
  line += ": ";
  for (char c : reason) {
    const auto byte = static_cast<unsigned char>(c);
    line += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  line += '\n';
  err << line << std::flush;
}

int UsageError(std::ostream& err, std::string_view prefix, std::string_view reason) {
  PrintErrorLine(err, prefix, reason);
  return kExitUsage;
}

CommandStart StartCommand(std::span<const std::string_view> args, std::span<const FlagSpec> specs,
                          std::string_view command, std::string_view error_prefix,
                          std::string_view usage, std::ostream& out, std::ostream& err) {
  CommandStart start;
  if (WantsHelp(args)) {
    out << usage << std::flush;
    return start;
  }
  StatusOr<ParsedFlags> parsed = ParseFlags(args, specs);
  if (!parsed.ok()) {
    std::string reason = parsed.status().message();
    reason += " (see minsense ";
    reason += command;
    reason += " --help)";
    start.exit_code = UsageError(err, error_prefix, reason);
    return start;
  }
  start.flags = std::move(parsed).value();
  return start;
}

}  // namespace minsense::tools
