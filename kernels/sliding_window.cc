// sliding_window.cc: ring buffer with wipe-on-release.
#include "kernels/sliding_window.h"

#include <algorithm>
#include <cstddef>
#include <new>
#include <utility>

#include "kernels/secure_zero.h"

namespace minsense::kernels {

SlidingWindow::~SlidingWindow() { Release(); }

SlidingWindow::SlidingWindow(SlidingWindow&& other) noexcept
    : data_(std::move(other.data_)),
      capacity_(std::exchange(other.capacity_, 0)),
      size_(std::exchange(other.size_, 0)),
      head_(std::exchange(other.head_, 0)) {}

SlidingWindow& SlidingWindow::operator=(SlidingWindow&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::move(other.data_);
    capacity_ = std::exchange(other.capacity_, 0);
    size_ = std::exchange(other.size_, 0);
    head_ = std::exchange(other.head_, 0);
  }
  return *this;
}

bool SlidingWindow::Init(int capacity) {
  if (capacity <= 0) return false;
  if (capacity == capacity_ && data_ != nullptr) {
    Clear();
    return true;
  }
  // Value-initialised: zeros from the start, so storage_for_testing never shows garbage.
  std::unique_ptr<float[]> fresh(new (std::nothrow) float[static_cast<std::size_t>(capacity)]());
  if (fresh == nullptr) return false;
  Release();
  data_ = std::move(fresh);
  capacity_ = capacity;
  return true;
}

void SlidingWindow::CopyOrdered(std::span<float> out) const {
  const int n = static_cast<int>(std::min(out.size(), static_cast<std::size_t>(size_)));
  if (n == 0) return;
  // The newest sample sits just before head_; the n newest start n slots earlier (mod capacity).
  int start = head_ - n;
  if (start < 0) start += capacity_;
  const int first = std::min(n, capacity_ - start);  // Up to the end of the store.
  const float* base = data_.get();
  std::copy(base + start, base + start + first, out.begin());
  std::copy(base, base + (n - first), out.begin() + first);
}

void SlidingWindow::Clear() {
  size_ = 0;
  head_ = 0;
  if (data_ != nullptr)
    SecureZero(std::span<float>(data_.get(), static_cast<std::size_t>(capacity_)));
}

std::span<const float> SlidingWindow::storage_for_testing() const {
  if (data_ == nullptr) return {};
  return std::span<const float>(data_.get(), static_cast<std::size_t>(capacity_));
}

void SlidingWindow::Release() {
  Clear();
  data_.reset();
  capacity_ = 0;
}

}  // namespace minsense::kernels
