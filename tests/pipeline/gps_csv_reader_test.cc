#include "pipeline/gps_csv_reader.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace minsense {
namespace {

std::vector<GpsFix> ReadAll(GpsCsvReader& reader) {
  std::vector<GpsFix> out;
  std::array<GpsFix, 3> batch{};  // Small, to cross batch boundaries.
  for (;;) {
    StatusOr<size_t> n = reader.ReadBatch(batch);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) break;
    out.insert(out.end(), batch.begin(), batch.begin() + static_cast<long>(*n));
  }
  return out;
}

TEST(GpsCsvReaderTest, ReadsCanonicalRowsWithAndWithoutAltitude) {
  testing::TempDir dir;
  const auto path =
      dir.WriteFile("a.gps.csv",
                    "\xEF\xBB\xBFt,lat,lon,alt_m\r\n1206716080,39.894178,116.318200,\r\n"
                    "1206716081, 39.5 ,-116.25,44.5\n\n1206716082,+1,2,3\n1206716083,1,2\n"
                    "junk,1,2,3\n1,2,3,4,5\n1,2,3,4");
  StatusOr<std::unique_ptr<GpsCsvReader>> r = GpsCsvReader::Open(path.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<GpsFix> fixes = ReadAll(**r);
  ASSERT_EQ(fixes.size(), 5u);
  EXPECT_EQ(fixes[0].t_seconds, 1206716080);
  EXPECT_EQ(fixes[0].latitude_deg, 39.894178);
  EXPECT_EQ(fixes[0].longitude_deg, 116.3182);
  EXPECT_TRUE(std::isnan(fixes[0].altitude_m));
  EXPECT_TRUE(std::isnan(fixes[0].accuracy_m));
  EXPECT_EQ(fixes[1].latitude_deg, 39.5);
  EXPECT_EQ(fixes[1].longitude_deg, -116.25);
  EXPECT_EQ(fixes[1].altitude_m, 44.5);
  EXPECT_EQ(fixes[2].latitude_deg, 1);
  EXPECT_TRUE(std::isnan(fixes[3].altitude_m));  // Optional column left out.
  EXPECT_EQ(fixes[4].altitude_m, 4);
  EXPECT_EQ((*r)->malformed_rows(), 2u);
  EXPECT_EQ((*r)->rows(), 5u);
}

TEST(GpsCsvReaderTest, ReadsAccuracyColumn) {
  testing::TempDir dir;
  const auto both = dir.WriteFile("b.csv", "t,lat,lon,alt_m,accuracy_m\n0,1,2,,7.5\n1,1,2,3,\n");
  StatusOr<std::unique_ptr<GpsCsvReader>> r = GpsCsvReader::Open(both.string());
  ASSERT_TRUE(r.ok());
  std::vector<GpsFix> fixes = ReadAll(**r);
  ASSERT_EQ(fixes.size(), 2u);
  EXPECT_TRUE(std::isnan(fixes[0].altitude_m));
  EXPECT_EQ(fixes[0].accuracy_m, 7.5);
  EXPECT_EQ(fixes[1].altitude_m, 3);
  EXPECT_TRUE(std::isnan(fixes[1].accuracy_m));

  const auto only = dir.WriteFile("c.csv", "t,lat,lon,accuracy_m\n0,1,2,80\n");
  r = GpsCsvReader::Open(only.string());
  ASSERT_TRUE(r.ok());
  fixes = ReadAll(**r);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].accuracy_m, 80);
  EXPECT_TRUE(std::isnan(fixes[0].altitude_m));
}

TEST(GpsCsvReaderTest, BadFilesAreOneLineErrorsWithoutValues) {
  testing::TempDir dir;
  EXPECT_EQ(GpsCsvReader::Open(dir.File("none.csv").string()).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(GpsCsvReader::Open(dir.path().string()).status().code(), StatusCode::kDataLoss);
  for (const char* text : {"", "t,x,y,z\n0,51.752,-1.2577,0\n", "t,lat\n", "t,lat,lon,speed\n",
                           "51.752,-1.2577\n", "t,lat,lon,alt_m,alt_m\n",
                           "t,lat,lon,accuracy_m,accuracy_m\n", "t,lat,lon,accuracy_m,alt_m\n"}) {
    const auto path = dir.WriteFile("bad.csv", text);
    const Status s = GpsCsvReader::Open(path.string()).status();
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << text;
    EXPECT_EQ(s.message().find("51.752"), std::string::npos);
    EXPECT_EQ(s.message().find("1.2577"), std::string::npos);
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
  }
}

TEST(GpsCsvReaderTest, CloseZeroesTheBuffer) {
  testing::TempDir dir;
  const auto path = dir.WriteFile("z.csv", "t,lat,lon\n0,51.752,-1.2577\n1,51.753,-1.2578\n");
  StatusOr<std::unique_ptr<GpsCsvReader>> r = GpsCsvReader::Open(path.string());
  ASSERT_TRUE(r.ok());
  ReadAll(**r);
  (*r)->Close();
  for (char c : (*r)->buffer_for_testing()) ASSERT_EQ(c, 0);
  std::array<GpsFix, 1> batch{};
  EXPECT_EQ((*r)->ReadBatch(batch).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace minsense
