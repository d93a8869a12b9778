// secure_zero.h: overwrite memory that held raw-derived data, in a way the optimiser keeps.
//
// A plain std::fill or memset right before a buffer is freed is a dead store that compilers
// may delete. SecureZero follows the fill with an empty asm statement that claims to read the
// buffer and clobber memory, so the zeros must really be written. (GCC/Clang; this is the
// approach of explicit_bzero / OPENSSL_cleanse without a libc dependency.)
//
// Example:
//   SecureZero(std::span<float>(buffer.get(), capacity));
#ifndef MINSENSE_KERNELS_SECURE_ZERO_H_
#define MINSENSE_KERNELS_SECURE_ZERO_H_

#include <algorithm>
#include <span>

namespace minsense::kernels {

// SecureZero sets every element of `data` to 0 and prevents the stores from being elided.
inline void SecureZero(std::span<float> data) {
  if (data.empty()) return;
  std::fill(data.begin(), data.end(), 0.0f);
  __asm__ __volatile__("" : : "r"(data.data()) : "memory");
}

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_SECURE_ZERO_H_
