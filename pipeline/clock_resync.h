// clock_resync.h: when a stream's clock, not its samples, is what is wrong.
//
// Both ingest guards keep a clock (the time of the last accepted sample or
// fix) and reject a timestamp that repeats it, goes back from it, or jumps
// more than a day ahead of it. One wild timestamp must not move the clock,
// but a clock that is itself wild (a bad first sample, a real jump of days)
// must not reject every correct sample after it. ClockResync is the rule that
// tells the two apart, shared by IngestGuard and GpsIngestGuard:
//
//  - `needed` rejected timestamps in a row, each later than the one before by
//    at most `max_step` seconds, restart the clock at the last of them;
//  - a timestamp earlier than a confirmed clock (one whose segment already
//    holds `needed` accepted samples) is late or replayed data: it never
//    counts toward a restart, so the clock never goes back;
//  - an accepted sample ends the run (Clear).
//
// The state is one time and one count: O(1) per timestamp, no allocation.
//
//   switch (resync_.Judge(t, last_t_, confirmed, max_gap, kNeeded)) {
//     case ClockJudgement::kRestart: has_last_ = false; break;  // t opens a segment
//     case ClockJudgement::kEarlier: return kOutOfOrder;
//     ...
//   }
#ifndef MINSENSE_PIPELINE_CLOCK_RESYNC_H_
#define MINSENSE_PIPELINE_CLOCK_RESYNC_H_

namespace minsense {

// ClockJudgement: what a timestamp the clock refused turns out to be.
enum class ClockJudgement {
  kRepeated,  // Equal to the clock's time.
  kEarlier,   // Before the clock's time (out of order).
  kAhead,     // Too far after the clock's time (implausible).
  kRestart,   // Completes a run that restarts the clock at this timestamp.
};

class ClockResync {
 public:
  // Judge classifies `t`, which the clock at `clock_t` refused, and counts it
  // toward a restart. `confirmed`: the clock's segment holds `needed`
  // accepted samples. After kRestart the caller starts a new segment at `t`.
  ClockJudgement Judge(double t, double clock_t, bool confirmed, double max_step, int needed);

  // Clear ends the current run (a sample was accepted).
  void Clear() { count_ = 0; }

  // Reset forgets the run and its last time.
  void Reset() {
    count_ = 0;
    last_t_ = 0;
  }

 private:
  int count_ = 0;      // Length of the run of refused, mutually consistent timestamps.
  double last_t_ = 0;  // The run's latest timestamp.
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_CLOCK_RESYNC_H_
