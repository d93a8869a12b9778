// pending_update_queue.h: a fixed-capacity FIFO of egress messages waiting
// to be polled. Plain data, sized at compile time: pushing never allocates.
#ifndef MINSENSE_PIPELINE_PENDING_UPDATE_QUEUE_H_
#define MINSENSE_PIPELINE_PENDING_UPDATE_QUEUE_H_

#include <array>

#include "pipeline/egress_gate.h"

namespace minsense {

template <int kCapacity>
class PendingUpdateQueue {
 public:
  // Push appends `u`; when full it drops the oldest and returns false.
  bool Push(const PendingUpdate& u) {
    bool kept_all = true;
    if (size_ == kCapacity) {
      head_ = (head_ + 1) % kCapacity;
      --size_;
      kept_all = false;
    }
    items_[(head_ + size_) % kCapacity] = u;
    ++size_;
    return kept_all;
  }

  // Pop moves the oldest into *out; false when empty.
  bool Pop(PendingUpdate* out) {
    if (size_ == 0) return false;
    *out = items_[head_];
    head_ = (head_ + 1) % kCapacity;
    --size_;
    return true;
  }

  // Front returns the oldest, which stays queued; nullptr when empty.
  PendingUpdate* Front() { return size_ == 0 ? nullptr : &items_[head_]; }

  void Clear() {
    items_.fill(PendingUpdate());
    head_ = 0;
    size_ = 0;
  }

  int size() const { return size_; }

 private:
  std::array<PendingUpdate, kCapacity> items_{};
  int head_ = 0;
  int size_ = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_PENDING_UPDATE_QUEUE_H_
