#include "tests/support/gps_track.h"

#include <cmath>
#include <cstdio>

#include "kernels/great_circle.h"
#include "tests/support/test_support.h"

namespace minsense::testing {

std::vector<GpsFix> SyntheticTrack(const TrackSpec& spec) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  std::vector<GpsFix> fixes;
  GpsFix f;
  f.t_seconds = spec.t0;
  f.latitude_deg = spec.lat0;
  f.longitude_deg = spec.lon0;
  fixes.push_back(f);
  double bearing = spec.bearing_deg;
  for (double v : spec.speeds_mps) {
    const double d = v * spec.dt / kEarthRadiusMeters;  // Radians of arc.
    const double lat = f.latitude_deg * kRad;
    f.latitude_deg += d * std::cos(bearing * kRad) / kRad;
    f.longitude_deg += d * std::sin(bearing * kRad) / std::cos(lat) / kRad;
    f.t_seconds += spec.dt;
    fixes.push_back(f);
    bearing += spec.turn_deg_per_fix;
  }
  return fixes;
}

std::vector<double> Speeds(int n, double mean, double wobble, int stop_every, int stop_len) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) {
    double s = mean * (1 + wobble * std::sin(0.7 * i) * std::cos(0.13 * i));
    if (stop_every > 0 && i % stop_every < stop_len) s = 0;
    v.push_back(s);
  }
  return v;
}

std::string TrackCsv(const std::vector<GpsFix>& fixes, double lon_shift_deg) {
  std::string out = "t,lat,lon,alt_m\n";
  char row[128];
  for (const GpsFix& f : fixes) {
    double lon = f.longitude_deg + lon_shift_deg;
    while (lon > 180) lon -= 360;
    while (lon < -180) lon += 360;
    std::snprintf(row, sizeof(row), "%.3f,%.7f,%.7f,\n", f.t_seconds, f.latitude_deg, lon);
    out += row;
  }
  return out;
}

std::string WriteGpsCorpus(const std::filesystem::path& folder, int days) {
  struct Mode {
    const char* activity;
    const char* detail;
    double speed_mps;
    int stop_every;
  };
  constexpr Mode kModes[] = {{"walking", "walk", 1.4, 0},
                             {"cycling", "bike", 4.5, 0},
                             {"in_vehicle", "bus", 9.0, 90},
                             {"still", "still", 0.0, 0}};
  std::filesystem::create_directories(folder / "rec");
  std::string manifest =
      "id,dataset,subject,device,position,activity,detail,rate_hz,rate_note,duration_s,steps_gt,"
      "cadence_spm_gt,files\n";
  for (int day = 0; day < days; ++day) {
    for (int m = 0; m < 4; ++m) {
      const Mode& mode = kModes[m];
      TrackSpec spec;
      spec.t0 = 1.2e9 + 86400.0 * day + 3600.0 * m;
      spec.dt = 2;
      spec.bearing_deg = 20.0 * day + 70.0 * m;
      spec.turn_deg_per_fix = 0.05 * (m + 1);
      spec.speeds_mps = Speeds(600, mode.speed_mps * (1 + 0.05 * (day % 3)), 0.3, mode.stop_every,
                               mode.stop_every / 3);
      const std::string id = "syn" + std::to_string(day) + "-" + mode.detail;
      WriteFile(folder / ("rec/" + id + ".gps.csv"), TrackCsv(SyntheticTrack(spec)));
      manifest += id + ",synthetic,u" + std::to_string(day) + ",GPS-logger,," + mode.activity +
                  "," + mode.detail + ",,,1200,,,rec/" + id + ".gps.csv\n";
    }
  }
  WriteFile(folder / "manifest.csv", manifest);
  return folder.string();
}

}  // namespace minsense::testing
