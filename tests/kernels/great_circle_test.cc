#include "kernels/great_circle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace minsense {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(GreatCircleTest, GoldenDistances) {
  // One degree along the equator or a meridian is R * pi / 180.
  const double one_degree = kEarthRadiusMeters * kPi / 180;
  EXPECT_NEAR(HaversineMeters(0, 0, 0, 1), one_degree, 1e-6);
  EXPECT_NEAR(HaversineMeters(10, 20, 11, 20), one_degree, 1e-6);
  // A quarter of a great circle: equator to pole.
  EXPECT_NEAR(HaversineMeters(0, 45, 90, 45), kEarthRadiusMeters * kPi / 2, 1e-6);
  // Antipodes: half the circumference.
  EXPECT_NEAR(HaversineMeters(0, 0, 0, 180), kEarthRadiusMeters * kPi, 1e-3);
  // At 60 degrees north a degree of longitude is about half as long
  // (great circle slightly shorter than the parallel).
  EXPECT_NEAR(HaversineMeters(60, 0, 60, 1), one_degree / 2, 20);
  EXPECT_EQ(HaversineMeters(39.9, 116.3, 39.9, 116.3), 0);
  // A 1 Hz walking step: 1.4 m, kept to the millimetre.
  const double dlat = 1.4 / kEarthRadiusMeters * 180 / kPi;
  EXPECT_NEAR(HaversineMeters(39.9, 116.3, 39.9 + dlat, 116.3), 1.4, 1e-3);
}

TEST(GreatCircleTest, SymmetricAndShiftInvariant) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(-80, 80), lon(-179, 179), small(-0.01, 0.01),
      shift(-360, 360);
  for (int i = 0; i < 1000; ++i) {
    const double a = lat(rng), b = lon(rng), c = a + small(rng), d = b + small(rng);
    const double m = HaversineMeters(a, b, c, d);
    EXPECT_GE(m, 0);
    EXPECT_NEAR(HaversineMeters(c, d, a, b), m, 1e-9);
    const double s = shift(rng);
    EXPECT_NEAR(HaversineMeters(a, b + s, c, d + s), m, 1e-6 * (1 + m));
  }
}

TEST(GreatCircleTest, Bearings) {
  EXPECT_NEAR(InitialBearingDegrees(0, 0, 1, 0), 0, 1e-9);
  EXPECT_NEAR(InitialBearingDegrees(0, 0, 0, 1), 90, 1e-9);
  EXPECT_NEAR(InitialBearingDegrees(0, 0, -1, 0), 180, 1e-9);
  EXPECT_NEAR(InitialBearingDegrees(0, 0, 0, -1), 270, 1e-9);
  EXPECT_EQ(InitialBearingDegrees(5, 5, 5, 5), 0);
  EXPECT_NEAR(BearingChangeDegrees(350, 10), 20, 1e-9);
  EXPECT_NEAR(BearingChangeDegrees(10, 350), 20, 1e-9);
  EXPECT_NEAR(BearingChangeDegrees(0, 180), 180, 1e-9);
  EXPECT_NEAR(BearingChangeDegrees(90, 90), 0, 1e-9);
}

}  // namespace
}  // namespace minsense
