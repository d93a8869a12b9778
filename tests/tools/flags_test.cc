#include "tools/flags.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
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

constexpr FlagSpec kEvalLikeSpecs[] = {
    {.name = "corpus", .kind = FlagKind::kWordList},
    {.name = "json", .kind = FlagKind::kSwitch},
    {.name = "threads"},
    {.name = "decimate-hz"},
};

StatusOr<ParsedFlags> ParseEvalLike(std::vector<std::string_view> args) {
  return ParseFlags(args, kEvalLikeSpecs);
}

TEST(FlagsTest, WordListTakesEveryWordUpToTheNextFlag) {
  StatusOr<ParsedFlags> parsed =
      ParseEvalLike({"--corpus", "a", "b", "c", "--json", "--corpus=d", "--threads", "2"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->values("corpus"), (std::vector<std::string_view>{"a", "b", "c", "d"}));
  EXPECT_TRUE(parsed->has("json"));
  EXPECT_EQ(parsed->value_or("threads", ""), "2");
}

TEST(FlagsTest, SwitchTakesNoValueAndWordListNeedsOne) {
  StatusOr<ParsedFlags> parsed = ParseEvalLike({"--corpus", "a"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->has("json"));
  for (const auto& [args, message] :
       std::vector<std::pair<std::vector<std::string_view>, std::string>>{
           {{"--json=yes"}, "--json takes no value"},
           {{"--json", "--json"}, "--json given twice"},
           {{"--json", "extra"}, "unexpected argument 'extra'"},
           {{"--corpus"}, "--corpus needs a value"},
           {{"--corpus", "--json"}, "--corpus needs a value"},
           {{"--corpus="}, "--corpus has an empty value"},
       }) {
    StatusOr<ParsedFlags> bad = ParseEvalLike(args);
    ASSERT_FALSE(bad.ok()) << message;
    EXPECT_EQ(bad.status().message(), message);
  }
}

TEST(FlagsTest, NumbersAreCheckedAgainstTheirRange) {
  StatusOr<ParsedFlags> parsed = ParseEvalLike({"--threads", "4", "--decimate-hz", "12.5"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(WholeNumberFlag(*parsed, "threads", 1, 256, 0).value(), 4);
  EXPECT_EQ(NumberFlag(*parsed, "decimate-hz", 5, 1000, 0).value(), 12.5);
  EXPECT_EQ(WholeNumberFlag(*parsed, "corpus", 1, 2, 7).value(), 7);  // Absent: fallback.
  for (std::string_view bad : {"0", "257", "2.5", "x", "4x", "-1", "99999999999"}) {
    parsed = ParseEvalLike({"--threads", bad});
    ASSERT_TRUE(parsed.ok());
    StatusOr<int> n = WholeNumberFlag(*parsed, "threads", 1, 256, 0);
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.status().message(), "--threads needs a whole number from 1 to 256");
  }
  for (std::string_view bad : {"4", "1001", "nan", "inf", "1e9", "12,5"}) {
    parsed = ParseEvalLike({"--decimate-hz", bad});
    ASSERT_TRUE(parsed.ok());
    StatusOr<double> hz = NumberFlag(*parsed, "decimate-hz", 5, 1000, 0);
    ASSERT_FALSE(hz.ok()) << bad;
    EXPECT_EQ(hz.status().message(), "--decimate-hz needs a number from 5 to 1000");
  }
}

TEST(FlagsTest, WantsHelpFindsHelpAnywhere) {
  const std::vector<std::string_view> with = {"--accel", "a.csv", "-h"};
  const std::vector<std::string_view> without = {"--accel", "a.csv"};
  EXPECT_TRUE(WantsHelp(with));
  EXPECT_FALSE(WantsHelp(without));
}

}  // namespace
}  // namespace minsense::tools
