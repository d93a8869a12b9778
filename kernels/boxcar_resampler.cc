// boxcar_resampler.cc: the non-template part of BoxcarResampler.
#include "kernels/boxcar_resampler.h"

namespace minsense::kernels {

bool BoxcarResampler::Init(double output_rate_hz) {
  Reset();
  // Written so that NaN fails too.
  if (!(output_rate_hz > 0.0 && output_rate_hz <= kMaxOutputRateHz)) {
    rate_hz_ = 0.0;
    return false;
  }
  rate_hz_ = output_rate_hz;
  return true;
}

void BoxcarResampler::Reset() {
  has_previous_ = false;
  origin_ = 0.0;
  piece_ = Piece();
}

}  // namespace minsense::kernels
