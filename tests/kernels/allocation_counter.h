// allocation_counter.h: proves that a kernel's processing path never touches the heap, and that
// raw-derived buffers are zero when they are freed.
//
// Including this header replaces malloc/calloc/realloc/free for the whole test program with thin
// wrappers around glibc's own allocator. ScopedAllocationCounter counts allocations while it is
// alive: operator new (libstdc++) and Eigen's aligned_malloc both end in malloc, so one counter
// covers std::vector growth, new[] and Eigen temporaries alike. ScopedFreeSnapshot copies the
// bytes of one watched block at the moment it is freed, so a test can check it was wiped.
//
// Include it from exactly one translation unit per test program (every kernels test is a single
// _test.cc file, so that holds). glibc-only (it forwards to __libc_malloc and friends).
//
// Under AddressSanitizer or ThreadSanitizer (MINSENSE_SANITIZE), which own malloc, the header
// does not replace it: it installs the same counting and snapshot logic as the sanitizer's
// malloc and free hooks instead (__sanitizer_install_malloc_and_free_hooks), so the tests keep
// working.
//
// Example:
//   {
//     minsense::testing::ScopedAllocationCounter counter;
//     filter.ProcessBlock(in, out);
//     EXPECT_EQ(counter.count(), 0);
//   }
//   {
//     minsense::testing::ScopedFreeSnapshot snapshot(buffer_pointer, buffer_bytes);
//     window.reset();  // Frees the buffer.
//     EXPECT_TRUE(snapshot.captured() && snapshot.all_zero());
//   }

#ifndef MINSENSE_TESTS_KERNELS_ALLOCATION_COUNTER_H_
#define MINSENSE_TESTS_KERNELS_ALLOCATION_COUNTER_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MINSENSE_ALLOCATION_COUNTER_USES_HOOKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MINSENSE_ALLOCATION_COUNTER_USES_HOOKS 1
#endif
#endif

#ifdef MINSENSE_ALLOCATION_COUNTER_USES_HOOKS
// Declared here because g++ ships no <sanitizer/allocator_interface.h>.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*,
                                                                             std::size_t),
                                                         void (*free_hook)(const volatile void*));
#else
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* ptr, std::size_t size);
void __libc_free(void* ptr);
}
#endif

namespace minsense::testing {
namespace internal {
inline std::atomic<bool> g_counting{false};
inline std::atomic<int> g_allocations{0};
inline void NoteAllocation() {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
}

inline constexpr std::size_t kMaxSnapshotBytes = 1 << 16;
inline std::atomic<const void*> g_watched{nullptr};
inline std::size_t g_watched_bytes = 0;
inline bool g_captured = false;
inline std::array<unsigned char, kMaxSnapshotBytes> g_snapshot{};
inline void NoteFree(void* ptr) {
  if (ptr != nullptr && ptr == g_watched.load(std::memory_order_relaxed)) {
    std::memcpy(g_snapshot.data(), ptr, g_watched_bytes);
    g_captured = true;
    g_watched.store(nullptr);
  }
}
}  // namespace internal

// ScopedAllocationCounter counts heap allocations (malloc, calloc, realloc, and therefore
// operator new) made between its construction and its destruction. Not nestable.
class ScopedAllocationCounter {
 public:
  ScopedAllocationCounter() {
    internal::g_allocations.store(0);
    internal::g_counting.store(true);
  }
  ~ScopedAllocationCounter() { internal::g_counting.store(false); }
  ScopedAllocationCounter(const ScopedAllocationCounter&) = delete;
  ScopedAllocationCounter& operator=(const ScopedAllocationCounter&) = delete;

  // count: allocations seen so far in this scope.
  int count() const { return internal::g_allocations.load(); }
};

// ScopedFreeSnapshot watches one heap block: when `ptr` is passed to free (directly or through
// operator delete), its first `bytes` bytes (at most kMaxSnapshotBytes) are copied aside before
// the block is released. Not nestable.
class ScopedFreeSnapshot {
 public:
  ScopedFreeSnapshot(const void* ptr, std::size_t bytes) {
    internal::g_captured = false;
    internal::g_watched_bytes = std::min(bytes, internal::kMaxSnapshotBytes);
    internal::g_watched.store(ptr);
  }
  ~ScopedFreeSnapshot() { internal::g_watched.store(nullptr); }
  ScopedFreeSnapshot(const ScopedFreeSnapshot&) = delete;
  ScopedFreeSnapshot& operator=(const ScopedFreeSnapshot&) = delete;

  // captured: whether the watched block has been freed since construction.
  bool captured() const { return internal::g_captured; }
  // all_zero: whether every captured byte was zero at the moment of the free.
  bool all_zero() const {
    return std::all_of(
        internal::g_snapshot.begin(),
        internal::g_snapshot.begin() + static_cast<std::ptrdiff_t>(internal::g_watched_bytes),
        [](unsigned char b) { return b == 0; });
  }
};

}  // namespace minsense::testing

#ifdef MINSENSE_ALLOCATION_COUNTER_USES_HOOKS
namespace minsense::testing::internal {
inline void MallocHook(const volatile void*, std::size_t) { NoteAllocation(); }
inline void FreeHook(const volatile void* ptr) { NoteFree(const_cast<void*>(ptr)); }
// The hooks run before the freed block is poisoned, so NoteFree may read it.
inline const int g_hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(&MallocHook, &FreeHook);
}  // namespace minsense::testing::internal
#else
extern "C" {
void* malloc(std::size_t size) noexcept {
  minsense::testing::internal::NoteAllocation();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  minsense::testing::internal::NoteAllocation();
  return __libc_calloc(count, size);
}
void* realloc(void* ptr, std::size_t size) noexcept {
  minsense::testing::internal::NoteAllocation();
  return __libc_realloc(ptr, size);
}
void free(void* ptr) noexcept {
  minsense::testing::internal::NoteFree(ptr);
  __libc_free(ptr);
}
}
#endif

#endif  // MINSENSE_TESTS_KERNELS_ALLOCATION_COUNTER_H_
