#include "tools/activity_model_file.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

namespace minsense::tools {
namespace {

// Collects the first parse error (line and column only).
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& /*message*/) override {
    if (line_ < 0) {
      line_ = line + 1;
      column_ = column + 1;
    }
  }
  int line_ = -1;
  int column_ = -1;
};

}  // namespace

StatusOr<v1::ActivityModel> ReadActivityModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open activity model " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return DataLossError("cannot read activity model " + path);
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  v1::ActivityModel model;
  if (!parser.ParseFromString(text.str(), &model)) {
    return InvalidArgumentError(
        "activity model " + path + " is not a text-format ActivityModel (line " +
        std::to_string(errors.line_) + ", column " + std::to_string(errors.column_) + ")");
  }
  return model;
}

std::string ActivityModelText(const v1::ActivityModel& model, const std::string& header_comment) {
  std::string body;
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseShortRepeatedPrimitives(true);
  printer.PrintToString(model, &body);
  std::string out;
  std::istringstream lines(header_comment);
  for (std::string line; std::getline(lines, line);) out += "# " + line + "\n";
  return out + body;
}

}  // namespace minsense::tools
