#include "pipeline/label_smoother.h"

namespace minsense {

v1::Activity LabelSmoother::Update(v1::Activity raw, v1::Confidence confidence) {
  if (raw == current_) {
    candidate_count_ = 0;
    return current_;
  }
  if (current_ == v1::ACTIVITY_UNKNOWN && confidence == v1::CONFIDENCE_HIGH) {
    current_ = raw;
    candidate_count_ = 0;
    return current_;
  }
  if (candidate_count_ > 0 && raw == candidate_) {
    ++candidate_count_;
  } else {
    candidate_ = raw;
    candidate_count_ = 1;
  }
  if (candidate_count_ >= stable_windows_) {
    current_ = candidate_;
    candidate_count_ = 0;
  }
  return current_;
}

void LabelSmoother::Reset() {
  current_ = v1::ACTIVITY_UNKNOWN;
  candidate_ = v1::ACTIVITY_UNKNOWN;
  candidate_count_ = 0;
}

}  // namespace minsense
