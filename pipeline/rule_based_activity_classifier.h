// rule_based_activity_classifier.h: the first, hand-written classifier for
// still / walking / running / unknown.
//
// It reads three things from a window: how much |a| varies (intensity), how
// periodic the gait-band signal is, and the step rate. The thresholds are
// physical and set for whole populations, not for single recordings:
// - still: |a| varies by less than still_max_std_mps2 (a phone on a table
//   or in the pocket of a seated person);
// - stepping: a periodic gait signal at a plausible cadence; the weaker the
//   motion, the more regular it must be;
// - running: stepping with a fast cadence and a hard impact, or a very fast
//   cadence alone;
// - anything else is UNKNOWN (for example a phone being handled).
// A trained model replaces it later behind ActivityClassifier.
#ifndef MINSENSE_PIPELINE_RULE_BASED_ACTIVITY_CLASSIFIER_H_
#define MINSENSE_PIPELINE_RULE_BASED_ACTIVITY_CLASSIFIER_H_

#include "pipeline/activity_classifier.h"

namespace minsense {

// RuleThresholds documents every constant the rules use, with its unit.
struct RuleThresholds {
  float still_max_std_mps2 = 0.35f;  // Below: STILL.
  // Stepping needs a periodic gait signal; the weaker the motion, the more
  // regular it must be (a phone held in the hand is gentle but regular). By
  // |a| std:
  float gentle_min_std_mps2 = 0.5f;  // [0.5, 0.8): periodicity >= 0.7,
  float gentle_min_periodicity = 0.7f;
  float stepping_min_std_mps2 = 0.8f;  // >= 0.8: periodicity >= 0.3.
  float stepping_min_periodicity = 0.3f;
  float stepping_min_spm = 60.0f;     // Slower "gait" is handling, not walking.
  float running_min_spm = 135.0f;     // Running cadence needs...
  float running_min_std_mps2 = 5.0f;  // ...and this impact intensity,
  float running_sure_spm = 175.0f;    // unless the cadence alone is this fast.
};

class RuleBasedActivityClassifier final : public ActivityClassifier {
 public:
  explicit RuleBasedActivityClassifier(RuleThresholds thresholds = RuleThresholds())
      : t_(thresholds) {}
  ActivityDecision Classify(const WindowFeatures& features) const override;

 private:
  RuleThresholds t_;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_RULE_BASED_ACTIVITY_CLASSIFIER_H_
