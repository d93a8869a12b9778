// gps_fix.h: one raw location fix, as the pipeline receives it.
//
// A fix is the most sensitive input of minsense: it never leaves the device,
// is never written anywhere, and lives only as long as the ingest guard needs
// it to measure the next step (see gps_ingest_guard.h).
#ifndef MINSENSE_PIPELINE_GPS_FIX_H_
#define MINSENSE_PIPELINE_GPS_FIX_H_

#include <limits>

namespace minsense {

// GpsFix is one location fix on the caller's clock.
struct GpsFix {
  double t_seconds = 0;      // Stream time, seconds; the accelerometer's clock when both are used.
  double latitude_deg = 0;   // WGS84, [-90, 90].
  double longitude_deg = 0;  // WGS84, [-180, 180].
  // altitude_m: metres, NaN when unknown. Not used for analysis.
  double altitude_m = std::numeric_limits<double>::quiet_NaN();
  // accuracy_m: horizontal accuracy radius (68%), metres; NaN when unknown
  // (then the fix is taken as it is).
  double accuracy_m = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_GPS_FIX_H_
