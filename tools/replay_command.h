// replay_command.h: `minsense replay`, which runs one recorded stream through
// the on-device pipeline and prints the egress messages that would leave the
// device.
//
// The command line is a contract (PRODUCT.md, "Interfaces that others rely
// on"):
//   minsense replay --accel FILE [--accel-units mps2|g] [--gps FILE]
//       [--deny location|motion] [--policy FILE] [--emit window|change]
//       [--format jsonl|text|binary] [--report FILE]
#ifndef MINSENSE_TOOLS_REPLAY_COMMAND_H_
#define MINSENSE_TOOLS_REPLAY_COMMAND_H_

#include <ostream>
#include <span>
#include <string_view>

#include "pipeline/ledger.h"

namespace minsense::tools {

// ReplayUsage is the text of `minsense replay --help`, ending in a newline.
std::string_view ReplayUsage();

// RunReplay runs `minsense replay` with `args`, the words after "replay".
// Messages go to `out`; the one-line error reason (and `--report -`) to
// `err`. Returns the process exit status (see cli_status.h).
int RunReplay(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

// RunReplayForLedger is RunReplay with error lines prefixed by
// `error_prefix` (e.g. "minsense explain") and, on success, the final ledger
// copied to *ledger when it is not null. Used by `minsense explain --accel`.
int RunReplayForLedger(std::span<const std::string_view> args, std::ostream& out, std::ostream& err,
                       std::string_view error_prefix, Ledger* ledger);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_REPLAY_COMMAND_H_
