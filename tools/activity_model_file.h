// activity_model_file.h: reads and writes activity model files (protobuf
// text format, as `minsense train` writes them and the repository commits
// them in pipeline/models/).
#ifndef MINSENSE_TOOLS_ACTIVITY_MODEL_FILE_H_
#define MINSENSE_TOOLS_ACTIVITY_MODEL_FILE_H_

#include <string>

#include "minsense/v1/activity_model.pb.h"
#include "pipeline/status.h"

namespace minsense::tools {

// ReadActivityModelFile parses a text-format model. Errors name the file and
// say what is wrong; the model is not validated here (Pipeline::Create does).
StatusOr<v1::ActivityModel> ReadActivityModelFile(const std::string& path);

// ActivityModelText renders a model as text, after a comment header.
std::string ActivityModelText(const v1::ActivityModel& model, const std::string& header_comment);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_ACTIVITY_MODEL_FILE_H_
