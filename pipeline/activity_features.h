// activity_features.h: the classifier's input vector, made from WindowFeatures.
//
// One code path for training and inference: `minsense train` and the
// on-device classifier both call ActivityFeatureVector on the WindowFeatures
// the MotionAnalyzer computed, so a model always sees the features it was
// trained on. The names are stored in the model and checked when it loads.
//
// Every feature is orientation-free or describes orientation change, never
// the orientation itself, so the model does not learn a carry position.
// Scales (intensity, jerk) enter as logarithms: they span decades between a
// phone on a table and a phone in the pocket of a runner.
#ifndef MINSENSE_PIPELINE_ACTIVITY_FEATURES_H_
#define MINSENSE_PIPELINE_ACTIVITY_FEATURES_H_

#include <array>
#include <span>
#include <string_view>

#include "pipeline/window_features.h"

namespace minsense {

inline constexpr int kActivityFeatureCount = 12;

// ActivityFeatureNames lists the features in vector order.
std::span<const std::string_view> ActivityFeatureNames();

// ActivityFeatureVector returns the finite feature vector of one window.
std::array<float, kActivityFeatureCount> ActivityFeatureVector(const WindowFeatures& f);

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACTIVITY_FEATURES_H_
