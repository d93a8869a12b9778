// ScaleIntensity of tools/eval/activity_training.h: the training
// augmentation that shows a window as if felt at another carry position.
#include "tools/eval/activity_training.h"

#include <gtest/gtest.h>

namespace minsense::eval {
namespace {

WindowFeatures Walk() {
  WindowFeatures f;
  f.magnitude_mean_mps2 = 10.0f;
  f.magnitude_std_mps2 = 3.0f;
  f.gait_rms_mps2 = 2.5f;
  f.cadence_valid = true;
  f.cadence_spm = 110.0f;
  f.periodicity = 0.9f;
  f.stride_periodicity = 0.85f;
  f.orientation_change_mps2 = 2.0f;
  f.jerk_rms_mps3 = 60.0f;
  f.magnitude_kurtosis = 2.5f;
  f.magnitude_min_mps2 = 4.0f;
  f.magnitude_max_mps2 = 18.0f;
  return f;
}

TEST(ScaleIntensityTest, ScalesTheDynamicPartOnly) {
  const WindowFeatures f = Walk();
  const WindowFeatures s = ScaleIntensity(f, 1.5f);
  EXPECT_FLOAT_EQ(s.magnitude_std_mps2, 4.5f);
  EXPECT_FLOAT_EQ(s.gait_rms_mps2, 3.75f);
  EXPECT_FLOAT_EQ(s.jerk_rms_mps3, 90.0f);
  EXPECT_FLOAT_EQ(s.magnitude_min_mps2, 1.0f);   // 10 - 1.5 * (10 - 4)
  EXPECT_FLOAT_EQ(s.magnitude_max_mps2, 22.0f);  // 10 + 1.5 * (18 - 10)
  // The carrying body part turns more where the phone feels the gait harder
  // (a thigh or a swinging hand against a waist).
  EXPECT_FLOAT_EQ(s.orientation_change_mps2, 3.0f);
  // Gravity and the timing and shape of the gait are the same motion's.
  EXPECT_FLOAT_EQ(s.magnitude_mean_mps2, f.magnitude_mean_mps2);
  EXPECT_EQ(s.cadence_valid, f.cadence_valid);
  EXPECT_FLOAT_EQ(s.cadence_spm, f.cadence_spm);
  EXPECT_FLOAT_EQ(s.periodicity, f.periodicity);
  EXPECT_FLOAT_EQ(s.stride_periodicity, f.stride_periodicity);
  EXPECT_FLOAT_EQ(s.magnitude_kurtosis, f.magnitude_kurtosis);
}

TEST(ScaleIntensityTest, ScaleOneIsIdentity) {
  const WindowFeatures f = Walk();
  const WindowFeatures s = ScaleIntensity(f, 1.0f);
  EXPECT_FLOAT_EQ(s.magnitude_std_mps2, f.magnitude_std_mps2);
  EXPECT_FLOAT_EQ(s.orientation_change_mps2, f.orientation_change_mps2);
  EXPECT_FLOAT_EQ(s.magnitude_min_mps2, f.magnitude_min_mps2);
  EXPECT_FLOAT_EQ(s.magnitude_max_mps2, f.magnitude_max_mps2);
}

TEST(ScaleIntensityTest, SmallestMagnitudeNeverNegative) {
  const WindowFeatures s = ScaleIntensity(Walk(), 3.0f);  // 10 - 3 * 6 < 0.
  EXPECT_FLOAT_EQ(s.magnitude_min_mps2, 0.0f);
  EXPECT_GE(s.magnitude_max_mps2, s.magnitude_mean_mps2);
}

}  // namespace
}  // namespace minsense::eval
