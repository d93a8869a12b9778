// GPS accuracy on real recordings:
//   * GPS-only transport mode on geolife, day-grouped cross-validation (train
//     on some days, test on others), and the shipped model reproducible from
//     the corpus;
//   * what the GPS ingest guard rejects on real tracks;
//   * fusion: accelerometer recordings of every corpus replayed with a GPS
//     track of matching speed (a real GeoLife track of the same mode, re-timed
//     onto the accelerometer clock; synthetic for running and still, which
//     GeoLife lacks) and with a mismatching one (a real bus/car/taxi track),
//     and how the labels change.
// Prints the figures (for the README); asserts only physical bounds.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/gps_csv_reader.h"
#include "pipeline/pipeline.h"
#include "pipeline/transport_mode_classifier.h"
#include "tests/support/corpus_data.h"
#include "tests/support/gps_track.h"
#include "tools/eval/evaluation.h"
#include "tools/eval/gps_transport_training.h"
#include "tools/eval/manifest.h"

namespace minsense {
namespace {

TEST(GpsAccuracyTest, GeolifeTransportModeByDayIsAtLeast85Percent) {
  MINSENSE_REQUIRE_CORPUS("geolife");
  const eval::GpsTrainingOptions options;
  StatusOr<eval::GpsCorpusWindows> data =
      eval::ExtractGpsWindows(testing::DataDir() + "/geolife", options);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const eval::GpsCrossValidation cv = eval::CrossValidateByDay(*data, options);
  std::printf("%s", eval::FormatGpsTable("geolife", *data, cv).c_str());
  EXPECT_GE(cv.folds, 5);
  EXPECT_GE(cv.days, 20);
  EXPECT_GE(cv.accuracy(), 0.85);
  // Every mode is found well above chance where its label is physically
  // possible.
  for (size_t c = 0; c < eval::kTransportClasses.size(); ++c) {
    const auto& row = cv.confusion[c];
    const int total = std::accumulate(row.begin(), row.end(), 0);
    ASSERT_GT(total, 0);
    EXPECT_GT(static_cast<double>(row[eval::kTransportClasses[c]]) / total, 0.5)
        << eval::ActivityShortName(eval::kTransportClasses[c]);
  }
  // The guard on real tracks: rejections are rare and counted.
  uint64_t rejected = 0;
  for (uint64_t n : data->rejected) rejected += n;
  EXPECT_EQ(data->fixes_in, data->fixes_accepted + rejected);
  EXPECT_LT(static_cast<double>(rejected), 0.01 * static_cast<double>(data->fixes_in));
}

TEST(GpsAccuracyTest, ShippedModelIsReproducibleFromTheCorpus) {
  MINSENSE_REQUIRE_CORPUS("geolife");
  const eval::GpsTrainingOptions options;
  StatusOr<eval::GpsCorpusWindows> data =
      eval::ExtractGpsWindows(testing::DataDir() + "/geolife", options);
  ASSERT_TRUE(data.ok());
  std::vector<size_t> all(data->windows.size());
  std::iota(all.begin(), all.end(), size_t{0});
  const v1::GpsTransportModel trained = eval::TrainGpsTransportModel(*data, all, options);
  const v1::GpsTransportModel& shipped = DefaultGpsTransportModel();
  ASSERT_EQ(trained.weights_size(), shipped.weights_size());
  for (int i = 0; i < trained.weights_size(); ++i) {
    EXPECT_NEAR(trained.weights(i), shipped.weights(i), 1e-6 * (1 + std::fabs(shipped.weights(i))))
        << "retrain with `minsense train-gps` (see README)";
  }
  EXPECT_EQ(trained.window_seconds(), shipped.window_seconds());
  EXPECT_EQ(trained.hop_seconds(), shipped.hop_seconds());
}

// ---- Fusion pairs -------------------------------------------------------

std::vector<GpsFix> ReadTrack(const std::string& path) {
  std::vector<GpsFix> fixes;
  StatusOr<std::unique_ptr<GpsCsvReader>> reader = GpsCsvReader::Open(path);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return fixes;
  std::array<GpsFix, 1024> batch{};
  for (;;) {
    StatusOr<size_t> n = (*reader)->ReadBatch(batch);
    if (!n.ok() || *n == 0) break;
    fixes.insert(fixes.end(), batch.begin(), batch.begin() + static_cast<long>(*n));
  }
  return fixes;
}

// Retime moves a track onto another clock: its first fix at t0.
std::vector<GpsFix> Retime(std::vector<GpsFix> fixes, double t0) {
  if (fixes.empty()) return fixes;
  const double shift = t0 - fixes.front().t_seconds;
  for (GpsFix& f : fixes) f.t_seconds += shift;
  return fixes;
}

// PairCounts: windows of the accelerometer, labelled before (accelerometer
// alone) and after fusion with the GPS track.
struct PairCounts {
  int windows = 0;
  std::array<int, eval::kActivityCount> before{};
  std::array<int, eval::kActivityCount> after{};
  int recordings = 0;
};

void ReplayPair(const std::string& accel_path, const std::vector<GpsFix>& gps, PairCounts* c) {
  auto p = std::move(Pipeline::Create(DefaultPipelineOptions(), DefaultEgressPolicy())).value();
  p->SetWindowObserver([c](const WindowReport& r) {
    if (r.from_gps) return;  // GPS-only windows before the accelerometer starts.
    ++c->windows;
    ++c->before[r.accel_activity];
    ++c->after[r.raw_activity];
  });
  auto reader = AccelCsvReader::Open(accel_path, AccelUnits::kMetersPerSecondSquared);
  ASSERT_TRUE(reader.ok());
  std::array<AccelSample, 4096> batch{};
  size_t next = 0;
  v1::ActivityUpdate u;
  for (;;) {
    StatusOr<size_t> n = (*reader)->ReadBatch(batch);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      while (next < gps.size() && gps[next].t_seconds <= batch[i].t_seconds)
        p->PushGps(gps[next++]);
      p->PushAccel(batch[i]);
    }
    while (p->Poll(&u)) {
    }
  }
  ++c->recordings;
}

double Share(const std::array<int, eval::kActivityCount>& counts, v1::Activity a, int total) {
  return total > 0 ? static_cast<double>(counts[a]) / total : 0;
}

TEST(GpsAccuracyTest, FusionPairsFromTheCorpora) {
  MINSENSE_REQUIRE_CORPUS("geolife");
  StatusOr<eval::Corpus> geolife = eval::LoadCorpus(testing::DataDir() + "/geolife");
  ASSERT_TRUE(geolife.ok());
  // Real tracks by mode, only physically possible ones (a "walk" at train
  // speed is a labelling error of the source), with 1 Hz fixes and >= 10 min.
  std::map<std::string, std::vector<std::vector<GpsFix>>> tracks;
  for (const eval::ManifestEntry& e : geolife->entries) {
    if (e.duration_s < 600) continue;
    const std::string mode =
        e.detail == "bus" || e.detail == "car" || e.detail == "taxi" ? "road_vehicle" : e.activity;
    if (mode != "walking" && mode != "cycling" && mode != "road_vehicle") continue;
    if (tracks[mode].size() >= 6) continue;
    std::vector<GpsFix> fixes = ReadTrack(geolife->dir + "/" + e.gps_file);
    if (static_cast<double>(fixes.size()) < e.duration_s * 0.8) continue;  // Sparse logging.
    tracks[mode].push_back(std::move(fixes));
  }
  ASSERT_FALSE(tracks["walking"].empty());
  ASSERT_FALSE(tracks["cycling"].empty());
  ASSERT_FALSE(tracks["road_vehicle"].empty());

  // Synthetic tracks for modes GeoLife lacks: running (3.3 m/s, 12 km/h)
  // and still (receiver jitter).
  auto synthetic = [](double mean, double wobble) {
    testing::TrackSpec spec;
    spec.speeds_mps = testing::Speeds(3600, mean, wobble);
    spec.turn_deg_per_fix = 4;
    return testing::SyntheticTrack(spec);
  };
  tracks["running"] = {synthetic(3.3, 0.3)};
  tracks["still"] = {synthetic(0.15, 0.9)};
  tracks["in_vehicle"] = tracks["road_vehicle"];

  // Accelerometer recordings: every corpus that has them, a few per activity.
  std::map<std::string, PairCounts> matched, vehicle;
  int k = 0;
  for (const char* name : {"motionsense", "sisfall", "oxford-steps", "hugadb-thigh"}) {
    if (!testing::CorpusPresent(name)) continue;
    StatusOr<eval::Corpus> corpus = eval::LoadCorpus(testing::DataDir() + "/" + name);
    ASSERT_TRUE(corpus.ok());
    std::map<std::string, int> taken;
    for (const eval::ManifestEntry& e : corpus->entries) {
      if (e.accel_file.empty() || tracks.count(e.activity) == 0) continue;
      if (taken[e.activity]++ >= 8) continue;
      const std::string path = corpus->dir + "/" + e.accel_file;
      const std::string key = std::string(name) + "/" + e.activity;
      const auto& own = tracks[e.activity];
      const auto& road = tracks["road_vehicle"];
      // GPS starts two minutes before the accelerometer (a full window).
      ReplayPair(path, Retime(own[static_cast<size_t>(k) % own.size()], -120), &matched[key]);
      ReplayPair(path, Retime(road[static_cast<size_t>(k) % road.size()], -120), &vehicle[key]);
      ++k;
    }
  }
  ASSERT_FALSE(matched.empty());

  std::printf("%-26s %5s %5s | %-44s | %-44s\n", "accelerometer recordings", "recs", "wins",
              "with a matching GPS track: before -> after",
              "with a bus/car/taxi track: before -> after");
  auto row = [](const PairCounts& c) {
    std::string s;
    for (v1::Activity a : {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_RUNNING,
                           v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE, v1::ACTIVITY_UNKNOWN}) {
      const double b = Share(c.before, a, c.windows), f = Share(c.after, a, c.windows);
      if (b < 0.005 && f < 0.005) continue;
      char part[48];
      std::snprintf(part, sizeof(part), "%s %.0f->%.0f ",
                    eval::ActivityShortName(a).substr(0, 4).c_str(), 100 * b, 100 * f);
      s += part;
    }
    return s;
  };
  for (const auto& [key, m] : matched) {
    const PairCounts& v = vehicle[key];
    std::printf("%-26s %5d %5d | %-44s | %-44s\n", key.c_str(), m.recordings, m.windows,
                row(m).c_str(), row(v).c_str());
  }

  for (const auto& [key, v] : vehicle) {
    SCOPED_TRACE(key);
    // A stepping accelerometer at vehicle speed never becomes RUNNING where
    // GPS evidence is there: RUNNING can only shrink, and stepping stays.
    EXPECT_LE(v.after[v1::ACTIVITY_RUNNING], v.before[v1::ACTIVITY_RUNNING]);
    EXPECT_EQ(v.after[v1::ACTIVITY_WALKING] + v.after[v1::ACTIVITY_RUNNING],
              v.before[v1::ACTIVITY_WALKING] + v.before[v1::ACTIVITY_RUNNING]);
  }
  for (const auto& [key, m] : matched) {
    SCOPED_TRACE(key);
    const std::string activity = key.substr(key.find('/') + 1);
    const v1::Activity truth = eval::ExpectedActivity(activity);
    // A matching track never makes the labels worse by more than a little
    // (a GPS outage leaves the accelerometer alone).
    EXPECT_GE(Share(m.after, truth, m.windows) + 0.02, Share(m.before, truth, m.windows));
  }
  // Still and in-vehicle accelerometers on a road-vehicle track: mostly
  // IN_VEHICLE once fused (the accelerometer alone cannot say so).
  for (const char* key : {"hugadb-thigh/in_vehicle", "motionsense/still"}) {
    if (vehicle.count(key) == 0) continue;
    const PairCounts& v = vehicle[key];
    EXPECT_GT(Share(v.after, v1::ACTIVITY_IN_VEHICLE, v.windows), 0.5) << key;
  }
}

}  // namespace
}  // namespace minsense
