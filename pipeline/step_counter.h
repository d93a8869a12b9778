// step_counter.h: the local step count (never egress).
//
// Counting every detected peak is fragile: a phone in a hand or a bag shows
// extra bumps and misses soft steps. The cadence of a stepping window is much
// more reliable (it pools the whole window), but it does not see pauses
// inside a window. So the count is the window's cadence times the time spent
// stepping, where "stepping" is taken from the step detector: the intervals
// between consecutive detected steps no longer than kMaxGapSteps step
// periods. A missed or an extra peak does not change that time; a pause
// does. Each bout adds its first step.
//
// A bout counts only once it has lasted `confirm_windows` stepping windows
// at a steady cadence (each within kResumeCadenceTolerance of the one
// before); until then its steps are held back, and dropped if it ends sooner
// or its cadence jumps (the bout then starts again from the new window), so
// a stray periodic window in a car, on a bike or while handling the phone
// adds nothing. Gait keeps its pace from one window to the next; pedalling
// read as gait, a car's sway or a hand's fidgeting rarely do. A confirmed bout survives up to
// kMaxMissedWindows windows that do not look like gait (a turn, the last strides before a stop, a
// swing of the arm that breaks the periodicity): if stepping resumes at a cadence within
// kResumeCadenceTolerance of the bout's, the steps detected meanwhile are
// counted like any others (a real pause still shows as a gap between
// detected steps and is left out); otherwise the bout ends, and a resumption
// at another cadence (handling the phone after a stop) is a new bout that
// must be confirmed.
//
//   StepCounter counter(/*confirm_windows=*/2);
//   counter.OnWindow(window, stepping_seconds_fn);
//   ledger.steps = counter.steps();
#ifndef MINSENSE_PIPELINE_STEP_COUNTER_H_
#define MINSENSE_PIPELINE_STEP_COUNTER_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace minsense {

// StepWindow is what the counter needs to know about one analysis window.
struct StepWindow {
  double t_end_seconds = 0;
  double window_seconds = 0;
  bool stepping = false;  // This window alone shows gait at a valid cadence.
  float cadence_spm = 0;  // Valid when stepping.
};

class StepCounter {
 public:
  // kMaxGapSteps: detected steps further apart than this many step periods
  // bound a pause (a missed step leaves a gap of two periods).
  static constexpr double kMaxGapSteps = 2.5;
  // kMaxMissedWindows: non-stepping windows a confirmed bout survives.
  static constexpr int kMaxMissedWindows = 1;
  // kResumeCadenceTolerance: relative cadence change across missed windows
  // beyond which the bout does not resume.
  static constexpr double kResumeCadenceTolerance = 0.15;

  explicit StepCounter(int confirm_windows = 2) : confirm_windows_(confirm_windows) {}

  // OnWindow advances the count by one window. stepping_time(t0, max_gap)
  // returns {seconds, until_t}: the time after t0 covered by detected steps
  // at most max_gap apart, and the latest step time it accounted up to
  // (MotionAnalyzer::SteppingSecondsAfter).
  template <typename SteppingTimeFn>
  void OnWindow(const StepWindow& w, SteppingTimeFn&& stepping_time) {
    if (!w.stepping) {
      MissWindow();
      return;
    }
    // Gait keeps its cadence from one window to the next; pedalling, a
    // car's sway or handling the phone make periodic windows whose "cadence"
    // wanders. An unconfirmed bout whose cadence jumps starts again here, and
    // a confirmed one does not resume across missed windows at another pace.
    const bool cadence_jumps =
        in_bout_ && bout_cadence_spm_ > 0 &&
        std::abs(w.cadence_spm - bout_cadence_spm_) > kResumeCadenceTolerance * bout_cadence_spm_;
    if (cadence_jumps && (missed_windows_ > 0 || bout_windows_ < confirm_windows_)) EndBout();
    const double period = 60.0 / w.cadence_spm;
    // A new bout looks back over its whole window, but never before the
    // time already accounted to the previous bout.
    const double from = in_bout_ ? counted_until_t_
                                 : std::max(w.t_end_seconds - w.window_seconds, counted_until_t_);
    const auto t = stepping_time(from, kMaxGapSteps * period);
    AddSteppingWindow(w, t.seconds, t.until_t);
  }

  // EndBout closes a running bout (a gap in the stream, a reset).
  void EndBout();

  // MissWindow: a window without gait. It ends an unconfirmed bout, and a
  // confirmed one after more than kMaxMissedWindows in a row.
  void MissWindow();

  // Reset forgets everything, the count included.
  void Reset() { *this = StepCounter(confirm_windows_); }

  // bout_confirmed: a bout is running and its steps are counted.
  bool bout_confirmed() const { return in_bout_ && bout_windows_ >= confirm_windows_; }

  // steps: the confirmed count, rounded to whole steps.
  uint64_t steps() const;

 private:
  void AddSteppingWindow(const StepWindow& w, double stepping_seconds, double until_t);

  int confirm_windows_;
  bool in_bout_ = false;
  int bout_windows_ = 0;
  int missed_windows_ = 0;           // Non-stepping windows in a row within a bout.
  float bout_cadence_spm_ = 0;       // Cadence of the bout's last window that had steps.
  double counted_until_t_ = -1e300;  // Latest step time accounted.
  double bout_from_t_ = -1e300;      // counted_until_t_ when the bout began.
  double pending_ = 0;               // Steps of the current bout not yet confirmed.
  double committed_ = 0;             // Confirmed steps.
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_STEP_COUNTER_H_
