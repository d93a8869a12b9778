// zeroing_sample_buffer.h: the batch of raw samples (accelerometer samples or
// GPS fixes) between a file reader and the pipeline, overwritten with zeros
// when it is released, on every return path (promise 2 of PRODUCT.md).
//
//   ZeroingSampleBuffer<AccelSample> batch(4096);
//   StatusOr<size_t> n = reader->ReadBatch(batch.span());
//   pipeline->PushAccel(std::span<const AccelSample>(batch.span().first(*n)));
//   batch.Wipe();  // Optional: the destructor wipes too.
#ifndef MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_
#define MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_

#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

#include "pipeline/secure_zero.h"

namespace minsense::tools {

// ZeroingSampleBuffer owns `size` samples of a plain type, allocated once.
template <typename Sample>
class ZeroingSampleBuffer {
  static_assert(std::is_trivially_copyable_v<Sample>, "zeroing bytes must be a valid reset");

 public:
  explicit ZeroingSampleBuffer(size_t size)
      : samples_(std::make_unique<Sample[]>(size)), size_(size) {}
  ~ZeroingSampleBuffer() { Wipe(); }
  ZeroingSampleBuffer(const ZeroingSampleBuffer&) = delete;
  ZeroingSampleBuffer& operator=(const ZeroingSampleBuffer&) = delete;

  std::span<Sample> span() { return {samples_.get(), size_}; }

  // Wipe overwrites every sample with zeros.
  void Wipe() { SecureZero(samples_.get(), size_ * sizeof(Sample)); }

 private:
  std::unique_ptr<Sample[]> samples_;
  size_t size_;
};

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_
