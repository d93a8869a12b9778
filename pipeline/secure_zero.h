// secure_zero.h: overwrite memory that held raw samples, in a way the
// optimiser cannot drop as a dead store (promise 2 of PRODUCT.md).
#ifndef MINSENSE_PIPELINE_SECURE_ZERO_H_
#define MINSENSE_PIPELINE_SECURE_ZERO_H_

#include <cstddef>
#include <cstring>

namespace minsense {

// SecureZero writes `bytes` zero bytes at `p`.
inline void SecureZero(void* p, size_t bytes) {
  std::memset(p, 0, bytes);
  // The empty asm takes p and clobbers memory, so the compiler must assume
  // the zeros are read and cannot elide the memset.
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_SECURE_ZERO_H_
