#include "tools/flags.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace minsense::tools {
namespace {

constexpr std::string_view kFormats[] = {"jsonl", "text", "binary"};
constexpr FlagSpec kSpecs[] = {
    {.name = "accel"},
    {.name = "format", .allowed_values = kFormats},
    {.name = "deny", .repeatable = true},
};

StatusOr<ParsedFlags> Parse(std::vector<std::string_view> args) { return ParseFlags(args, kSpecs); }

void ExpectError(std::vector<std::string_view> args, const std::string& message) {
  StatusOr<ParsedFlags> parsed = Parse(args);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(), message);
}

TEST(FlagsTest, ParsesSeparateAndInlineValues) {
  StatusOr<ParsedFlags> parsed = Parse({"--accel", "a.csv", "--format=text"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->has("accel"));
  EXPECT_EQ(parsed->value_or("accel", ""), "a.csv");
  EXPECT_EQ(parsed->value_or("format", "jsonl"), "text");
  EXPECT_FALSE(parsed->has("deny"));
  EXPECT_EQ(parsed->value_or("deny", "none"), "none");
  EXPECT_TRUE(parsed->values("deny").empty());
}

TEST(FlagsTest, InlineValueMayHoldEqualsAndDashes) {
  StatusOr<ParsedFlags> parsed = Parse({"--accel=--odd=name.csv"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->value_or("accel", ""), "--odd=name.csv");
}

TEST(FlagsTest, RepeatableFlagKeepsEveryValueInOrder) {
  StatusOr<ParsedFlags> parsed = Parse({"--deny", "location", "--deny=motion"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->values("deny"), (std::vector<std::string_view>{"location", "motion"}));
  EXPECT_EQ(parsed->value_or("deny", ""), "motion");
}

TEST(FlagsTest, RejectsWhatIsNotDeclared) {
  ExpectError({"--acel", "a.csv"}, "unknown flag --acel");
  ExpectError({"--accel", "a.csv", "extra"}, "unexpected argument 'extra'");
  ExpectError({"-accel", "a.csv"}, "unexpected argument '-accel'");
  ExpectError({"--"}, "unexpected argument '--'");
}

TEST(FlagsTest, RejectsMissingEmptyRepeatedAndBadValues) {
  ExpectError({"--accel"}, "--accel needs a value");
  ExpectError({"--accel", "--format", "text"}, "--accel needs a value");
  ExpectError({"--accel="}, "--accel has an empty value");
  ExpectError({"--accel", "a", "--accel", "b"}, "--accel given twice");
  ExpectError({"--format", "xml"}, "--format must be jsonl, text or binary, not 'xml'");
}

TEST(FlagsTest, WantsHelpFindsHelpAnywhere) {
  const std::vector<std::string_view> with = {"--accel", "a.csv", "-h"};
  const std::vector<std::string_view> without = {"--accel", "a.csv"};
  EXPECT_TRUE(WantsHelp(with));
  EXPECT_FALSE(WantsHelp(without));
}

}  // namespace
}  // namespace minsense::tools
