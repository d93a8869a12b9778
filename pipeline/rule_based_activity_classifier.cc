#include "pipeline/rule_based_activity_classifier.h"

namespace minsense {

ActivityDecision RuleBasedActivityClassifier::Classify(const WindowFeatures& f) const {
  ActivityDecision d;
  if (f.magnitude_std_mps2 < t_.still_max_std_mps2) {
    d.activity = v1::ACTIVITY_STILL;
    d.confidence = f.magnitude_std_mps2 < 0.5f * t_.still_max_std_mps2 ? v1::CONFIDENCE_HIGH
                                                                       : v1::CONFIDENCE_MEDIUM;
    return d;
  }
  const float std_mps2 = f.magnitude_std_mps2;
  const float min_periodicity = std_mps2 >= t_.stepping_min_std_mps2 ? t_.stepping_min_periodicity
                                : std_mps2 >= t_.gentle_min_std_mps2 ? t_.gentle_min_periodicity
                                                                     : 2.0f;  // Never.
  const bool stepping =
      f.cadence_valid && f.cadence_spm >= t_.stepping_min_spm && f.periodicity >= min_periodicity;
  if (!stepping) {
    d.activity = v1::ACTIVITY_UNKNOWN;
    d.confidence = v1::CONFIDENCE_LOW;
    return d;
  }
  const bool running =
      f.cadence_spm >= t_.running_sure_spm ||
      (f.cadence_spm >= t_.running_min_spm && f.magnitude_std_mps2 >= t_.running_min_std_mps2);
  d.activity = running ? v1::ACTIVITY_RUNNING : v1::ACTIVITY_WALKING;
  d.confidence = f.periodicity >= 0.7f    ? v1::CONFIDENCE_HIGH
                 : f.periodicity >= 0.55f ? v1::CONFIDENCE_MEDIUM
                                          : v1::CONFIDENCE_LOW;
  return d;
}

}  // namespace minsense
