// Location never leaves (the GPS issue's promises): no coordinate, speed,
// distance, altitude or place in any egress message; moving a whole track by
// any number of degrees of longitude leaves the egress bytes identical; with
// location denied the output equals the run without GPS.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/gps_csv_reader.h"
#include "pipeline/pipeline.h"
#include "tests/support/corpus_data.h"
#include "tests/support/gps_track.h"
#include "tests/support/test_support.h"
#include "tools/eval/manifest.h"
#include "tools/explain_command.h"

namespace minsense {
namespace {

testing::CommandResult Minsense(std::vector<std::string> args) {
  args.insert(args.begin(), testing::MinsenseBinary().string());
  testing::CommandResult r = testing::RunCommand(args);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  return r;
}

std::string WalkSample() {
  return (testing::SourceDir() / "data/sample/walk_frontpocket_oxford.accel.csv").string();
}

// A mixed journey: walk, bus with stops, bike, on the accelerometer sample's
// clock (t0 = 0) or on UNIX time.
std::vector<GpsFix> Journey(double t0) {
  std::vector<double> speeds = testing::Speeds(300, 1.4, 0.2);
  const std::vector<double> bus = testing::Speeds(600, 9, 0.5, 120, 25);
  const std::vector<double> bike = testing::Speeds(400, 3.2, 0.6);
  speeds.insert(speeds.end(), bus.begin(), bus.end());
  speeds.insert(speeds.end(), bike.begin(), bike.end());
  testing::TrackSpec spec;
  spec.t0 = t0;
  spec.lat0 = 39.98;
  spec.lon0 = 116.31;
  spec.turn_deg_per_fix = 3;
  spec.speeds_mps = speeds;
  return testing::SyntheticTrack(spec);
}

TEST(LocationPrivacyTest, TheEgressSchemaHasNoFieldForAPlace) {
  const google::protobuf::Descriptor* d = v1::ActivityUpdate::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    SCOPED_TRACE(f->name());
    EXPECT_NE(f->type(), google::protobuf::FieldDescriptor::TYPE_DOUBLE);
    EXPECT_NE(f->type(), google::protobuf::FieldDescriptor::TYPE_FLOAT);
    EXPECT_NE(f->type(), google::protobuf::FieldDescriptor::TYPE_STRING);
    EXPECT_NE(f->type(), google::protobuf::FieldDescriptor::TYPE_BYTES);
    EXPECT_FALSE(f->is_repeated());
    for (const char* word : {"lat", "lon", "speed", "dist", "alt", "place", "loc", "geo", "gps"}) {
      EXPECT_EQ(f->name().find(word), std::string::npos);
    }
  }
}

TEST(LocationPrivacyTest, MovingATrackByAnyLongitudeLeavesTheEgressBytesIdentical) {
  testing::TempDir dir;
  const std::vector<GpsFix> unix_track = Journey(1.2e9);
  const std::vector<GpsFix> accel_clock_track = Journey(0);
  std::vector<std::string> tracks = {"unix", "accel"};
  std::string real_track;
  if (testing::CorpusPresent("geolife")) {
    auto corpus = eval::LoadCorpus(testing::DataDir() + "/geolife");
    ASSERT_TRUE(corpus.ok());
    for (const eval::ManifestEntry& e : corpus->entries) {
      if (e.activity == "cycling" && e.duration_s > 600) {
        real_track = corpus->dir + "/" + e.gps_file;
        break;
      }
    }
  }
  for (const char* format : {"binary", "jsonl"}) {
    const std::string plain_gps = dir.WriteFile("p.csv", testing::TrackCsv(unix_track)).string();
    const std::string plain_pair =
        dir.WriteFile("q.csv", testing::TrackCsv(accel_clock_track)).string();
    const std::string gps_only =
        Minsense({"replay", "--gps", plain_gps, "--format", format, "--emit", "window"})
            .stdout_text;
    const std::string with_accel = Minsense({"replay", "--accel", WalkSample(), "--gps", plain_pair,
                                             "--format", format, "--emit", "window"})
                                       .stdout_text;
    ASSERT_FALSE(gps_only.empty());
    for (double shift : {0.37, 1.0, 17.0, 90.0, -123.5, 179.0, 263.25}) {
      SCOPED_TRACE(shift);
      const std::string moved =
          dir.WriteFile("m.csv", testing::TrackCsv(unix_track, shift)).string();
      EXPECT_EQ(
          Minsense({"replay", "--gps", moved, "--format", format, "--emit", "window"}).stdout_text,
          gps_only);
      const std::string moved_pair =
          dir.WriteFile("n.csv", testing::TrackCsv(accel_clock_track, shift)).string();
      EXPECT_EQ(Minsense({"replay", "--accel", WalkSample(), "--gps", moved_pair, "--format",
                          format, "--emit", "window"})
                    .stdout_text,
                with_accel);
    }
  }
  if (!real_track.empty()) {
    // A real GeoLife track, moved by whole and fractional degrees (the text
    // keeps the source's six decimals).
    StatusOr<std::unique_ptr<GpsCsvReader>> reader = GpsCsvReader::Open(real_track);
    ASSERT_TRUE(reader.ok());
    std::vector<GpsFix> fixes(100000);
    StatusOr<size_t> n = (*reader)->ReadBatch(fixes);
    ASSERT_TRUE(n.ok());
    fixes.resize(*n);
    const std::string plain = dir.WriteFile("r.csv", testing::TrackCsv(fixes)).string();
    const std::string expected =
        Minsense({"replay", "--gps", plain, "--format", "binary", "--emit", "window"}).stdout_text;
    ASSERT_FALSE(expected.empty());
    for (double shift : {2.0, -45.5, 120.0}) {
      const std::string moved = dir.WriteFile("s.csv", testing::TrackCsv(fixes, shift)).string();
      EXPECT_EQ(Minsense({"replay", "--gps", moved, "--format", "binary", "--emit", "window"})
                    .stdout_text,
                expected)
          << shift;
    }
  }
}

TEST(LocationPrivacyTest, NoCoordinateSpeedOrAltitudeInAnyMessage) {
  testing::TempDir dir;
  std::vector<GpsFix> track = Journey(1.2e9);
  std::string csv = "t,lat,lon,alt_m\n";
  for (const GpsFix& f : track) {
    char row[128];
    std::snprintf(row, sizeof(row), "%.0f,%.7f,%.7f,4321.5\n", f.t_seconds, f.latitude_deg,
                  f.longitude_deg);
    csv += row;
  }
  const std::string gps = dir.WriteFile("j.csv", csv).string();
  for (const char* format : {"jsonl", "text"}) {
    const std::string out =
        Minsense({"replay", "--gps", gps, "--format", format, "--emit", "window"}).stdout_text;
    ASSERT_FALSE(out.empty());
    for (const char* planted :
         {"39.9", "116.3", "39,9", "4321", "1.4", "9.0", "3.2", "lat", "lon", "speed", "alt"}) {
      EXPECT_EQ(out.find(planted), std::string::npos) << planted;
    }
    EXPECT_EQ(out.find("cadence"), std::string::npos);  // GPS alone: no tempo.
  }
}

TEST(LocationPrivacyTest, ExplainTellsWhatGpsDidWithoutAPlace) {
  auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy())).value();
  std::vector<GpsFix> track = Journey(1.2e9);
  track[10].latitude_deg = std::nan("");
  p->PushGps(track);
  p->Finish();
  const std::string text = tools::ExplainLedger(p->ledger());
  EXPECT_NE(text.find("GPS fixes"), std::string::npos) << text;
  EXPECT_NE(text.find("non_finite"), std::string::npos) << text;
  // The same through the JSON report.
  StatusOr<Ledger> parsed = tools::LedgerFromJson(LedgerToJson(p->ledger()));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(tools::ExplainLedger(*parsed), text);
  for (const char* planted : {"39.9", "116.3", "1.4"}) {
    EXPECT_EQ(text.find(planted), std::string::npos) << planted;
  }
}

// A ledger taken while the GPS guard still holds a fix (no accelerometer sample, no Finish yet)
// must not tell a person there was nothing to wipe.
TEST(LocationPrivacyTest, ExplainDoesNotCallHeldFixesNothingToWipe) {
  auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy())).value();
  p->PushGps(Journey(1.2e9));
  ASSERT_GT(p->ledger().gps_fixes_accepted, 0u);
  ASSERT_FALSE(p->ledger().raw_buffers_clear);
  const std::string held = tools::ExplainLedger(p->ledger());
  EXPECT_EQ(held.find("nothing to wipe"), std::string::npos) << held;
  EXPECT_NE(held.find("NOT CONFIRMED"), std::string::npos) << held;
  p->Finish();
  const std::string wiped = tools::ExplainLedger(p->ledger());
  EXPECT_NE(wiped.find("Wiped:      yes"), std::string::npos) << wiped;
}

TEST(LocationPrivacyTest, DeniedLocationEqualsTheRunWithoutGps) {
  testing::TempDir dir;
  const std::string gps = dir.WriteFile("q.csv", testing::TrackCsv(Journey(0))).string();
  for (const char* emit : {"window", "change"}) {
    const std::string plain =
        Minsense({"replay", "--accel", WalkSample(), "--format", "binary", "--emit", emit})
            .stdout_text;
    const std::string with_gps = Minsense({"replay", "--accel", WalkSample(), "--gps", gps,
                                           "--format", "binary", "--emit", emit})
                                     .stdout_text;
    EXPECT_EQ(Minsense({"replay", "--accel", WalkSample(), "--gps", gps, "--deny", "location",
                        "--format", "binary", "--emit", emit})
                  .stdout_text,
              plain);
    // The GPS-only output with motion and location both denied is empty.
    EXPECT_TRUE(Minsense({"replay", "--gps", gps, "--deny", "location"}).stdout_text.empty());
    static_cast<void>(with_gps);
  }
  // The C++ API: fixes pushed while location is denied change nothing.
  auto run = [](bool push_gps, bool allow) {
    v1::EgressPolicy policy = DefaultEgressPolicy();
    policy.set_emit_mode(v1::EgressPolicy::EMIT_EVERY_WINDOW);
    auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), policy)).value();
    p->SetConsent(Consent{.motion = true, .location = allow});
    const std::vector<GpsFix> track = Journey(0);
    size_t next = 0;
    std::string bytes;
    for (int i = 0; i < 50 * 600; ++i) {
      const double t = i / 50.0;
      while (push_gps && next < track.size() && track[next].t_seconds <= t) {
        p->PushGps(track[next++]);
      }
      p->PushAccel(AccelSample{
          t, 0.5f, 9.81f + 3.0f * static_cast<float>(std::sin(2 * M_PI * 1.8 * t)), 0.3f});
      v1::ActivityUpdate u;
      while (p->Poll(&u)) bytes += u.SerializeAsString();
    }
    return bytes;
  };
  EXPECT_EQ(run(true, false), run(false, true));
}

}  // namespace
}  // namespace minsense
