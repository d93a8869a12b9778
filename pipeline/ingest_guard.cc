#include "pipeline/ingest_guard.h"

#include "pipeline/secure_zero.h"

namespace minsense {

IngestGuard::~IngestGuard() { SecureZero(previous_, sizeof(previous_)); }

void IngestGuard::Reset() {
  has_last_ = false;
  segment_samples_ = 0;
  resync_count_ = 0;
  resync_t_ = 0;
  has_previous_ = false;
  SecureZero(previous_, sizeof(previous_));
}

}  // namespace minsense
