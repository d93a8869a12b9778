// great_circle.h: distances and bearings on the WGS84 sphere approximation.
//
// Pure functions, no state, no allocation. The haversine formula is used for
// the distance between two GPS fixes: it stays accurate for the metre-scale
// steps between 1 Hz fixes, where the spherical law of cosines loses digits.
// The Earth is a sphere of kEarthRadiusMeters (the IUGG mean radius); the
// error against the ellipsoid is under 0.5%, far below GPS speed noise.
//
//   double d = HaversineMeters(lat1, lon1, lat2, lon2);
//   double speed_mps = d / (t2 - t1);
#ifndef MINSENSE_KERNELS_GREAT_CIRCLE_H_
#define MINSENSE_KERNELS_GREAT_CIRCLE_H_

namespace minsense {

// kEarthRadiusMeters: the mean Earth radius (IUGG), metres.
inline constexpr double kEarthRadiusMeters = 6371008.8;

// HaversineMeters is the great-circle distance in metres between two points
// given in degrees. Symmetric, non-negative, 0 for equal points; invariant
// under a shift of both longitudes by the same amount.
double HaversineMeters(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

// InitialBearingDegrees is the initial great-circle bearing from point 1 to
// point 2, degrees clockwise from north in [0, 360). 0 for equal points.
double InitialBearingDegrees(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

// BearingChangeDegrees is the smallest absolute turn from bearing a to
// bearing b, in [0, 180].
double BearingChangeDegrees(double a_deg, double b_deg);

}  // namespace minsense

#endif  // MINSENSE_KERNELS_GREAT_CIRCLE_H_
