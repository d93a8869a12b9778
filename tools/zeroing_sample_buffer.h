// zeroing_sample_buffer.h: the batch of raw samples between a file reader and
// the pipeline, overwritten with zeros when it is released (promise 2 of
// PRODUCT.md).
//
//   ZeroingSampleBuffer batch(4096);
//   StatusOr<size_t> n = reader->ReadBatch(batch.span());
//   pipeline->PushAccel(std::span<const AccelSample>(batch.span().first(*n)));
//   batch.Wipe();  // Optional: the destructor wipes too.
#ifndef MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_
#define MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_

#include <cstddef>
#include <memory>
#include <span>

#include "pipeline/accel_sample.h"
#include "pipeline/secure_zero.h"

namespace minsense::tools {

// ZeroingSampleBuffer owns `size` samples, allocated once.
class ZeroingSampleBuffer {
 public:
  explicit ZeroingSampleBuffer(size_t size)
      : samples_(std::make_unique<AccelSample[]>(size)), size_(size) {}
  ~ZeroingSampleBuffer() { Wipe(); }
  ZeroingSampleBuffer(const ZeroingSampleBuffer&) = delete;
  ZeroingSampleBuffer& operator=(const ZeroingSampleBuffer&) = delete;

  std::span<AccelSample> span() { return {samples_.get(), size_}; }

  // Wipe overwrites every sample with zeros.
  void Wipe() { SecureZero(samples_.get(), size_ * sizeof(AccelSample)); }

 private:
  std::unique_ptr<AccelSample[]> samples_;
  size_t size_;
};

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_ZEROING_SAMPLE_BUFFER_H_
