// window_features.h: what one analysis window says about motion.
//
// These features are computed on the device from one window of resampled
// samples and are the only thing the classifier and the tempo logic see. They
// are local: none of them is ever put in an egress message.
#ifndef MINSENSE_PIPELINE_WINDOW_FEATURES_H_
#define MINSENSE_PIPELINE_WINDOW_FEATURES_H_

namespace minsense {

// WindowFeatures of one analysis window, all at the internal rate.
struct WindowFeatures {
  double t_end_seconds = 0;       // Stream time of the window's last sample.
  float magnitude_mean_mps2 = 0;  // Mean |a|, gravity included (about 9.8 at rest).
  float magnitude_std_mps2 = 0;   // Standard deviation of |a|: motion intensity.
  float gait_rms_mps2 = 0;        // RMS of |a| band-passed to the gait band.
  bool cadence_valid = false;     // A periodic gait signal was found.
  float cadence_spm = 0;          // Step rate, steps per minute (when valid).
  float periodicity = 0;          // Autocorrelation at the step lag, [-1, 1].
  float stride_periodicity = 0;   // Autocorrelation at the stride lag, [-1, 1].
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_WINDOW_FEATURES_H_
