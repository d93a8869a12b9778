#include "kernels/great_circle.h"

#include <algorithm>
#include <cmath>

namespace minsense {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRadPerDeg = kPi / 180.0;

}  // namespace

double HaversineMeters(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double phi1 = lat1_deg * kRadPerDeg;
  const double phi2 = lat2_deg * kRadPerDeg;
  // The longitude difference is taken first, so that shifting both
  // longitudes by the same amount changes nothing but rounding of the
  // difference itself.
  const double dphi = (lat2_deg - lat1_deg) * kRadPerDeg;
  const double dlambda = (lon2_deg - lon1_deg) * kRadPerDeg;
  const double s_phi = std::sin(dphi / 2);
  const double s_lambda = std::sin(dlambda / 2);
  double h = s_phi * s_phi + std::cos(phi1) * std::cos(phi2) * s_lambda * s_lambda;
  h = std::clamp(h, 0.0, 1.0);
  return 2 * kEarthRadiusMeters * std::asin(std::sqrt(h));
}

double InitialBearingDegrees(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double phi1 = lat1_deg * kRadPerDeg;
  const double phi2 = lat2_deg * kRadPerDeg;
  const double dlambda = (lon2_deg - lon1_deg) * kRadPerDeg;
  const double y = std::sin(dlambda) * std::cos(phi2);
  const double x =
      std::cos(phi1) * std::sin(phi2) - std::sin(phi1) * std::cos(phi2) * std::cos(dlambda);
  if (x == 0 && y == 0) return 0;
  double deg = std::atan2(y, x) / kRadPerDeg;
  if (deg < 0) deg += 360;
  if (deg >= 360) deg -= 360;
  return deg;
}

double BearingChangeDegrees(double a_deg, double b_deg) {
  double d = std::fmod(std::fabs(a_deg - b_deg), 360.0);
  return d > 180 ? 360 - d : d;
}

}  // namespace minsense
