// train_gps_command.h: `minsense train-gps`, which learns the GPS-only
// transport-mode model from a labelled GPS corpus and writes it as a
// text-format minsense.v1.GpsTransportModel.
#ifndef MINSENSE_TOOLS_TRAIN_GPS_COMMAND_H_
#define MINSENSE_TOOLS_TRAIN_GPS_COMMAND_H_

#include <ostream>
#include <span>
#include <string_view>

namespace minsense::tools {

int RunTrainGps(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_TRAIN_GPS_COMMAND_H_
