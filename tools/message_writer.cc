#include "tools/message_writer.h"

#include <google/protobuf/util/delimited_message_util.h>
#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <cstdio>

namespace minsense::tools {
namespace {

// StripPrefix drops an enum name's type prefix: "ACTIVITY_WALKING" -> "WALKING".
std::string_view StripPrefix(std::string_view name, std::string_view prefix) {
  if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  return name;
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "jsonl") return OutputFormat::kJsonl;
  if (name == "text") return OutputFormat::kText;
  if (name == "binary") return OutputFormat::kBinary;
  return std::nullopt;
}

std::string FormatTextLine(const v1::ActivityUpdate& message) {
  const std::string_view activity = StripPrefix(v1::Activity_Name(message.activity()), "ACTIVITY_");
  // No confidence (CONFIDENCE_UNSPECIFIED, absent on the wire) shows as blank.
  std::string confidence(
      message.confidence() == v1::CONFIDENCE_UNSPECIFIED
          ? std::string_view()
          : StripPrefix(v1::Confidence_Name(message.confidence()), "CONFIDENCE_"));
  for (char& c : confidence) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  const uint32_t minutes = message.time_bucket_minutes();
  char line[96];
  int length =
      std::snprintf(line, sizeof(line), "%02u:%02u  %-10.*s %-6s", minutes / 60, minutes % 60,
                    static_cast<int>(activity.size()), activity.data(), confidence.c_str());
  if (message.has_cadence_spm() && length > 0 && static_cast<size_t>(length) < sizeof(line)) {
    std::snprintf(line + length, sizeof(line) - static_cast<size_t>(length), " %4u spm",
                  message.cadence_spm());
  }
  std::string out(line);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Status MessageWriter::Write(const v1::ActivityUpdate& message) {
  switch (format_) {
    case OutputFormat::kJsonl: {
      google::protobuf::util::JsonPrintOptions options;
      options.preserve_proto_field_names = true;
      options.always_print_primitive_fields = true;  // time_bucket_minutes 0 is a real bucket.
      scratch_.clear();
      auto converted = google::protobuf::util::MessageToJsonString(message, &scratch_, options);
      if (!converted.ok()) {
        return InternalError("cannot render a message as JSON: " +
                             std::string(converted.message()));
      }
      // always_print_primitive_fields is for time bucket 0; a confidence of
      // CONFIDENCE_UNSPECIFIED did not leave (absent on the wire), so it is
      // not shown either.
      if (message.confidence() == v1::CONFIDENCE_UNSPECIFIED) {
        constexpr std::string_view kAbsent = "\"confidence\":\"CONFIDENCE_UNSPECIFIED\"";
        if (const size_t at = scratch_.find(kAbsent); at != std::string::npos) {
          const bool comma_after =
              at + kAbsent.size() < scratch_.size() && scratch_[at + kAbsent.size()] == ',';
          const bool comma_before = !comma_after && at > 0 && scratch_[at - 1] == ',';
          scratch_.erase(comma_before ? at - 1 : at,
                         kAbsent.size() + (comma_after || comma_before));
        }
      }
      scratch_ += '\n';
      out_->write(scratch_.data(), static_cast<std::streamsize>(scratch_.size()));
      break;
    }
    case OutputFormat::kText: {
      scratch_ = FormatTextLine(message);
      scratch_ += '\n';
      out_->write(scratch_.data(), static_cast<std::streamsize>(scratch_.size()));
      break;
    }
    case OutputFormat::kBinary: {
      if (!google::protobuf::util::SerializeDelimitedToOstream(message, out_)) {
        return DataLossError("cannot write a length-delimited message");
      }
      break;
    }
  }
  if (!*out_) return DataLossError("cannot write to the output stream");
  ++messages_written_;
  return Status::Ok();
}

}  // namespace minsense::tools
