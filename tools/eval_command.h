// eval_command.h: `minsense eval --corpus DIR... [--json] [--threads N]
// [--decimate-hz HZ] [--activity NAME]...`
//
// Replays whole corpora (their manifest.csv) in parallel and prints accuracy
// figures per corpus, activity and carry position: a table, or JSON with
// --json. Progress goes to stderr when it is a terminal.
#ifndef MINSENSE_TOOLS_EVAL_COMMAND_H_
#define MINSENSE_TOOLS_EVAL_COMMAND_H_

#include <ostream>
#include <span>
#include <string_view>

namespace minsense::tools {

// RunEval takes the arguments after `eval`; returns the exit status.
int RunEval(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

// EvalUsage is the help text.
const char* EvalUsage();

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_EVAL_COMMAND_H_
