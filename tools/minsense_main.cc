// minsense: the command-line tool. This file only dispatches to the
// subcommands; each lives in its own *_command.cc.
//
//   minsense replay --accel walk.accel.csv --format text --report -
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli_status.h"
#include "tools/eval_command.h"
#include "tools/explain_command.h"
#include "tools/replay_command.h"
#include "tools/train_command.h"
#include "tools/train_gps_command.h"

namespace minsense::tools {
namespace {

// Command is one subcommand: its name, a one-line summary for the usage text
// and its entry point, which receives the words after the name.
struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
};

// kCommands: add a subcommand here and it appears in the usage text.
constexpr Command kCommands[] = {
    {"replay", "replay a recorded stream through the pipeline, print the egress messages",
     &RunReplay},
    {"eval", "replay whole corpora in parallel, print accuracy figures", &RunEval},
    {"explain", "tell in plain words what a replay read, wiped and sent", &RunExplain},
    {"train", "fit the activity model on corpora, write it as a model file", &RunTrain},
    {"train-gps", "learn the GPS-only transport-mode model from a GPS corpus", &RunTrainGps},
};

void PrintUsage(std::ostream& os) {
  os << "usage: minsense COMMAND [FLAGS]\n\n"
        "On-device activity and step cadence from phone accelerometer streams.\n\n"
        "Commands:\n";
  for (const Command& command : kCommands) {
    const size_t pad = command.name.size() < 10 ? 10 - command.name.size() : 1;
    os << "  " << command.name << std::string(pad, ' ') << command.summary << "\n";
  }
  os << "\nRun 'minsense COMMAND --help' for the flags of a command.\n"
        "  -h, --help   show this help\n"
        "  --version    show the version\n";
}

int Main(std::span<const std::string_view> args) {
  if (args.empty()) {
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  const std::string_view first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "minsense " << MINSENSE_VERSION << "\n";
    return kExitOk;
  }
  for (const Command& command : kCommands) {
    if (command.name == first) return command.run(args.subspan(1), std::cout, std::cerr);
  }
  PrintErrorLine(std::cerr, "minsense",
                 "unknown command '" + std::string(first) + "' (see minsense --help)");
  return kExitUsage;
}

}  // namespace
}  // namespace minsense::tools

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return minsense::tools::Main(args);
}
