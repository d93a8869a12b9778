// cli_status.h: exit statuses and error lines shared by the minsense
// subcommands.
//
// Every failure prints exactly one line on stderr, "minsense CMD: reason",
// and returns a documented exit status. Reasons come from Status messages,
// which never hold sample values (promise 4 of PRODUCT.md).
#ifndef MINSENSE_TOOLS_CLI_STATUS_H_
#define MINSENSE_TOOLS_CLI_STATUS_H_

#include <ostream>
#include <string_view>

namespace minsense::tools {

// Exit statuses of the minsense tool; kExitUsage is a contract (PRODUCT.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitOutputError = 1;  // stdout could not be written.
inline constexpr int kExitUsage = 2;        // Unusable arguments or input.

// PrintErrorLine writes "`prefix`: `reason`\n" to `err`, with every control
// character of `reason` (a newline from a file name, say) replaced by '?',
// so that the reason is always one line.
void PrintErrorLine(std::ostream& err, std::string_view prefix, std::string_view reason);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_CLI_STATUS_H_
