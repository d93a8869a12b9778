#include "kernels/cpu_features.h"

#include <gtest/gtest.h>

namespace minsense::kernels {
namespace {

// AVX-512F extends AVX (an OS that saves the 512-bit state saves the 256-bit state too), so a
// CPU reported with AVX-512F but without AVX would send the lag products to a kernel its
// fallback cannot match. The answers are cached: asking again gives the same.
TEST(CpuFeaturesTest, Avx512fImpliesAvxAndAnswersAreStable) {
  if (CpuHasAvx512f()) {
    EXPECT_TRUE(CpuHasAvx());
  }
  EXPECT_EQ(CpuHasAvx(), CpuHasAvx());
  EXPECT_EQ(CpuHasAvx512f(), CpuHasAvx512f());
#if !(defined(__x86_64__) || defined(_M_X64))
  EXPECT_FALSE(CpuHasAvx());
  EXPECT_FALSE(CpuHasAvx512f());
#endif
}

}  // namespace
}  // namespace minsense::kernels
