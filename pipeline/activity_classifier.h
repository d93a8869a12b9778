// activity_classifier.h: the interface every activity classifier implements.
//
// The pipeline asks a classifier for one decision per analysis window; the
// classifier sees only WindowFeatures. Keeping it behind this interface lets a
// trained model replace the first rule-based one without touching the stages.
#ifndef MINSENSE_PIPELINE_ACTIVITY_CLASSIFIER_H_
#define MINSENSE_PIPELINE_ACTIVITY_CLASSIFIER_H_

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/window_features.h"

namespace minsense {

// ActivityDecision is a classifier's answer for one window.
struct ActivityDecision {
  v1::Activity activity = v1::ACTIVITY_UNKNOWN;
  v1::Confidence confidence = v1::CONFIDENCE_LOW;
};

class ActivityClassifier {
 public:
  virtual ~ActivityClassifier() = default;
  // Classify must not allocate and must be cheap: it runs once per window.
  virtual ActivityDecision Classify(const WindowFeatures& features) const = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_ACTIVITY_CLASSIFIER_H_
