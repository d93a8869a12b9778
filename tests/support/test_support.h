// test_support.h: helpers shared by the minsense tests.
//
// Tests write their inputs into a TempDir (never into the repository or
// ../shared) and run the built tools through RunCommand, which captures
// stdout, stderr and the exit status without a shell.
//
//   minsense::testing::TempDir dir;
//   auto csv = dir.WriteFile("walk.accel.csv", "t,x,y,z\n0,1,2,3\n");
//   CommandResult r = RunCommand({MinsenseBinary().string(), "replay", "--accel", csv.string()});
//   EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
#ifndef MINSENSE_TESTS_SUPPORT_TEST_SUPPORT_H_
#define MINSENSE_TESTS_SUPPORT_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace minsense::testing {

// TempDir is a fresh, private directory under $TMPDIR (default /tmp). It is
// removed, with everything in it, on destruction. A failure to create it is
// reported as a test failure and leaves path() empty.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // File is path() / name; the file is not created.
  std::filesystem::path File(std::string_view name) const;

  // WriteFile writes `contents` (bytes, as they are) to path() / name and
  // returns that path.
  std::filesystem::path WriteFile(std::string_view name, std::string_view contents) const;

 private:
  std::filesystem::path path_;
};

// WriteFile writes `contents` to `path`, replacing it; a failure is a test
// failure.
void WriteFile(const std::filesystem::path& path, std::string_view contents);

// ReadFile returns the bytes of `path`; a failure is a test failure and
// returns "".
std::string ReadFile(const std::filesystem::path& path);

// CommandResult is what a finished child process left.
struct CommandResult {
  int exit_code = -1;   // Exit status; -1 when the child did not exit normally.
  int term_signal = 0;  // The signal that ended the child, or 0.
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
};

// RunCommand runs argv[0] (a path, no PATH search and no shell) with
// `argv`, stdin from /dev/null, and returns its exit status and everything
// it wrote. A child still running after `timeout_seconds` is killed and
// reported with timed_out.
CommandResult RunCommand(const std::vector<std::string>& argv, int timeout_seconds = 120);

// SourceDir / BinaryDir are $MINSENSE_SOURCE_DIR and $MINSENSE_BINARY_DIR
// when set, otherwise the source and build folders that the build configured
// (MINSENSE_DEFAULT_SOURCE_DIR / MINSENSE_DEFAULT_BINARY_DIR, see
// tests/CMakeLists.txt).
std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();

// MinsenseBinary is the built command-line tool, BinaryDir()/tools/minsense.
std::filesystem::path MinsenseBinary();

// CountLines counts the '\n'-terminated lines of `text`, plus a final line
// without one.
size_t CountLines(std::string_view text);

}  // namespace minsense::testing

#endif  // MINSENSE_TESTS_SUPPORT_TEST_SUPPORT_H_
