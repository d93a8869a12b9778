// gps_track.h: synthetic GPS tracks for tests (speeds in, fixes out).
//
//   std::vector<GpsFix> track = SyntheticTrack({.t0 = 0, .speeds_mps = {1.4, 1.4, ...}});
//   std::string csv = TrackCsv(track);  // t,lat,lon,alt_m text
#ifndef MINSENSE_TESTS_SUPPORT_GPS_TRACK_H_
#define MINSENSE_TESTS_SUPPORT_GPS_TRACK_H_

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/gps_fix.h"

namespace minsense::testing {

struct TrackSpec {
  double t0 = 0;
  double dt = 1;  // Seconds between fixes.
  double lat0 = 51.752;
  double lon0 = -1.2577;
  double bearing_deg = 30;
  double turn_deg_per_fix = 0;     // Added to the bearing after each fix.
  std::vector<double> speeds_mps;  // One per step; fixes = steps + 1.
};

// SyntheticTrack walks from (lat0, lon0) along the bearing at the given
// speeds (spherical small-step formulas).
std::vector<GpsFix> SyntheticTrack(const TrackSpec& spec);

// Speeds builds `n` speeds around `mean` with a deterministic wobble of
// relative size `wobble` (and stops: every `stop_every`-th run of `stop_len`
// steps at 0 when stop_every > 0).
std::vector<double> Speeds(int n, double mean, double wobble, int stop_every = 0, int stop_len = 0);

// TrackCsv renders fixes as a canonical t,lat,lon,alt_m file (7 decimals).
std::string TrackCsv(const std::vector<GpsFix>& fixes, double lon_shift_deg = 0);

// WriteGpsCorpus writes a GPS-only corpus (manifest.csv and rec/*.gps.csv,
// the layout of ../shared/data/geolife) into `folder`: on each of `days` UTC
// days, a 20-minute track at 2 s per fix of walking, cycling and in_vehicle
// (bus, with stops), and one still recording (not a transport class). The
// speeds wobble and differ by day. Returns the folder as a string.
std::string WriteGpsCorpus(const std::filesystem::path& folder, int days);

}  // namespace minsense::testing

#endif  // MINSENSE_TESTS_SUPPORT_GPS_TRACK_H_
