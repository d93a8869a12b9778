// explain_command.h: `minsense explain`, which tells a person in plain words
// what a run did with their motion data: what was read and for how long, what
// was rejected and why, whether the raw data was wiped, how many messages and
// bytes left and exactly which fields they held. It fits on one screen (at
// most 24 lines of at most 80 columns).
//
//   minsense explain --report ledger.json      # a ledger from replay --report
//   minsense explain --accel walk.accel.csv    # replays first (same flags)
#ifndef MINSENSE_TOOLS_EXPLAIN_COMMAND_H_
#define MINSENSE_TOOLS_EXPLAIN_COMMAND_H_

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/ledger.h"
#include "pipeline/status.h"

namespace minsense::tools {

// kExplainMaxLines / kExplainMaxColumns: the screen the explanation fits.
inline constexpr int kExplainMaxLines = 24;
inline constexpr int kExplainMaxColumns = 80;

// ExplainLedger renders `ledger` as the plain-words explanation, ending in a
// newline. It holds counts only, never a sample value.
std::string ExplainLedger(const Ledger& ledger);

// LedgerFromJson parses the JSON of LedgerToJson back into a Ledger. Returns
// kDataLoss when `json` is not such an object.
StatusOr<Ledger> LedgerFromJson(std::string_view json);

// ExplainUsage is the text of `minsense explain --help`.
std::string_view ExplainUsage();

// RunExplain runs `minsense explain` with `args`, the words after "explain".
int RunExplain(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_EXPLAIN_COMMAND_H_
