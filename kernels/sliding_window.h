// sliding_window.h: the last N samples of a signal, in a fixed ring buffer that is wiped.
//
// The pipeline keeps the last window (e.g. 6 s = 300 samples at 50 Hz) of each internal-rate
// signal to compute window statistics and the cadence. The samples are raw-derived data, so the
// buffer is overwritten with zeros whenever it is cleared, re-sized or destroyed (see
// secure_zero.h). Storage is allocated once, in Init; Push, CopyOrdered and Clear never allocate.
//
// Example:
//   SlidingWindow window;
//   if (!window.Init(300)) return false;
//   window.Push(vertical_mps2);           // Once per internal-rate sample.
//   if (window.full()) {
//     window.CopyOrdered(scratch);        // scratch.size() >= 300, oldest sample first.
//     CadenceEstimate c = estimator.Estimate(std::span(scratch).first(window.size()));
//   }
#ifndef MINSENSE_KERNELS_SLIDING_WINDOW_H_
#define MINSENSE_KERNELS_SLIDING_WINDOW_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>

namespace minsense::kernels {

// SlidingWindow is a fixed-capacity ring buffer of floats holding the most recent samples.
// Move-only (a moved-from window is empty with capacity 0). Not thread-safe.
class SlidingWindow {
 public:
  SlidingWindow() = default;
  // ~SlidingWindow overwrites the storage with zeros before freeing it.
  ~SlidingWindow();
  SlidingWindow(const SlidingWindow&) = delete;
  SlidingWindow& operator=(const SlidingWindow&) = delete;
  SlidingWindow(SlidingWindow&& other) noexcept;
  // operator= wipes and frees this window's storage before taking other's.
  SlidingWindow& operator=(SlidingWindow&& other) noexcept;

  // Init allocates storage for `capacity` samples (once; re-Init with the same capacity only
  // clears) and empties the window. Any previous storage is wiped first. Returns false, leaving
  // the window unchanged, if capacity <= 0 or the allocation fails.
  bool Init(int capacity);

  // Push appends v, overwriting the oldest sample when full. O(1). Ignored before Init.
  void Push(float v) {
    if (capacity_ == 0) return;
    data_[static_cast<std::size_t>(head_)] = v;
    head_ = head_ + 1 == capacity_ ? 0 : head_ + 1;
    if (size_ < capacity_) ++size_;
  }

  // PushBlock is Push of v[0], v[1], ... in order (the same stored values, head and size): the
  // values are copied in contiguous pieces up to the end of the store (two at most unless v is
  // longer than the window). O(v.size()). Ignored before Init.
  void PushBlock(std::span<const float> v) {
    if (capacity_ == 0) return;
    float* data = data_.get();
    const float* src = v.data();
    std::size_t left = v.size();
    auto head = static_cast<std::size_t>(head_);
    const auto capacity = static_cast<std::size_t>(capacity_);
    while (left > 0) {
      const std::size_t piece = std::min(left, capacity - head);
      std::copy_n(src, piece, data + head);
      src += piece;
      left -= piece;
      head = head + piece == capacity ? 0 : head + piece;
    }
    head_ = static_cast<int>(head);
    const std::size_t room = static_cast<std::size_t>(capacity_ - size_);
    size_ = v.size() < room ? size_ + static_cast<int>(v.size()) : capacity_;
  }

  // size is the number of samples held, in [0, capacity()].
  int size() const { return size_; }
  // capacity is the Init capacity (0 before Init).
  int capacity() const { return capacity_; }
  // full is size() == capacity() > 0.
  bool full() const { return capacity_ > 0 && size_ == capacity_; }

  // CopyOrdered copies the held samples, oldest first, to out[0, size()). Requires
  // out.size() >= size(); if out is shorter, the newest out.size() samples are copied (oldest of
  // those first). Elements of out beyond the copied ones are left untouched.
  void CopyOrdered(std::span<float> out) const;

  // Pieces: the newest samples as (at most) two contiguous pieces of the store, oldest first.
  struct Pieces {
    std::span<float> first;
    std::span<float> second;  // Empty unless the samples wrap around the end of the store.
  };
  // Newest is the newest n held samples, n <= size(), to read or rewrite in place. O(1).
  Pieces Newest(int n) {
    int start = head_ - n;
    if (start < 0) start += capacity_;
    const int first = std::min(n, capacity_ - start);
    float* base = data_.get();
    return {std::span<float>(base + start, static_cast<std::size_t>(first)),
            std::span<float>(base, static_cast<std::size_t>(n - first))};
  }

  // ZeroSlotAhead zeroes the slot that the (k + 1)-th Push from now writes (k < capacity()):
  // once full, the sample that Push drops. A window that lags another by k + 1 samples (their
  // values are still to be pushed) so holds none older than the other window's. O(1).
  void ZeroSlotAhead(int k) {
    if (capacity_ == 0) return;
    int i = head_ + k;
    if (i >= capacity_) i -= capacity_;
    data_[static_cast<std::size_t>(i)] = 0.0f;
  }

  // Clear empties the window and overwrites every stored value with zero. Keeps the storage.
  void Clear();

  // storage_for_testing is the whole backing store (capacity() floats), to prove wiping.
  std::span<const float> storage_for_testing() const;

 private:
  // Release wipes and frees the storage and empties the window.
  void Release();

  std::unique_ptr<float[]> data_;
  int capacity_ = 0;
  int size_ = 0;
  int head_ = 0;  // Index the next Push writes to.
};

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_SLIDING_WINDOW_H_
