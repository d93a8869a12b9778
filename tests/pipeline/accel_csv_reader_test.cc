#include "pipeline/accel_csv_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace minsense {
namespace {

using ::minsense::testing::TempDir;

// ReadAll reads `path` to the end in batches of `batch_size` samples.
struct ReadResult {
  Status status;
  std::vector<AccelSample> samples;
  uint64_t rows = 0;
  uint64_t malformed_rows = 0;
  uint64_t bytes_read = 0;
};

ReadResult ReadAll(const std::filesystem::path& path, size_t batch_size = 1024,
                   AccelUnits units = AccelUnits::kMetersPerSecondSquared) {
  ReadResult result;
  auto opened = AccelCsvReader::Open(path.string(), units);
  if (!opened.ok()) {
    result.status = opened.status();
    return result;
  }
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
  std::vector<AccelSample> batch(batch_size);
  for (;;) {
    StatusOr<size_t> n = reader->ReadBatch(batch);
    if (!n.ok()) {
      result.status = n.status();
      break;
    }
    if (*n == 0) break;
    result.samples.insert(result.samples.end(), batch.begin(),
                          batch.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  result.rows = reader->rows();
  result.malformed_rows = reader->malformed_rows();
  result.bytes_read = reader->bytes_read();
  return result;
}

ReadResult ReadText(std::string_view text, size_t batch_size = 1024,
                    AccelUnits units = AccelUnits::kMetersPerSecondSquared) {
  TempDir dir;
  return ReadAll(dir.WriteFile("in.accel.csv", text), batch_size, units);
}

void ExpectSample(const AccelSample& s, double t, float x, float y, float z) {
  EXPECT_EQ(s.t_seconds, t);
  EXPECT_EQ(s.x_mps2, x);
  EXPECT_EQ(s.y_mps2, y);
  EXPECT_EQ(s.z_mps2, z);
}

void ExpectOneLine(const Status& status) {
  EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
}

TEST(AccelCsvReaderTest, ReadsGoldenRows) {
  const ReadResult r = ReadText(
      "t,x,y,z\n0,-1.032,5.912,7.585\n0.010065,1.902,6.813,5.346\n"
      "1e1,-0.5,0,2.5e-3\n");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.samples.size(), 3u);
  ExpectSample(r.samples[0], 0, -1.032f, 5.912f, 7.585f);
  ExpectSample(r.samples[1], 0.010065, 1.902f, 6.813f, 5.346f);
  ExpectSample(r.samples[2], 10, -0.5f, 0, 2.5e-3f);
  EXPECT_EQ(r.rows, 3u);
  EXPECT_EQ(r.malformed_rows, 0u);
}

TEST(AccelCsvReaderTest, CountsEveryByteRead) {
  const std::string text = "t,x,y,z\n0,1,2,3\n0.02,4,5,6\n";
  const ReadResult r = ReadText(text);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.bytes_read, text.size());
}

TEST(AccelCsvReaderTest, ConvertsGUnitsToMetersPerSecondSquared) {
  const ReadResult r = ReadText("t,x,y,z\n0.5,1,-0.5,0\n", 16, AccelUnits::kStandardGravity);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.samples.size(), 1u);
  ExpectSample(r.samples[0], 0.5, kStandardGravityMps2, -0.5f * kStandardGravityMps2, 0);
}

TEST(AccelCsvReaderTest, AcceptsCrlfLineEnds) {
  const ReadResult r = ReadText("t,x,y,z\r\n0,1,2,3\r\n0.02,4,5,6\r\n");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.samples.size(), 2u);
  ExpectSample(r.samples[1], 0.02, 4, 5, 6);
  EXPECT_EQ(r.malformed_rows, 0u);
}

TEST(AccelCsvReaderTest, SkipsUtf8ByteOrderMark) {
  const ReadResult r = ReadText("\xEF\xBB\xBFt,x,y,z\n0,1,2,3\n");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.samples.size(), 1u);
  ExpectSample(r.samples[0], 0, 1, 2, 3);
}

TEST(AccelCsvReaderTest, ReadsLastLineWithoutNewline) {
  for (const char* text : {"t,x,y,z\n0,1,2,3\n0.02,4,5,6", "t,x,y,z\r\n0,1,2,3\r\n0.02,4,5,6\r"}) {
    const ReadResult r = ReadText(text);
    ASSERT_TRUE(r.status.ok());
    ASSERT_EQ(r.samples.size(), 2u) << text;
    ExpectSample(r.samples[1], 0.02, 4, 5, 6);
    EXPECT_EQ(r.malformed_rows, 0u);
  }
}

TEST(AccelCsvReaderTest, AcceptsSpacesAroundFields) {
  const ReadResult r = ReadText(" t , x,\ty ,z \n 0 , 1,\t2 ,3 \n+0.5,+1,-2,+3e0\n");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.samples.size(), 2u);
  ExpectSample(r.samples[0], 0, 1, 2, 3);
  ExpectSample(r.samples[1], 0.5, 1, -2, 3);
}

TEST(AccelCsvReaderTest, IgnoresBlankLines) {
  const ReadResult r = ReadText("t,x,y,z\n\n0,1,2,3\n   \n\r\n\t\n0.02,4,5,6\n\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(r.malformed_rows, 0u);
}

TEST(AccelCsvReaderTest, MissingFileIsNotFound) {
  TempDir dir;
  const std::string path = dir.File("absent.accel.csv").string();
  auto opened = AccelCsvReader::Open(path, AccelUnits::kMetersPerSecondSquared);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  EXPECT_NE(opened.status().message().find(path), std::string::npos);
  ExpectOneLine(opened.status());
}

TEST(AccelCsvReaderTest, DirectoryIsDataLoss) {
  TempDir dir;
  auto opened = AccelCsvReader::Open(dir.path().string(), AccelUnits::kMetersPerSecondSquared);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
  ExpectOneLine(opened.status());
}

TEST(AccelCsvReaderTest, UnreadableFileIsDataLoss) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  const auto path = dir.WriteFile("locked.accel.csv", "t,x,y,z\n0,1,2,3\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  auto opened = AccelCsvReader::Open(path.string(), AccelUnits::kMetersPerSecondSquared);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
}

TEST(AccelCsvReaderTest, ReadErrorIsDataLossNamingTheFile) {
  // Reading /proc/self/mem at offset 0 fails with EIO, even for root.
  if (!std::filesystem::exists("/proc/self/mem")) GTEST_SKIP() << "no /proc";
  auto opened = AccelCsvReader::Open("/proc/self/mem", AccelUnits::kMetersPerSecondSquared);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(opened.status().message().rfind("/proc/self/mem: read error after line 0: ", 0), 0u)
      << opened.status().message();
  ExpectOneLine(opened.status());
}

TEST(AccelCsvReaderTest, EmptyFileIsDataLossExpectingHeader) {
  const ReadResult r = ReadText("");
  EXPECT_EQ(r.status.code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status.message().find("expected header t,x,y,z"), std::string::npos);
  ExpectOneLine(r.status);
}

TEST(AccelCsvReaderTest, HeaderOnlyGivesNoSamples) {
  for (const char* text : {"t,x,y,z\n", "t,x,y,z", "t,x,y,z\r\n"}) {
    const ReadResult r = ReadText(text);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_TRUE(r.samples.empty());
    EXPECT_EQ(r.malformed_rows, 0u);
  }
}

TEST(AccelCsvReaderTest, BadHeaderIsDataLossNamingFileAndLine) {
  for (const char* text : {"time,x,y,z\n0,1,2,3\n", "t,x,y\n0,1,2\n", "t,x,y,z,w\n",
                           "123.456789,1,2,3\n", "T,X,Y,Z\n", "t;x;y;z\n", "\xEF\xBB\n"}) {
    TempDir dir;
    const std::string path = dir.WriteFile("bad.accel.csv", text).string();
    auto opened = AccelCsvReader::Open(path, AccelUnits::kMetersPerSecondSquared);
    ASSERT_FALSE(opened.ok()) << text;
    const Status& status = opened.status();
    EXPECT_EQ(status.code(), StatusCode::kDataLoss);
    EXPECT_EQ(status.message(), path + ":1: expected header t,x,y,z");
    EXPECT_EQ(status.message().find("123.456789"), std::string::npos);
  }
}

TEST(AccelCsvReaderTest, CountsAndSkipsMalformedRows) {
  const ReadResult r = ReadText(
      "t,x,y,z\n"
      "0,1,2,3\n"
      "abc,1,2,3\n"     // junk time
      "0.01,1,2,x\n"    // junk value
      "0.02,1,2,3,4\n"  // extra column
      "0.03,1,2\n"      // missing column
      "0.04,,2,3\n"     // empty field
      "0.05,1,2,3,\n"   // trailing comma
      "0.06,1 2,3,4\n"  // two numbers in one field
      "0.07,1,2,3x\n"   // trailing junk
      "0.08,++1,2,3\n"  // double sign
      "0.09,4,5,6\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.samples.size(), 2u);
  ExpectSample(r.samples[0], 0, 1, 2, 3);
  ExpectSample(r.samples[1], 0.09, 4, 5, 6);
  EXPECT_EQ(r.rows, 2u);
  EXPECT_EQ(r.malformed_rows, 9u);
}

TEST(AccelCsvReaderTest, ExtraAndMissingColumnsAreMalformed) {
  const ReadResult r = ReadText("t,x,y,z\n0,1,2,3,4,5\n0\n0,1\n,,,\n0.5,1,2,3\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.samples.size(), 1u);
  ExpectSample(r.samples[0], 0.5, 1, 2, 3);
  EXPECT_EQ(r.malformed_rows, 4u);
}

TEST(AccelCsvReaderTest, CommaDecimalSeparatorsAreMalformed) {
  const ReadResult r = ReadText(
      "t,x,y,z\n0,5;1,5;2,5;9,8\n\"0,5\",\"1,5\",\"2,5\",\"9,8\"\n"
      "0,01,1,25,2,5,9,81\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.samples.empty());
  EXPECT_EQ(r.malformed_rows, 3u);
}

TEST(AccelCsvReaderTest, LineLongerThanBufferIsOneMalformedRow) {
  const std::string long_line(1 << 20, '7');
  for (const std::string& tail : {std::string("\n0.02,4,5,6\n"), std::string("")}) {
    const ReadResult r = ReadText("t,x,y,z\n0,1,2,3\n" + long_line + tail);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_EQ(r.malformed_rows, 1u);
    ASSERT_EQ(r.samples.size(), tail.empty() ? 1u : 2u);
    ExpectSample(r.samples[0], 0, 1, 2, 3);
    if (!tail.empty()) ExpectSample(r.samples[1], 0.02, 4, 5, 6);
  }
}

TEST(AccelCsvReaderTest, OverlongHeaderIsDataLoss) {
  const ReadResult r = ReadText(std::string(1 << 20, 't') + "\n0,1,2,3\n");
  EXPECT_EQ(r.status.code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status.message().find("expected header t,x,y,z"), std::string::npos);
  ExpectOneLine(r.status);
}

TEST(AccelCsvReaderTest, SurvivesBinaryJunk) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string text = "t,x,y,z\n0,1,2,3\n";
  for (int i = 0; i < 600000; ++i) text += static_cast<char>(byte(rng));
  text += "\n1000,4,5,6\n";
  for (size_t batch : {size_t{1}, size_t{4096}}) {
    const ReadResult r = ReadText(text, batch);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    ASSERT_GE(r.samples.size(), 2u);
    ExpectSample(r.samples.front(), 0, 1, 2, 3);
    ExpectSample(r.samples.back(), 1000, 4, 5, 6);
    EXPECT_GT(r.malformed_rows, 0u);
    EXPECT_EQ(r.bytes_read, text.size());
  }
}

TEST(AccelCsvReaderTest, PassesNanAndInfThrough) {
  const ReadResult r = ReadText("t,x,y,z\n0,nan,inf,-inf\nnan,NaN,Infinity,-INF\ninf,0,0,0\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.malformed_rows, 0u);
  EXPECT_TRUE(std::isnan(r.samples[0].x_mps2));
  EXPECT_TRUE(std::isinf(r.samples[0].y_mps2) && r.samples[0].y_mps2 > 0);
  EXPECT_TRUE(std::isinf(r.samples[0].z_mps2) && r.samples[0].z_mps2 < 0);
  EXPECT_TRUE(std::isnan(r.samples[1].t_seconds));
  EXPECT_TRUE(std::isnan(r.samples[1].x_mps2));
  EXPECT_TRUE(std::isinf(r.samples[1].y_mps2));
  EXPECT_TRUE(std::isinf(r.samples[1].z_mps2) && r.samples[1].z_mps2 < 0);
  EXPECT_TRUE(std::isinf(r.samples[2].t_seconds));
}

TEST(AccelCsvReaderTest, ValuesBeyondFloatRangeBecomeInfOrZero) {
  const ReadResult r = ReadText("t,x,y,z\n0,1e39,-1e39,1e-50\n0,1e400,0,0\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.samples.size(), 1u);
  EXPECT_TRUE(std::isinf(r.samples[0].x_mps2) && r.samples[0].x_mps2 > 0);
  EXPECT_TRUE(std::isinf(r.samples[0].y_mps2) && r.samples[0].y_mps2 < 0);
  EXPECT_EQ(r.samples[0].z_mps2, 0);
  EXPECT_EQ(r.malformed_rows, 1u);  // Beyond even a double: not a usable number.
}

// Large enough to need several refills of the 256 KiB buffer.
std::string SyntheticCsv(int rows) {
  std::mt19937 rng(7);
  std::normal_distribution<float> accel(0, 4);
  std::string text = "t,x,y,z\n";
  char line[96];
  for (int i = 0; i < rows; ++i) {
    const int n = std::snprintf(line, sizeof(line), "%.6f,%.4f,%.4f,%.4f\n", i * 0.01,
                                static_cast<double>(accel(rng)), static_cast<double>(accel(rng)),
                                static_cast<double>(9.8f + accel(rng)));
    text.append(line, static_cast<size_t>(n));
  }
  return text;
}

TEST(AccelCsvReaderTest, BatchSizeDoesNotChangeSamples) {
  TempDir dir;
  const std::string text = SyntheticCsv(40000);
  ASSERT_GT(text.size(), 3 * AccelCsvReader::kBufferBytes);
  const auto path = dir.WriteFile("synthetic.accel.csv", text);
  const ReadResult whole = ReadAll(path, 100000);
  ASSERT_TRUE(whole.status.ok());
  ASSERT_EQ(whole.samples.size(), 40000u);
  EXPECT_EQ(whole.malformed_rows, 0u);
  for (size_t batch : {size_t{1}, size_t{7}, size_t{4096}}) {
    const ReadResult r = ReadAll(path, batch);
    ASSERT_TRUE(r.status.ok());
    ASSERT_EQ(r.samples.size(), whole.samples.size()) << "batch " << batch;
    for (size_t i = 0; i < r.samples.size(); ++i) {
      ExpectSample(r.samples[i], whole.samples[i].t_seconds, whole.samples[i].x_mps2,
                   whole.samples[i].y_mps2, whole.samples[i].z_mps2);
    }
    EXPECT_EQ(r.bytes_read, text.size());
  }
}

TEST(AccelCsvReaderTest, EmptyBatchReadsNothing) {
  TempDir dir;
  auto opened = AccelCsvReader::Open(dir.WriteFile("a.csv", "t,x,y,z\n0,1,2,3\n").string(),
                                     AccelUnits::kMetersPerSecondSquared);
  ASSERT_TRUE(opened.ok());
  StatusOr<size_t> n = (*opened)->ReadBatch({});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  EXPECT_EQ((*opened)->rows(), 0u);
}

TEST(AccelCsvReaderTest, CloseWipesTheReadBuffer) {
  TempDir dir;
  auto opened = AccelCsvReader::Open(dir.WriteFile("a.csv", SyntheticCsv(1000)).string(),
                                     AccelUnits::kMetersPerSecondSquared);
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<AccelCsvReader> reader = std::move(opened).value();
  std::vector<AccelSample> batch(10);
  ASSERT_TRUE(reader->ReadBatch(batch).ok());
  const std::span<const char> buffer = reader->buffer_for_testing();
  ASSERT_EQ(buffer.size(), AccelCsvReader::kBufferBytes);
  EXPECT_TRUE(std::any_of(buffer.begin(), buffer.end(), [](char c) { return c != 0; }));

  reader->Close();
  EXPECT_TRUE(std::all_of(buffer.begin(), buffer.end(), [](char c) { return c == 0; }));
  StatusOr<size_t> after = reader->ReadBatch(batch);
  EXPECT_EQ(after.status().code(), StatusCode::kFailedPrecondition);
  reader->Close();  // Idempotent.
}

}  // namespace
}  // namespace minsense
