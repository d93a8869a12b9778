// message_writer.h: writes egress messages to a stream in one of the output
// formats of `minsense replay --format`.
//
//   jsonl   one message per line in protobuf's JSON mapping, .proto field
//           names kept: {"activity":"ACTIVITY_WALKING","confidence":
//           "CONFIDENCE_HIGH","cadence_spm":115,"time_bucket_minutes":0}
//           (time_bucket_minutes even when 0; confidence only when sent)
//   text    one line per message for a person: "00:03  WALKING    high    115 spm"
//   binary  each message length-delimited: a varint byte count, then the
//           serialized message (protobuf's writeDelimitedTo framing)
//
//   MessageWriter writer(OutputFormat::kJsonl, &std::cout);
//   Status written = writer.Write(update);
#ifndef MINSENSE_TOOLS_MESSAGE_WRITER_H_
#define MINSENSE_TOOLS_MESSAGE_WRITER_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/status.h"

namespace minsense::tools {

// OutputFormat is the value of `--format`.
enum class OutputFormat { kJsonl, kText, kBinary };

// ParseOutputFormat maps "jsonl", "text" or "binary" to its format.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// FormatTextLine renders one message as a line for a person, without '\n':
// the time bucket as hours:minutes, the activity, the confidence and, while
// stepping, the cadence.
std::string FormatTextLine(const v1::ActivityUpdate& message);

// MessageWriter writes messages to a stream it does not own.
class MessageWriter {
 public:
  MessageWriter(OutputFormat format, std::ostream* out) : format_(format), out_(out) {}

  // Write writes one message. Returns kInternal when the message cannot be
  // rendered and kDataLoss when the stream fails.
  Status Write(const v1::ActivityUpdate& message);

  // messages_written: messages written successfully so far.
  uint64_t messages_written() const { return messages_written_; }

 private:
  OutputFormat format_;
  std::ostream* out_;
  std::string scratch_;  // Reused between messages.
  uint64_t messages_written_ = 0;
};

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_MESSAGE_WRITER_H_
