#include "tools/cli_status.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string_view>
#include <vector>

namespace minsense::tools {
namespace {

constexpr FlagSpec kSpecs[] = {{.name = "out"}, {.name = "json", .kind = FlagKind::kSwitch}};
constexpr std::string_view kUsage = "usage: minsense demo --out FILE [--json]\n";

CommandStart Start(std::vector<std::string_view> args, std::ostream& out, std::ostream& err) {
  return StartCommand(args, kSpecs, "demo", "minsense demo", kUsage, out, err);
}

TEST(CliStatusTest, PrintErrorLineKeepsTheReasonOnOneLine) {
  std::ostringstream err;
  PrintErrorLine(err, "minsense demo", "cannot read a\nb\x7f.csv");
  EXPECT_EQ(err.str(), "minsense demo: cannot read a?b?.csv\n");
}

TEST(CliStatusTest, UsageErrorPrintsTheLineAndReturnsTheUsageStatus) {
  std::ostringstream err;
  EXPECT_EQ(UsageError(err, "minsense demo", "--out FILE is required"), kExitUsage);
  EXPECT_EQ(err.str(), "minsense demo: --out FILE is required\n");
}

TEST(CliStatusTest, StartCommandPrintsHelpAndStopsWithSuccess) {
  for (std::string_view help : {"--help", "-h"}) {
    std::ostringstream out, err;
    const CommandStart start = Start({"--out", "x", help}, out, err);
    EXPECT_FALSE(start.flags.has_value());
    EXPECT_EQ(start.exit_code, kExitOk);
    EXPECT_EQ(out.str(), kUsage);
    EXPECT_EQ(err.str(), "");
  }
}

TEST(CliStatusTest, StartCommandReportsAFlagErrorWithTheHelpHint) {
  std::ostringstream out, err;
  const CommandStart start = Start({"--fromat", "x"}, out, err);
  EXPECT_FALSE(start.flags.has_value());
  EXPECT_EQ(start.exit_code, kExitUsage);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "minsense demo: unknown flag --fromat (see minsense demo --help)\n");
}

TEST(CliStatusTest, StartCommandUsesTheGivenErrorPrefix) {
  std::ostringstream out, err;
  const CommandStart start = StartCommand(std::vector<std::string_view>{"--out"}, kSpecs, "demo",
                                          "minsense other", kUsage, out, err);
  EXPECT_EQ(start.exit_code, kExitUsage);
  EXPECT_EQ(err.str().rfind("minsense other: ", 0), 0u) << err.str();
  EXPECT_NE(err.str().find("(see minsense demo --help)"), std::string::npos);
}

TEST(CliStatusTest, StartCommandReturnsTheParsedFlags) {
  std::ostringstream out, err;
  const CommandStart start = Start({"--out", "report.txt", "--json"}, out, err);
  ASSERT_TRUE(start.flags.has_value());
  EXPECT_EQ(start.flags->value_or("out", ""), "report.txt");
  EXPECT_TRUE(start.flags->has("json"));
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace minsense::tools
