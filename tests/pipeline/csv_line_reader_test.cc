#include "pipeline/csv_line_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/test_support.h"

namespace minsense {
namespace {

std::vector<std::string> AllLines(CsvLineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.NextLine(&line)) lines.emplace_back(line);
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return lines;
}

TEST(CsvLineReaderTest, SplitsLinesAndStripsLineEndsAndByteOrderMark) {
  testing::TempDir dir;
  const auto path = dir.WriteFile("a.csv", "\xEF\xBB\xBFh1,h2\r\na\r\n\nb,c\n \t\r\nlast");
  StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(path.string(), 64);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  StatusOr<std::string_view> header = (*r)->ReadHeader("expected header h1,h2");
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(*header, "h1,h2");
  EXPECT_EQ(AllLines(**r), (std::vector<std::string>{"a", "", "b,c", " \t", "last"}));
  EXPECT_EQ((*r)->line_number(), 6u);
  EXPECT_EQ((*r)->overlong_lines(), 0u);
}

// Property: for every buffer size that holds the longest line, the lines are
// the same as a plain split, whatever refills fall inside them.
TEST(CsvLineReaderTest, LinesDoNotDependOnTheBufferSize) {
  std::string text = "t,x\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    std::string line = std::to_string(i * 7919 % 1000) + "," + std::string(i % 13, 'x');
    expected.push_back(line);
    text += line;
    text += i % 5 == 0 ? "\r\n" : "\n";
  }
  testing::TempDir dir;
  const auto path = dir.WriteFile("b.csv", text);
  for (size_t buffer : {18u, 19u, 31u, 64u, 4096u}) {
    StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(path.string(), buffer);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE((*r)->ReadHeader("h").ok());
    EXPECT_EQ(AllLines(**r), expected) << "buffer " << buffer;
    EXPECT_EQ((*r)->bytes_read(), text.size());
  }
}

TEST(CsvLineReaderTest, SkipsAndCountsLinesLongerThanTheBuffer) {
  testing::TempDir dir;
  const std::string long_line(100, '9');
  const auto path =
      dir.WriteFile("c.csv", "h\nok\n" + long_line + "\nafter\n" + long_line + long_line);
  StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(path.string(), 16);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->ReadHeader("h").ok());
  EXPECT_EQ(AllLines(**r), (std::vector<std::string>{"ok", "after"}));
  EXPECT_EQ((*r)->overlong_lines(), 2u);
  EXPECT_EQ((*r)->line_number(), 5u);
}

// ReadRows: accepted lines become rows in order, blank lines are skipped,
// rejected and overlong lines are counted, and a short batch means the end.
TEST(CsvLineReaderTest, ReadRowsParsesCountsRejectsAndSkipsBlanks) {
  testing::TempDir dir;
  const std::string long_line(40, '7');
  const auto path = dir.WriteFile("rows.csv", "h\n1\n\n2\nx\n" + long_line + "\n3\n \t\n4\n");
  StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(path.string(), 16);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->ReadHeader("h").ok());
  auto parse_digit = [](std::string_view line, int* row) {
    if (line.size() != 1 || line[0] < '0' || line[0] > '9') return false;
    *row = line[0] - '0';
    return true;
  };
  int rows[3] = {};
  StatusOr<size_t> n = (*r)->ReadRows(std::span<int>(rows), parse_digit);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3u);
  EXPECT_EQ(rows[0], 1);
  EXPECT_EQ(rows[1], 2);
  EXPECT_EQ(rows[2], 3);
  n = (*r)->ReadRows(std::span<int>(rows), parse_digit);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ(rows[0], 4);
  EXPECT_EQ((*r)->rows(), 4u);
  EXPECT_EQ((*r)->rejected_lines(), 2u);  // "x" and the overlong line.
  n = (*r)->ReadRows(std::span<int>(rows), parse_digit);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  (*r)->Close();
  EXPECT_EQ((*r)->ReadRows(std::span<int>(rows), parse_digit).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(CsvLineReaderTest, BadFilesAreErrorsThatNameTheFile) {
  testing::TempDir dir;
  const auto missing = (dir.path() / "missing.csv").string();
  StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(missing, 16);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("missing.csv"), std::string::npos);

  r = CsvLineReader::Open(dir.path().string(), 16);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);

  const auto empty = dir.WriteFile("empty.csv", "");
  r = CsvLineReader::Open(empty.string(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  r = CsvLineReader::Open(empty.string(), 16);
  ASSERT_TRUE(r.ok());
  StatusOr<std::string_view> header = (*r)->ReadHeader("expected header q");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(header.status().message().find("empty file, expected header q"), std::string::npos);

  const auto wide = dir.WriteFile("wide.csv", "t,x,y,z,with,a,long,header\n1\n");
  r = CsvLineReader::Open(wide.string(), 8);
  ASSERT_TRUE(r.ok());
  header = (*r)->ReadHeader("expected header q");
  ASSERT_FALSE(header.ok());
  EXPECT_NE(header.status().message().find(":1: first line longer than 8 bytes"),
            std::string::npos);
}

TEST(CsvLineReaderTest, CloseWipesTheBufferAndEndsReading) {
  testing::TempDir dir;
  const auto path = dir.WriteFile("d.csv", "t,x\n12.5,3.25\n13.5,4.75\n");
  StatusOr<std::unique_ptr<CsvLineReader>> r = CsvLineReader::Open(path.string(), 64);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->ReadHeader("h").ok());
  std::string_view line;
  ASSERT_TRUE((*r)->NextLine(&line));
  const std::span<const char> buffer = (*r)->buffer_for_testing();
  EXPECT_TRUE(std::any_of(buffer.begin(), buffer.end(), [](char c) { return c != 0; }));
  (*r)->Close();
  EXPECT_TRUE(std::all_of(buffer.begin(), buffer.end(), [](char c) { return c == 0; }));
  EXPECT_FALSE((*r)->NextLine(&line));
  EXPECT_EQ((*r)->status().code(), StatusCode::kFailedPrecondition);
  (*r)->Close();  // Idempotent.
  EXPECT_EQ((*r)->status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace minsense
