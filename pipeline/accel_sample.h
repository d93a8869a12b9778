// accel_sample.h: one raw accelerometer sample as the caller pushes it.
#ifndef MINSENSE_PIPELINE_ACCEL_SAMPLE_H_
#define MINSENSE_PIPELINE_ACCEL_SAMPLE_H_

#include <cstdint>

namespace minsense {

// AccelSample is one raw reading: gravity included, device frame.
// Raw data: it lives only in bounded buffers and is zeroed when released.
struct AccelSample {
  double t_seconds = 0;  // Stream time in seconds (any origin, increasing).
  float x_mps2 = 0;      // Acceleration along the device axes, m/s^2.
  float y_mps2 = 0;
  float z_mps2 = 0;
};

// AccelSampleFromNanos builds a sample from a nanosecond timestamp (Android's
// SensorEvent.timestamp, for example).
inline AccelSample AccelSampleFromNanos(int64_t t_nanos, float x_mps2, float y_mps2, float z_mps2) {
  return AccelSample{static_cast<double>(t_nanos) * 1e-9, x_mps2, y_mps2, z_mps2};
}

// kStandardGravityMps2 converts g units to m/s^2.
inline constexpr float kStandardGravityMps2 = 9.80665f;

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACCEL_SAMPLE_H_
