#include "tools/message_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace minsense::tools {
namespace {

v1::ActivityUpdate Walking() {
  v1::ActivityUpdate m;
  m.set_activity(v1::ACTIVITY_WALKING);
  m.set_confidence(v1::CONFIDENCE_HIGH);
  m.set_cadence_spm(115);
  m.set_time_bucket_minutes(3);
  return m;
}

v1::ActivityUpdate Still() {
  v1::ActivityUpdate m;
  m.set_activity(v1::ACTIVITY_STILL);
  m.set_confidence(v1::CONFIDENCE_MEDIUM);
  return m;  // No cadence; time bucket 0.
}

std::string WriteAll(OutputFormat format) {
  std::ostringstream out;
  MessageWriter writer(format, &out);
  EXPECT_TRUE(writer.Write(Walking()).ok());
  EXPECT_TRUE(writer.Write(Still()).ok());
  EXPECT_EQ(writer.messages_written(), 2u);
  return out.str();
}

TEST(MessageWriterTest, ParsesFormatNames) {
  EXPECT_EQ(ParseOutputFormat("jsonl"), OutputFormat::kJsonl);
  EXPECT_EQ(ParseOutputFormat("text"), OutputFormat::kText);
  EXPECT_EQ(ParseOutputFormat("binary"), OutputFormat::kBinary);
  EXPECT_FALSE(ParseOutputFormat("json").has_value());
}

TEST(MessageWriterTest, JsonlKeepsProtoFieldNamesAndBucketZero) {
  const std::string out = WriteAll(OutputFormat::kJsonl);
  const size_t newline = out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const std::string first = out.substr(0, newline);
  const std::string second = out.substr(newline + 1);
  EXPECT_EQ(first,
            "{\"activity\":\"ACTIVITY_WALKING\",\"confidence\":\"CONFIDENCE_HIGH\","
            "\"time_bucket_minutes\":3,\"cadence_spm\":115}");
  EXPECT_EQ(second,
            "{\"activity\":\"ACTIVITY_STILL\",\"confidence\":\"CONFIDENCE_MEDIUM\","
            "\"time_bucket_minutes\":0}\n");
  v1::ActivityUpdate parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(first, &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), Walking().SerializeAsString());
}

TEST(MessageWriterTest, TextIsOneReadableLinePerMessage) {
  EXPECT_EQ(FormatTextLine(Walking()), "00:03  WALKING    high    115 spm");
  EXPECT_EQ(FormatTextLine(Still()), "00:00  STILL      medium");
  v1::ActivityUpdate late = Still();
  late.set_time_bucket_minutes(125);
  late.set_activity(v1::ACTIVITY_IN_VEHICLE);
  EXPECT_EQ(FormatTextLine(late), "02:05  IN_VEHICLE medium");
  EXPECT_EQ(WriteAll(OutputFormat::kText),
            "00:03  WALKING    high    115 spm\n00:00  STILL      medium\n");
}

TEST(MessageWriterTest, AConfidenceThatDidNotLeaveIsNotShown) {
  // With emit_confidence off or LDP on, messages carry no confidence (proto3
  // zero, absent on the wire, counted 0 in fields_out): the output must not
  // show one, while time bucket 0 stays shown.
  v1::ActivityUpdate m = Walking();
  m.clear_confidence();
  m.set_time_bucket_minutes(0);
  std::ostringstream out;
  MessageWriter writer(OutputFormat::kJsonl, &out);
  ASSERT_TRUE(writer.Write(m).ok());
  EXPECT_EQ(out.str(),
            "{\"activity\":\"ACTIVITY_WALKING\",\"time_bucket_minutes\":0,"
            "\"cadence_spm\":115}\n");
  v1::ActivityUpdate parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), m.SerializeAsString());
  EXPECT_EQ(FormatTextLine(m), "00:00  WALKING            115 spm");
  m.clear_cadence_spm();
  EXPECT_EQ(FormatTextLine(m), "00:00  WALKING");
}

TEST(MessageWriterTest, BinaryIsLengthDelimited) {
  const std::string out = WriteAll(OutputFormat::kBinary);
  const std::string walking = Walking().SerializeAsString();
  ASSERT_LT(walking.size(), 128u);  // One-byte varint.
  EXPECT_EQ(static_cast<size_t>(out[0]), walking.size());
  EXPECT_EQ(out.substr(1, walking.size()), walking);

  google::protobuf::io::ArrayInputStream input(out.data(), static_cast<int>(out.size()));
  google::protobuf::io::CodedInputStream coded(&input);
  v1::ActivityUpdate a, b, c;
  bool clean_eof = false;
  ASSERT_TRUE(google::protobuf::util::ParseDelimitedFromCodedStream(&a, &coded, &clean_eof));
  ASSERT_TRUE(google::protobuf::util::ParseDelimitedFromCodedStream(&b, &coded, &clean_eof));
  EXPECT_FALSE(google::protobuf::util::ParseDelimitedFromCodedStream(&c, &coded, &clean_eof));
  EXPECT_TRUE(clean_eof);
  EXPECT_EQ(b.SerializeAsString(), Still().SerializeAsString());
}

TEST(MessageWriterTest, ReportsAFailedStream) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  MessageWriter writer(OutputFormat::kText, &out);
  const Status written = writer.Write(Walking());
  EXPECT_EQ(written.code(), StatusCode::kDataLoss);
  EXPECT_EQ(writer.messages_written(), 0u);
}

}  // namespace
}  // namespace minsense::tools
