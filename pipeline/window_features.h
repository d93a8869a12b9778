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
  // Autocorrelation at the step lag itself, [-1, 1]: negative when the "steps" are the two
  // halves of one smooth cycle (a pedal stroke), positive for real steps.
  float step_lag_periodicity = 0;
  // How much the device turned during the window: sqrt(mean|a|^2 - |mean a|^2)
  // over the window's hops. 0 for a fixed orientation (gravity always along
  // the same device axis); a thigh that swings while pedalling raises it while
  // |a| itself stays smooth.
  float orientation_change_mps2 = 0;
  // RMS of the sample-to-sample change of |a| at the internal rate: sharp
  // impacts (heel strikes) against smooth motion (pedalling, a car's sway).
  float jerk_rms_mps3 = 0;
  // Kurtosis of |a| (E[(x - mean)^4] / variance^2; 1.5 for a sine, 3 for
  // Gaussian noise): peaky heel strikes against smooth pedalling.
  float magnitude_kurtosis = 0;
  // Smallest and largest |a| in the window: a run's flight phase takes |a|
  // towards 0 (free fall), its landing far above gravity.
  float magnitude_min_mps2 = 0;
  float magnitude_max_mps2 = 0;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_WINDOW_FEATURES_H_
