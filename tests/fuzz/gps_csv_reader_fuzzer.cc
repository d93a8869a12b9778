// libFuzzer entry point for FuzzGpsCsvReader (see fuzz_targets.h); built and
// run by scripts/ci_fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return minsense::fuzz::FuzzGpsCsvReader(data, size);
}
