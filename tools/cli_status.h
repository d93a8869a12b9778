// cli_status.h: exit statuses and error lines shared by the minsense
// subcommands.
//
// Every failure prints exactly one line on stderr, "minsense CMD: reason",
// and returns a documented exit status. Reasons come from Status messages,
// which never hold sample values (promise 4 of PRODUCT.md).
#ifndef MINSENSE_TOOLS_CLI_STATUS_H_
#define MINSENSE_TOOLS_CLI_STATUS_H_

#include <optional>
#include <ostream>
#include <span>
#include <string_view>

#include "tools/flags.h"

namespace minsense::tools {

// Exit statuses of the minsense tool; kExitUsage is a contract (PRODUCT.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitOutputError = 1;  // stdout could not be written.
inline constexpr int kExitUsage = 2;        // Unusable arguments or input.

// PrintErrorLine writes "`prefix`: `reason`\n" to `err`, with every control
// character of `reason` (a newline from a file name, say) replaced by '?',
// so that the reason is always one line.
void PrintErrorLine(std::ostream& err, std::string_view prefix, std::string_view reason);

// UsageError prints the error line "`prefix`: `reason`" and returns
// kExitUsage, for `return UsageError(err, prefix, "--out FILE is required");`.
int UsageError(std::ostream& err, std::string_view prefix, std::string_view reason);

// CommandStart is the outcome of the first step every subcommand shares.
struct CommandStart {
  std::optional<ParsedFlags> flags;  // Set when the command should go on.
  int exit_code = kExitOk;           // Otherwise the status to return.
};

// StartCommand handles what comes before a subcommand's own work: with
// --help or -h it prints `usage` on `out` and stops with kExitOk; otherwise it
// parses `args` against `specs`, and on a flag error prints one line,
// "`error_prefix`: reason (see minsense `command` --help)", and stops with
// kExitUsage.
//   CommandStart start = StartCommand(args, kFlags, "eval", "minsense eval",
//                                     EvalUsage(), out, err);
//   if (!start.flags) return start.exit_code;
CommandStart StartCommand(std::span<const std::string_view> args, std::span<const FlagSpec> specs,
                          std::string_view command, std::string_view error_prefix,
                          std::string_view usage, std::ostream& out, std::ostream& err);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_CLI_STATUS_H_
