// train_command.h: `minsense train`, fits the activity model on corpora.
#ifndef MINSENSE_TOOLS_TRAIN_COMMAND_H_
#define MINSENSE_TOOLS_TRAIN_COMMAND_H_

#include <ostream>
#include <span>
#include <string_view>

namespace minsense::tools {

int RunTrain(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

const char* TrainUsage();

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_TRAIN_COMMAND_H_
