// tools/eval/activity_training.h: ScaleIntensity, the training augmentation
// that shows a window as if felt at another carry position, and which windows
// TrainActivityModel learns from.
#include "tools/eval/activity_training.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// Recordings whose sampling rate is doubtful keep their walking and running
// out of training (their cadence is off by an unknown factor), and only those:
// their still windows, and every window of the other recordings, train.
TEST(TrainActivityModelTest, LeavesOutSteppingOfRecordingsWithAnUncertainRate) {
  auto windows = [](v1::Activity truth, float cadence_spm, float std_mps2) {
    RecordingWindows rec;
    for (int i = 0; i < 40; ++i) {
      WindowFeatures f = Walk();
      f.cadence_spm = cadence_spm + static_cast<float>(i % 5);
      f.magnitude_std_mps2 = std_mps2 + 0.01f * static_cast<float>(i % 7);
      rec.windows.push_back({f, truth});
    }
    return rec;
  };
  WindowDataset data;
  data.recordings.push_back(windows(v1::ACTIVITY_STILL, 0.0f, 0.1f));
  data.recordings.push_back(windows(v1::ACTIVITY_WALKING, 110.0f, 3.0f));
  RecordingWindows doubtful_run = windows(v1::ACTIVITY_RUNNING, 170.0f, 8.0f);
  doubtful_run.rate_uncertain = true;
  data.recordings.push_back(doubtful_run);
  RecordingWindows doubtful_still = windows(v1::ACTIVITY_IN_VEHICLE, 0.0f, 0.5f);
  doubtful_still.rate_uncertain = true;
  data.recordings.push_back(doubtful_still);

  ActivityTrainingOptions options;
  options.mlp.epochs = 5;
  StatusOr<v1::ActivityModel> model = TrainActivityModel(
      data, [](const RecordingWindows&) { return true; }, options, "test");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::vector<int> classes(model->classes().begin(), model->classes().end());
  EXPECT_EQ(classes,
            (std::vector<int>{v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_IN_VEHICLE}));
  // The windows trained on: 40 each of three recordings, at every scale.
  EXPECT_NE(model->trained_on().find(std::to_string(3 * 40 * options.intensity_scales.size()) +
                                     " windows"),
            std::string::npos)
      << model->trained_on();

  // The same running recording with a known rate trains the RUNNING class.
  data.recordings[2].rate_uncertain = false;
  model = TrainActivityModel(
      data, [](const RecordingWindows&) { return true; }, options, "test");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  classes.assign(model->classes().begin(), model->classes().end());
  EXPECT_EQ(classes, (std::vector<int>{v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING,
                                       v1::ACTIVITY_RUNNING, v1::ACTIVITY_IN_VEHICLE}));
}

}  // namespace
}  // namespace minsense::eval
