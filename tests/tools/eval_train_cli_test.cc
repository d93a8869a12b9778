// Arguments of `minsense eval` and `minsense train`: every unusable argument
// is exit status 2 with one line on stderr naming the reason, before any
// corpus is read; --help is exit 0 with the usage on stdout.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/test_support.h"
#include "tools/cli_status.h"
#include "tools/eval_command.h"
#include "tools/train_command.h"

namespace minsense::tools {
namespace {

struct Result {
  int exit_code = 0;
  std::string out;
  std::string err;
};

using Command = int (*)(std::span<const std::string_view>, std::ostream&, std::ostream&);

Result RunCommand(Command command, std::vector<std::string_view> args) {
  std::ostringstream out;
  std::ostringstream err;
  Result r;
  r.exit_code = command(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

void ExpectUsageError(Command command, std::vector<std::string_view> args,
                      std::string_view reason) {
  const Result r = RunCommand(command, args);
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find(reason), std::string::npos) << "stderr: " << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

TEST(EvalTrainCliTest, HelpGoesToStdout) {
  for (Command command : {&RunEval, &RunTrain}) {
    const Result r = RunCommand(command, {"--corpus", "x", "--help"});
    EXPECT_EQ(r.exit_code, kExitOk);
    EXPECT_NE(r.out.find("usage: minsense"), std::string::npos);
    EXPECT_TRUE(r.err.empty());
  }
}

TEST(EvalTrainCliTest, EvalRejectsUnusableArguments) {
  ExpectUsageError(&RunEval, {}, "--corpus DIR is required");
  ExpectUsageError(&RunEval, {"--corpus"}, "--corpus needs a value");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--bogus"}, "unknown flag --bogus");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--json=1"}, "--json takes no value");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--threads", "0"},
                   "--threads needs a whole number from 1 to 256");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--folds", "1"},
                   "--folds needs a whole number from 2 to 50");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--decimate-hz", "2"},
                   "--decimate-hz needs a number from 5 to 1000");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--cv", "people"},
                   "--cv must be subjects or corpora, not 'people'");
  ExpectUsageError(&RunEval, {"--corpus", "a", "--cv", "subjects", "--cv", "corpora"},
                   "--cv given twice");
}

TEST(EvalTrainCliTest, EvalRejectsABadModelBeforeAnyReplay) {
  testing::TempDir dir;
  const std::string missing = (dir.path() / "missing.textproto").string();
  ExpectUsageError(&RunEval, {"--corpus", "no-such-corpus", "--model", missing}, "missing");
  // A model that parses but breaks the classifier's checks (no weights).
  const std::string empty = dir.WriteFile("empty.textproto", "format_version: 1\n").string();
  const Result r = RunCommand(&RunEval, {"--corpus", "no-such-corpus", "--model", empty});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err.find("no-such-corpus"), std::string::npos)
      << "the model is checked before the corpus is read: " << r.err;
}

TEST(EvalTrainCliTest, TrainRejectsUnusableArguments) {
  ExpectUsageError(&RunTrain, {"--out", "m.textproto"}, "--corpus DIR is required");
  ExpectUsageError(&RunTrain, {"--corpus", "a", "b"}, "--out FILE is required");
  ExpectUsageError(&RunTrain, {"--corpus", "a", "--out", "m", "--hidden", "65"},
                   "--hidden needs a whole number from 1 to 64");
  ExpectUsageError(&RunTrain, {"--corpus", "a", "--out", "m", "--epochs", "-3"},
                   "--epochs needs a whole number from 1 to 100000");
  ExpectUsageError(&RunTrain, {"--corpus", "a", "--out", "m", "--seed", "x"},
                   "--seed needs a whole number from 0 to 1073741824");
  ExpectUsageError(&RunTrain, {"--corpus", "a", "--out", "m", "extra"},
                   "unexpected argument 'extra'");
}

}  // namespace
}  // namespace minsense::tools
